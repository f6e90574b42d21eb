"""Marking months dirty, by the dialect's own insert-or-ignore."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.dialects import postgresql, sqlite

from caseflow.db import utcnow
from caseflow.extensions import db
from caseflow.reports.models import DirtyMonth

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def dialect_insert(table):
    """``INSERT`` with ``ON CONFLICT`` support for the session's dialect."""
    return _INSERTS[db.session.get_bind().dialect.name](table)


def mark_months_dirty(months: Iterable[int]) -> None:
    """Add the months (``202011``) to the dirty table in the caller's transaction; repeats are free."""
    rows = [{"month": m, "marked_at": utcnow()} for m in sorted(set(months))]
    if rows:
        stmt = dialect_insert(DirtyMonth.__table__).values(rows).on_conflict_do_nothing(index_elements=["month"])
        db.session.execute(stmt)

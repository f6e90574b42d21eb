"""Marking months dirty, by the dialect's own insert-or-ignore."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.dialects import postgresql, sqlite

from caseflow.db import utcnow
from caseflow.extensions import db
from caseflow.reports.models import DirtyMonth
from caseflow.reports.sources import Source

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def dialect_insert(table):
    """``INSERT`` with ``ON CONFLICT`` support for the session's dialect."""
    return _INSERTS[db.session.get_bind().dialect.name](table)


def mark_months_dirty(months: Iterable[int], *sources: Source) -> None:
    """Mark the months (``202011``) stale for the sources' metrics, in the caller's transaction;
    repeats are free. The rollup recomputes a dirty month's metrics of those sources only."""
    if not sources:
        raise ValueError("mark_months_dirty needs the sources whose metrics the change makes stale")
    marked_at = utcnow()
    rows = [{"month": month, "source": source.value, "marked_at": marked_at}
            for month in sorted(set(months)) for source in sorted(set(sources))]
    if rows:
        stmt = (dialect_insert(DirtyMonth.__table__).values(rows)
                .on_conflict_do_nothing(index_elements=["month", "source"]))
        db.session.execute(stmt)

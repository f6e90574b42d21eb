"""Which months have been rolled up: recorded as the rollup computes them, never inferred from the counts."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select

from caseflow.db import utcnow
from caseflow.extensions import db
from caseflow.reports.dirty import dialect_insert
from caseflow.reports.models import MonthlyCount, RolledMonth


def rolled_months(first: int, last: int) -> set[int]:
    return set(db.session.scalars(select(RolledMonth.month).where(RolledMonth.month.between(first, last))))


def is_rolled(month: int) -> bool:
    return db.session.get(RolledMonth, month) is not None


def last_rolled_month() -> int | None:
    return db.session.scalar(select(func.max(RolledMonth.month)))


def record_rolled(months: Iterable[int]) -> None:
    """Record the months as rolled up, in the transaction that wrote their counts."""
    rolled_at = utcnow()
    rows = [{"month": month, "rolled_at": rolled_at} for month in sorted(set(months))]
    if rows:
        stmt = dialect_insert(RolledMonth.__table__).values(rows)
        db.session.execute(stmt.on_conflict_do_update(index_elements=["month"],
                                                      set_={"rolled_at": stmt.excluded.rolled_at}))


def forget_rollups() -> None:
    """Delete every count and the record of the months rolled up: the next rollup starts from scratch."""
    db.session.execute(delete(MonthlyCount))
    db.session.execute(delete(RolledMonth))

"""Claiming the months a rollup computes: the lock that serialises rollups and the dirty months taken."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete, func, select

from caseflow.extensions import db
from caseflow.reports.models import DirtyMonth
from caseflow.reports.sources import Source

#: The key of PostgreSQL's two-key advisory lock that serialises rollups (second key 0).
ROLLUP_LOCK_CLASS = 70_411
#: One rollup covers at most this many months (25 years), to keep a transaction bounded.
MAX_MONTHS = 300

#: Months to recompute, each with the sources whose metrics are recomputed.
Work = dict[int, frozenset[Source]]


def lock() -> None:
    """Serialise rollups until the transaction ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite allows one writer: the DELETE of
    ``claim`` that follows takes the database's write lock before anything is read.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(ROLLUP_LOCK_CLASS, 0)))


def claim(months: Iterable[int]) -> Work:
    """Delete the months from the dirty table first, in the transaction that writes their counts.

    Deleting before computing closes a race: a change committed while the counts are computed
    marks its month dirty again (its insert waits for this delete and then stands), so it is
    counted by the next rollup instead of being cleared unseen. Returns the months that were
    dirty, each with the sources it was dirty for.
    """
    months = sorted(set(months))
    if not months:
        return {}
    table = DirtyMonth.__table__
    claimed: dict[int, set[Source]] = defaultdict(set)
    for month, source in db.session.execute(
            delete(table).where(table.c.month.in_(months)).returning(table.c.month, table.c.source)):
        claimed[month].add(source)
    return {month: frozenset(sources) for month, sources in claimed.items()}


def dirty_months(*, up_to: int | None = None) -> list[int]:
    stmt = select(DirtyMonth.month).distinct().order_by(DirtyMonth.month).limit(MAX_MONTHS)
    if up_to is not None:
        stmt = stmt.where(DirtyMonth.month <= up_to)
    return list(db.session.scalars(stmt))

"""The rollup: every catalog metric per month, per unit and for all units, into ``monthly_count``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from caseflow.db import utcnow
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.reports.catalog import CATALOG, Metric
from caseflow.reports.dirty import dialect_insert
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount
from caseflow.reports.months import months_between, spans
from caseflow.units.models import Unit

#: The first key of PostgreSQL's two-key advisory locks that rollups take; the second is the month.
ROLLUP_LOCK_CLASS = 70_411
#: Rows per upsert statement: well under SQLite's limit of bound parameters.
UPSERT_CHUNK = 500
#: One rollup covers at most this many months (25 years), to keep a transaction bounded.
MAX_MONTHS = 300


@dataclass
class RollupResult:
    months: list[int] = field(default_factory=list)
    rows: int = 0

    def as_dict(self) -> dict:
        return {"months": self.months, "rows": self.rows}


def _lock(months: Sequence[int]) -> None:
    """Hold each month until the transaction ends, so two workers never compute one month at once.

    PostgreSQL: transaction-scoped advisory locks, taken in ascending order so two rollups of
    overlapping ranges cannot deadlock. SQLite allows one writer: the DELETE of ``_claim`` that
    follows takes the database's write lock before anything is read.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        for month in sorted(months):
            db.session.execute(select(func.pg_advisory_xact_lock(ROLLUP_LOCK_CLASS, month)))


def _claim(months: Sequence[int]) -> list[int]:
    """Delete the months from the dirty table first, in the transaction that writes their counts.

    Deleting before computing closes a race: a change committed while the counts are computed
    marks its month dirty again (its insert waits for this delete and then stands), so it is
    counted by the next rollup instead of being cleared unseen. Returns the months that were dirty.
    """
    if not months:
        return []
    stmt = delete(DirtyMonth).where(DirtyMonth.month.in_(months)).returning(DirtyMonth.month)
    return sorted(db.session.scalars(stmt))


def _values(metric: Metric, first: int, last: int, unit_ids: Sequence[int]) -> dict[tuple[int, int], Decimal | None]:
    """The metric's value for every month×unit of the span, ``empty`` where the aggregate had no row."""
    units = [ALL_UNITS, *unit_ids] if metric.per_unit else [ALL_UNITS]
    values = {(month, unit): metric.empty for month in months_between(first, last) for unit in units}
    groupings = (True, False) if metric.per_unit else (False,)
    for per_unit in groupings:
        for month, unit_id, value in db.session.execute(metric.statement(first, last, per_unit)):
            if (month, unit_id) in values:
                values[(month, unit_id)] = None if value is None else Decimal(str(value))
    return values


def _upsert(rows: list[dict]) -> None:
    for start in range(0, len(rows), UPSERT_CHUNK):
        stmt = dialect_insert(MonthlyCount.__table__).values(rows[start:start + UPSERT_CHUNK])
        stmt = stmt.on_conflict_do_update(
            index_elements=["metric", "month", "unit_id"],
            set_={"value": stmt.excluded.value, "computed_at": stmt.excluded.computed_at},
        )
        db.session.execute(stmt)


def _compute(months: Sequence[int]) -> int:
    """Compute and upsert every metric for the months; returns the number of rows written."""
    unit_ids = list(db.session.scalars(select(Unit.id).order_by(Unit.id)))
    computed_at = utcnow()
    written = 0
    for first, last in spans(months):
        rows = [{"metric": metric.key, "month": month, "unit_id": unit, "value": value,
                 "computed_at": computed_at}
                for metric in CATALOG
                for (month, unit), value in _values(metric, first, last, unit_ids).items()]
        _upsert(rows)
        written += len(rows)
    return written


def rollup_months(first: int, last: int) -> RollupResult:
    """Recompute every month from ``first`` to ``last`` (``202011`` buckets), dirty or not.

    Flushes only; the caller commits, which releases the locks and makes counts and the cleared
    dirty months visible together.
    """
    months = months_between(first, last)
    if not months:
        raise ValidationError(_("The first month is after the last."),
                              {"from": _("Must not be after the last month.")})
    if len(months) > MAX_MONTHS:
        raise ValidationError(_("At most %(max)d months at a time.", max=MAX_MONTHS),
                              {"to": _("At most %(max)d months at a time.", max=MAX_MONTHS)})
    _lock(months)
    _claim(months)
    rows = _compute(months)
    db.session.flush()
    return RollupResult(months=months, rows=rows)


def rollup_dirty() -> RollupResult:
    """Recompute exactly the months in the dirty table (skipping any another rollup just did)."""
    dirty = list(db.session.scalars(select(DirtyMonth.month).order_by(DirtyMonth.month).limit(MAX_MONTHS)))
    if not dirty:
        return RollupResult()
    _lock(dirty)
    months = _claim(dirty)  # after the lock: a month another worker finished is no longer dirty
    rows = _compute(months) if months else 0
    db.session.flush()
    return RollupResult(months=months, rows=rows)

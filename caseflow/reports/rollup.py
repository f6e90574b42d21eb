"""The rollup: every catalog metric per month, per unit and for all units, into ``monthly_count``.

What keeps it fast, and exact:

- Each table is read by one grouped scan per month (``caseflow.reports.aggregates``); the metrics
  are summed from the scans' rows here. The transitions are read as counted when they were written
  (``transition_flow``), not grouped again.
- Only the months a change moved are dirty (``caseflow.items.counting``, from the fields each metric
  declares it reads), and only for the sources whose metrics they change (``caseflow.reports.sources``): a late referral
  recomputes its month's referral metrics, not the control checks, the largest scans. Of the cells
  computed, only those that differ from the stored ones are written. A stock at
  a month's end (items in a state, counts to date) is the stock of the month before plus the
  month's net flows, so a range starts from the stocks stored for the month before it (or from one
  scan of the history before it where none are stored), and the stored months after a recomputed
  range change by exactly the difference it made at its last month: that difference is added to
  them with one UPDATE per metric and unit. A late registration in an old month costs that month.
- The invariant this keeps: every stored month's stocks are the running sums of the months' flows
  as last rolled up. Hence rollups are serialised (carrying a difference forward writes months a
  concurrent rollup may be starting from), and a rollup of a range also takes every dirty month
  before it, so it never starts from a history whose flows differ from what is stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from flask_babel import gettext as _
from sqlalchemy import Float, bindparam, delete, func, insert, literal, select, type_coerce, update

from caseflow.bulk import insert_columns
from caseflow.db import utcnow
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.reports.aggregates import OpenWithoutNote, transition_flows_before
from caseflow.reports.catalog import CATALOG, Metric
from caseflow.reports.dirty import dialect_insert
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount
from caseflow.reports.months import months_between, next_month, previous_month
from caseflow.reports.sources import ALL_SOURCES, Source
from caseflow.units.models import Unit

#: The key of PostgreSQL's two-key advisory lock that serialises rollups (second key 0).
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


def _lock() -> None:
    """Serialise rollups until the transaction ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite allows one writer: the DELETE of
    ``_claim`` that follows takes the database's write lock before anything is read.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(ROLLUP_LOCK_CLASS, 0)))


#: Months to recompute, each with the sources whose metrics are recomputed.
Work = dict[int, frozenset[Source]]


def _claim(months: Iterable[int]) -> Work:
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


def _dirty_months(*, up_to: int | None = None) -> list[int]:
    stmt = select(DirtyMonth.month).distinct().order_by(DirtyMonth.month).limit(MAX_MONTHS)
    if up_to is not None:
        stmt = stmt.where(DirtyMonth.month <= up_to)
    return list(db.session.scalars(stmt))


#: ``monthly_count.value`` as the float it is stored as (``caseflow.db.DecimalNumber``), for the
#: rollup's own reads of thousands of rows: making each a rounded Decimal took most of their time.
_RAW_VALUE = type_coerce(MonthlyCount.__table__.c.value, Float())


# Stocks ------------------------------------------------------------------------------------------

_CUMULATIVE = [metric for metric in CATALOG if metric.value.cumulative]
#: A stock metric whose all-units row tells whether a month has been rolled up at all.
_SENTINEL = _CUMULATIVE[0].key
#: The stocks that metrics derived from stocks (measures without a note) are computed from.
_DERIVED_FROM = {key for metric in CATALOG if isinstance(metric.value, OpenWithoutNote)
                 for key in metric.value.open_keys}


def _rolled_months(first: int, last: int) -> set[int]:
    return set(db.session.scalars(select(MonthlyCount.month).where(
        MonthlyCount.metric == _SENTINEL, MonthlyCount.unit_id == ALL_UNITS,
        MonthlyCount.month.between(first, last))))


def _last_rolled_month() -> int | None:
    return db.session.scalar(select(func.max(MonthlyCount.month)).where(
        MonthlyCount.metric == _SENTINEL, MonthlyCount.unit_id == ALL_UNITS))


def _stock_keys(sources: frozenset[Source]) -> set[str]:
    """The stocks among the sources' metrics: what a rollup of those sources carries forward."""
    return {metric.key for metric in _CUMULATIVE if metric.source in sources}


def _stored_stocks(month: int, keys: set[str]) -> dict[tuple[str, int], int] | None:
    """The stocks ``keys`` stored for the month by metric and unit, or None if the month was never
    rolled up."""
    table = MonthlyCount.__table__
    rows = db.session.execute(select(table.c.metric, table.c.unit_id, _RAW_VALUE).where(
        table.c.month == month, table.c.metric.in_(sorted(keys | {_SENTINEL})))).all()
    if not any(metric == _SENTINEL and unit == ALL_UNITS for metric, unit, _ in rows):
        return None
    return {(metric, unit): int(value or 0) for metric, unit, value in rows if metric in keys}


def _history_stocks(first: int) -> dict[tuple[str, int], int]:
    """The stocks at the end of the month before ``first``, from one scan of the history before it."""
    stocks: dict[tuple[str, int], int] = defaultdict(int)
    for row in db.session.execute(transition_flows_before(first)):
        for metric in _CUMULATIVE:
            if weight := metric.value.weight(row):
                stocks[(metric.key, row.unit_id)] += weight * row.n
                stocks[(metric.key, ALL_UNITS)] += weight * row.n
    return stocks


def _carry_forward(month: int, old: dict[tuple[str, int], int], new: dict[tuple[str, int], int]) -> None:
    """Add the difference the rollup made to the stocks at ``month`` to every stored later month.

    Two statements, each executed once for every metric and unit whose stock changed: an UPDATE of
    the later rows, and an INSERT of a row of the difference for a unit that had none in a later
    month (its stock there was 0).
    """
    changed = [{"m_key": key, "m_unit": unit, "m_diff": new.get((key, unit), 0) - old.get((key, unit), 0)}
               for key, unit in sorted(set(old) | set(new))]
    changed = [change for change in changed if change["m_diff"]]
    if not changed:
        return
    table = MonthlyCount.__table__
    key, unit, difference = bindparam("m_key"), bindparam("m_unit"), bindparam("m_diff", type_=table.c.value.type)
    db.session.execute(update(table).where(table.c.metric == key, table.c.unit_id == unit, table.c.month > month)
                       .values(value=table.c.value + difference), changed)
    per_unit = [change for change in changed if change["m_unit"] != ALL_UNITS]
    if per_unit:
        own = table.alias("own")
        missing = ~select(own.c.month).where(own.c.metric == table.c.metric, own.c.month == table.c.month,
                                             own.c.unit_id == unit).exists()
        later = (select(table.c.metric, table.c.month, unit, difference,
                        literal(utcnow(), table.c.computed_at.type))
                 .where(table.c.metric == key, table.c.unit_id == ALL_UNITS, table.c.month > month, missing))
        db.session.execute(insert(table).from_select(["metric", "month", "unit_id", "value", "computed_at"], later),
                           per_unit)
    if any(change["m_key"] in _DERIVED_FROM for change in changed):
        _refresh_derived_after(month)


def _refresh_derived_after(month: int) -> None:
    """Recompute the metrics derived from stocks (measures without a note) for the stored months after
    ``month``, from the stocks just carried forward and one scan of those months' notes."""
    last = _last_rolled_month()
    if last is None or last <= month:
        return
    first = next_month(month)
    for metric in CATALOG:
        if isinstance(metric.value, OpenWithoutNote):
            opened: dict[tuple[int, int], int] = defaultdict(int)
            for m, unit, value in db.session.execute(
                    select(MonthlyCount.month, MonthlyCount.unit_id, MonthlyCount.value).where(
                        MonthlyCount.metric.in_(metric.value.open_keys), MonthlyCount.month.between(first, last))):
                opened[(m, unit)] += int(value or 0)
            noted = _sums(metric.value.noted.scan, {"noted": metric.value.noted}, first, last)
            computed_at = utcnow()
            rows = [{"metric": metric.key, "month": m, "unit_id": unit, "computed_at": computed_at,
                     "value": Decimal(total - noted.get(("noted", m, unit), 0))}
                    for (m, unit), total in opened.items()]
            _upsert(rows)


# Flows ------------------------------------------------------------------------------------------

def _sums(scan, values: dict[str, object], first: int, last: int) -> dict[tuple[str, int, int], int]:
    """Run the scan once and sum each value's weighted column by ``(name, month, unit)``, the whole
    municipality (ALL_UNITS) included; a cell no row counted for is absent.

    A value's weight depends only on the scan's ``keys`` columns, so the values a row feeds are
    worked out once per distinct key (a few dozen), not per row.
    """
    sums: dict[tuple[str, int, int], int] = defaultdict(int)
    feeds: dict[tuple, list] = {}

    def add_all(result, per_unit: bool) -> None:
        # By position, not by name: half a million rows at a million items.
        names = list(result.keys())
        key_of = itemgetter(*(names.index(column) for column in scan.keys)) if scan.keys else (lambda row: ())
        month_at, unit_at = names.index("month"), names.index("unit_id") if per_unit else None
        also_all = per_unit and scan.additive
        for row in result:
            key = key_of(row)
            if (targets := feeds.get(key)) is None:
                targets = feeds[key] = [(name, weight, names.index(value.column)) for name, value in values.items()
                                        if (weight := value.weight(row))]
            month = row[month_at]
            for name, weight, at in targets:
                if per_unit:
                    sums[(name, month, row[unit_at])] += weight * row[at]
                if also_all or not per_unit:
                    sums[(name, month, ALL_UNITS)] += weight * row[at]

    if scan.per_unit:
        add_all(db.session.execute(scan.statement(first, last, True)), True)
    if not scan.additive or not scan.per_unit:
        add_all(db.session.execute(scan.statement(first, last, False)), False)
    return sums


def _noted(metric: Metric) -> str:
    return f"{metric.key}:noted"


def _compute(first: int, last: int, unit_ids: Sequence[int],
             sources: frozenset[Source]) -> tuple[int, dict[tuple[str, int], int]]:
    """Compute the sources' metrics for every month×unit of the span and store them.

    Month by month: each scan is run for one month at a time (the same index ranges as one run over
    the span), so memory holds one month's cells, whatever the span. Only the scans the sources'
    metrics read are run. Returns the cells computed and the sources' stocks at ``last``.
    """
    units = [ALL_UNITS, *unit_ids]
    metrics = [metric for metric in CATALOG if metric.source in sources]
    cumulative = _stock_keys(sources)
    by_scan: dict[object, dict[str, object]] = defaultdict(dict)
    for metric in metrics:
        if isinstance(metric.value, OpenWithoutNote):
            by_scan[metric.value.noted.scan][_noted(metric)] = metric.value.noted
        else:
            by_scan[metric.value.scan][metric.key] = metric.value

    stocks = _stored_stocks(previous_month(first), cumulative) if cumulative else {}
    stocks = defaultdict(int, _history_stocks(first) if stocks is None else stocks)

    written = 0
    for month in months_between(first, last):
        sums: dict[tuple[str, int, int], int] = {}
        for scan, values in by_scan.items():
            sums.update(_sums(scan, values, month, month))
        cells: dict[tuple[str, int], Decimal | None] = {}
        for metric in metrics:
            value = metric.value
            for unit in units if metric.per_unit else [ALL_UNITS]:
                if isinstance(value, OpenWithoutNote):
                    opened = sum(cells[(key, unit)] for key in value.open_keys)
                    cells[(metric.key, unit)] = opened - sums.get((_noted(metric), month, unit), 0)
                elif value.cumulative:
                    stocks[(metric.key, unit)] += sums.get((metric.key, month, unit), 0)
                    cells[(metric.key, unit)] = Decimal(stocks[(metric.key, unit)])
                else:
                    flow = sums.get((metric.key, month, unit))
                    cells[(metric.key, unit)] = metric.empty if flow is None else Decimal(flow)
        _write_month(month, cells)
        written += len(cells)
    return written, {(key, unit): stocks[(key, unit)] for key in cumulative for unit in units}


def _write_month(month: int, cells: dict[tuple[str, int], Decimal | None]) -> None:
    """Store one month's cells ``{(metric, unit): value}``, writing only the rows that differ.

    A late registration or a day's ingest changes a few dozen of a month's thirty thousand cells
    (a million items); rewriting them all cost more than computing them. Hence ``computed_at`` is
    when a row's value was last written. Through the Core table, in bulk statements: the ORM would
    fetch every deleted key back to update the session.
    """
    table = MonthlyCount.__table__
    stored = {(key, unit): value for key, unit, value in db.session.execute(
        select(table.c.metric, table.c.unit_id, _RAW_VALUE)
        .where(table.c.month == month, table.c.metric.in_(sorted({key for key, _unit in cells}))))}
    key, unit = bindparam("m_key"), bindparam("m_unit")
    this_row = (table.c.metric == key, table.c.month == month, table.c.unit_id == unit)
    if gone := [{"m_key": k, "m_unit": u} for k, u in stored.keys() - cells.keys()]:
        db.session.execute(delete(table).where(*this_row), gone)
    computed_at = utcnow()
    if changed := [{"m_key": k, "m_unit": u, "m_value": value} for (k, u), value in cells.items()
                   if (k, u) in stored and stored[(k, u)] != (None if value is None else float(value))]:
        db.session.execute(update(table).where(*this_row).values(
            value=bindparam("m_value", type_=table.c.value.type), computed_at=computed_at), changed)
    if new := {cell: value for cell, value in cells.items() if cell not in stored}:
        insert_columns(table, {"metric": [k for k, _u in new], "unit_id": [u for _k, u in new],
                               "value": list(new.values())}, {"month": month, "computed_at": computed_at}, len(new))


def _upsert(rows: list[dict]) -> None:
    for start in range(0, len(rows), UPSERT_CHUNK):
        stmt = dialect_insert(MonthlyCount.__table__).values(rows[start:start + UPSERT_CHUNK])
        stmt = stmt.on_conflict_do_update(
            index_elements=["metric", "month", "unit_id"],
            set_={"value": stmt.excluded.value, "computed_at": stmt.excluded.computed_at},
        )
        db.session.execute(stmt)


def _first_run(work: Work, pending: list[int]) -> tuple[int, int, frozenset[Source]]:
    """The first contiguous run of the pending months dirty for the same sources."""
    first = last = pending[0]
    for month in pending[1:]:
        if month != next_month(last) or work[month] != work[first]:
            break
        last = month
    return first, last, work[first]


def _rollup(work: Work) -> RollupResult:
    """Compute the months' metrics of their sources, carrying stocks forward; every source for a
    month never rolled up (and for those between the months)."""
    if not work:
        return RollupResult()
    work = dict(work)
    first, last = min(work), max(work)
    work.update(dict.fromkeys(set(months_between(first, last)) - _rolled_months(first, last), ALL_SOURCES))
    unit_ids = list(db.session.scalars(select(Unit.id).order_by(Unit.id)))
    done: set[int] = set()
    written = 0
    while pending := sorted(set(work) - done):
        first, last, sources = _first_run(work, pending)
        old = _stored_stocks(last, _stock_keys(sources))
        if old is None and (later := _last_rolled_month()) is not None and later > last:
            # Nothing stored to take the difference from: recompute through the last stored month.
            work.update(dict.fromkeys(months_between(first, later), ALL_SOURCES))
            continue
        rows, new = _compute(first, last, unit_ids, sources)
        written += rows
        if old is not None:
            _carry_forward(last, old, new)
        done |= set(months_between(first, last))
    return RollupResult(months=sorted(done), rows=written)


def rollup_months(first: int, last: int) -> RollupResult:
    """Recompute every month from ``first`` to ``last`` (``202011`` buckets), dirty or not, and every
    dirty month before ``last`` (the stocks of the range start from them).

    Flushes only; the caller commits, which releases the lock and makes counts and the cleared
    dirty months visible together.
    """
    months = months_between(first, last)
    if not months:
        raise ValidationError(_("The first month is after the last."),
                              {"from": _("Must not be after the last month.")})
    if len(months) > MAX_MONTHS:
        raise ValidationError(_("At most %(max)d months at a time.", max=MAX_MONTHS),
                              {"to": _("At most %(max)d months at a time.", max=MAX_MONTHS)})
    _lock()
    claimed = _claim([*months, *_dirty_months(up_to=last)])
    result = _rollup(claimed | dict.fromkeys(months, ALL_SOURCES))
    db.session.flush()
    return result


def rollup_dirty() -> RollupResult:
    """Recompute exactly the months in the dirty table (and any never rolled-up month between them)."""
    if not _dirty_months():
        return RollupResult()
    _lock()
    work = _claim(_dirty_months())  # after the lock: a month another worker finished is no longer dirty
    result = _rollup(work)
    db.session.flush()
    return result

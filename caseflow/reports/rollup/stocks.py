"""Carrying stocks forward: a stock at a month's end (items in a state, counts to date) is the stock
of the month before plus the month's net flows.

A recomputed range starts from the stocks stored for the month before it (or from one scan of the
history before it where none are stored), and the stored months after it change by exactly the
difference it made at its last month.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import bindparam, insert, literal, select, update

from caseflow.db import utcnow
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.reports.aggregates import OpenWithoutNote, transition_flows_before
from caseflow.reports.catalog import CATALOG
from caseflow.reports.models import ALL_UNITS, MonthlyCount
from caseflow.reports.rollup import scans, store
from caseflow.reports.rollup.rolled import is_rolled, last_rolled_month
from caseflow.reports.sources import Source

CUMULATIVE = [metric for metric in CATALOG if metric.value.cumulative]
#: The stocks that metrics derived from stocks (measures without a note) are computed from.
_DERIVED_FROM = {key for metric in CATALOG if isinstance(metric.value, OpenWithoutNote)
                 for key in metric.value.open_keys}

#: Stocks by ``(metric, unit)``.
Stocks = dict[tuple[str, int], int]


def stock_keys(sources: frozenset[Source]) -> set[str]:
    """The stocks among the sources' metrics: what a rollup of those sources carries forward."""
    return {metric.key for metric in CUMULATIVE if metric.source in sources}


def stored_stocks(month: int, keys: set[str]) -> Stocks | None:
    """The stocks ``keys`` stored for the month, or None if the month was never rolled up."""
    if not is_rolled(month):
        return None
    table = MonthlyCount.__table__
    rows = db.session.execute(select(table.c.metric, table.c.unit_id, store.RAW_VALUE).where(
        table.c.month == month, table.c.metric.in_(sorted(keys))))
    return {(metric, unit): int(value or 0) for metric, unit, value in rows}


def history_stocks(first: int) -> Stocks:
    """The stocks at the end of the month before ``first``, from one scan of the history before it."""
    stocks: Stocks = defaultdict(int)
    for row in db.session.execute(transition_flows_before(first)):
        for metric in CUMULATIVE:
            if weight := metric.value.weight(row):
                stocks[(metric.key, row.unit_id)] += weight * row.n
                stocks[(metric.key, ALL_UNITS)] += weight * row.n
    return stocks


def carry_forward(month: int, old: Stocks, new: Stocks) -> None:
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
    last = last_rolled_month()
    if last is None or last <= month:
        return
    first = Month(month).next
    for metric in CATALOG:
        if isinstance(metric.value, OpenWithoutNote):
            opened: dict[tuple[int, int], int] = defaultdict(int)
            for m, unit, value in db.session.execute(
                    select(MonthlyCount.month, MonthlyCount.unit_id, MonthlyCount.value).where(
                        MonthlyCount.metric.in_(metric.value.open_keys), MonthlyCount.month.between(first, last))):
                opened[(m, unit)] += int(value or 0)
            noted = scans.sums(metric.value.noted.scan, {"noted": metric.value.noted}, first, last)
            computed_at = utcnow()
            store.upsert([{"metric": metric.key, "month": m, "unit_id": unit, "computed_at": computed_at,
                           "value": Decimal(total - noted.get(("noted", m, unit), 0))}
                          for (m, unit), total in opened.items()])

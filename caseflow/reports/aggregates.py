"""Building blocks of the work-item metrics: each yields ONE grouped statement of ``(month, unit_id, value)``.

All of them read ``transition`` by its integer ``month`` (the rollup index), and count an item for
the unit recorded on the transition that places it in the month, so a later move of the item
changes no month already reported.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Integer, Select, and_, func, literal, select, union_all

from caseflow.items.models import Transition
from caseflow.reports.models import ALL_UNITS
from caseflow.reports.months import months_between

T = Transition.__table__


def months_table(first: int, last: int):
    """The months ``first``..``last`` as a one-column table (portable: SQLite names no VALUES columns)."""
    rows = [select(literal(month, Integer).label("month")) for month in months_between(first, last)]
    return (union_all(*rows) if len(rows) > 1 else rows[0]).subquery("months")


def _grouped(stmt: Select, month_col, unit_col, per_unit: bool) -> Select:
    stmt = stmt.group_by(month_col)
    return stmt.group_by(unit_col) if per_unit else stmt


def transitions_in_month(kind: str, event: str, *where, joins: Iterable = (), distinct_col=None):
    """Items of ``kind`` whose ``event`` is effective in the month (each item once)."""
    def statement(first: int, last: int, per_unit: bool) -> Select:
        unit = T.c.unit_id if per_unit else literal(ALL_UNITS)
        value = func.count(func.distinct(distinct_col if distinct_col is not None else T.c.item_id))
        stmt = select(T.c.month, unit.label("unit_id"), value.label("value")).select_from(T)
        for table, on in joins:
            stmt = stmt.join(table, on)
        stmt = stmt.where(T.c.month.between(first, last), T.c.kind == kind, T.c.event == event, *where)
        return _grouped(stmt, T.c.month, T.c.unit_id, per_unit)
    return statement


def transitions_to_date(kind: str, event: str):
    """Items of ``kind`` whose ``event`` is effective on or before the month's last day (all time)."""
    def statement(first: int, last: int, per_unit: bool) -> Select:
        months = months_table(first, last)
        unit = T.c.unit_id if per_unit else literal(ALL_UNITS)
        stmt = (select(months.c.month, unit.label("unit_id"), func.count(func.distinct(T.c.item_id)).label("value"))
                .select_from(months)
                .join(T, and_(T.c.month <= months.c.month, T.c.kind == kind, T.c.event == event)))
        return _grouped(stmt, months.c.month, T.c.unit_id, per_unit)
    return statement


def latest_transitions(kind: str, first: int, last: int):
    """For each month and item of ``kind``, its latest transition effective on or before the month's end.

    The replay of the history: the state an item was in at the end of a month is that transition's
    ``to_state``, whatever happened later. Ordered by effective date, then by entry.
    """
    months = months_table(first, last)
    rank = func.row_number().over(partition_by=(months.c.month, T.c.item_id),
                                  order_by=(T.c.effective_on.desc(), T.c.id.desc()))
    ranked = (select(months.c.month, T.c.item_id, T.c.unit_id, T.c.to_state, rank.label("rank"))
              .select_from(months)
              .join(T, and_(T.c.month <= months.c.month, T.c.kind == kind))
              .subquery("latest"))
    return ranked


def in_state_at_month_end(kind: str, states: Iterable[str], *, outer_join=None, where_outer=None):
    """Items of ``kind`` in one of ``states`` at the end of the month."""
    states = [str(s) for s in states]

    def statement(first: int, last: int, per_unit: bool) -> Select:
        latest = latest_transitions(kind, first, last)
        unit = latest.c.unit_id if per_unit else literal(ALL_UNITS)
        stmt = select(latest.c.month, unit.label("unit_id"), func.count().label("value")).select_from(latest)
        if outer_join is not None:
            table, on = outer_join(latest)
            stmt = stmt.outerjoin(table, on).where(where_outer(table))
        stmt = stmt.where(latest.c.rank == 1, latest.c.to_state.in_(states))
        return _grouped(stmt, latest.c.month, latest.c.unit_id, per_unit)
    return statement

"""The rollup's building blocks: scans, and the ways a metric reads them.

A **scan** is ONE grouped statement over one table for a month range, returning
``(month, unit_id, …columns)``; every metric over that table reads the same scan, so a rollup
reads each table about once (the issue measured one query per metric at 97× the physical limit).
Work-item metrics read the transitions as counted by month and group when they were written
(``transition_flow``, ``caseflow.items.flows``), or ``transition`` itself by its integer ``month``
(the rollup index) where they join an item's own table; either counts an item for the unit
recorded on its transition, and items never change unit.

A metric's **value** is one of:

- :class:`Count`: a sum over the scan's rows of the month (a flow: what happened in M);
- :class:`Stock`: items in some states at the month's end, and :class:`ToDate`: an event's count up
  to the month's end. Both are running sums of the months' net flows (+1 into a state, -1 out of
  it), started from the stock at the end of the month before the range. That is exact because every
  item's history runs forward in time (``caseflow.workflow`` refuses an event dated before the
  item's own date or its previous event), so the last transition of a month is also the latest by
  date; and it needs no window over the history, which the issue measured far slower.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, literal, select

from caseflow.items.models import Transition, TransitionFlow

T, F = Transition.__table__, TransitionFlow.__table__

#: ``statement(first, last, per_unit)`` → rows ``(month, unit_id, …)``; for a scan whose rows add
#: up across units, ``per_unit`` is always True and the rollup adds the units up itself.
Statement = Callable[[int, int, bool], Select]


@dataclass(frozen=True)
class Reads:
    """What a scan reads of one kind's items, and in which months it counts them.

    The months are those of the item's transitions of ``event`` (``create``: the month of the item's
    own date), or of the value of its date field ``date_field``. From this declaration come the months
    a change of one of ``fields`` marks dirty and asks about when they are frozen
    (``caseflow.items.counting``): no correction of a counted field can leave a count stale.
    """

    kind: str
    fields: frozenset[str]
    event: str | None = None
    date_field: str | None = None

    def __post_init__(self):
        if (self.event is None) == (self.date_field is None):
            raise ValueError("a scan counts an item by one of its events or by one of its dates")


def reads(kind: str, *fields: str, event: str | None = None, date_field: str | None = None) -> Reads:
    return Reads(kind, frozenset(fields) | ({date_field} if date_field else set()), event, date_field)


@dataclass(frozen=True)
class Scan:
    name: str
    statement: Statement
    #: The columns besides month and unit that metrics filter the rows on.
    keys: tuple[str, ...] = ()
    #: Whether the units' rows add up to the municipality's (counts of rows do; counts of distinct
    #: persons or households do not: a person referred by two units is one person).
    additive: bool = True
    #: Whether there are rows per unit at all (imported figures are the municipality's only).
    per_unit: bool = True
    #: The item fields the statement reads beyond the transitions (none for the transition flows,
    #: which the workflow keeps itself, nor for tables that are not items).
    reads: tuple[Reads, ...] = ()


def _flow_keys() -> tuple:
    """The groups' columns as the transitions have them: a creation's ``from_state`` and a missing
    ``outcome`` are NULL there, ``''`` in the key of ``transition_flow``."""
    return (F.c.kind, F.c.event, F.c.unit_id, func.nullif(F.c.from_state, "").label("from_state"), F.c.to_state,
            func.nullif(F.c.outcome, "").label("outcome"))


def _transition_flows(first: int, last: int, per_unit: bool) -> Select:
    # The months' transitions as counted when they were written (caseflow.items.flows), a range of
    # transition_flow's key: a few thousand rows a month where grouping the transitions read 136 000.
    return select(F.c.month, *_flow_keys(), F.c.n).where(F.c.month.between(first, last), F.c.n != 0)


def transition_flows_before(first: int) -> Select:
    """Every transition before ``first``, grouped like the scan but without months: the stocks' start."""
    keys = _flow_keys()
    return (select(literal(0).label("month"), *keys, func.sum(F.c.n).label("n"))
            .where(F.c.month < first).group_by(*keys))


#: Every transition of the range, counted by kind, event, unit, states and outcome.
TRANSITIONS = Scan("transitions", _transition_flows, keys=("kind", "event", "from_state", "to_state", "outcome"))


@dataclass(frozen=True)
class Count:
    """The sum of ``column`` over the month's rows of ``scan`` that match ``where``; None if none do."""

    scan: Scan
    column: str = "n"
    where: tuple[tuple[str, object], ...] = ()

    cumulative = False

    def weight(self, row) -> int:
        """How many times the row's ``column`` counts: 1 if the row matches, else 0. A ``where``
        value that is a frozenset matches any of its members."""
        return int(all(getattr(row, column) in value if isinstance(value, frozenset)
                       else getattr(row, column) == value for column, value in self.where))


def count(scan: Scan, column: str = "n", **where) -> Count:
    return Count(scan, column, tuple(where.items()))


@dataclass(frozen=True)
class Stock:
    """Items of ``kind`` in one of ``states`` at the month's end: the running sum of net flows."""

    kind: str
    states: frozenset[str]

    scan = TRANSITIONS
    cumulative = True

    column = "n"

    def weight(self, row) -> int:
        """+1 for a transition into the states, -1 out of them, 0 within or elsewhere."""
        if row.kind != self.kind:
            return 0
        return (row.to_state in self.states) - (row.from_state in self.states)


def stock(kind: str, states: Iterable[str]) -> Stock:
    return Stock(kind, frozenset(str(s) for s in states))


@dataclass(frozen=True)
class ToDate:
    """Transitions of ``kind`` by ``event`` up to the month's end, all time.

    Counted as transitions: the event is one each kind's table allows once per item (no way back
    to its source states; tests/reports/test_rollup.py checks the tables), so it counts items.
    """

    kind: str
    event: str

    scan = TRANSITIONS
    cumulative = True

    column = "n"

    def weight(self, row) -> int:
        return int(row.kind == self.kind and row.event == self.event)


def in_month(kind: str, event: str, **where) -> Count:
    """Items of ``kind`` whose ``event`` is effective in the month (once per item, as for ToDate)."""
    return count(TRANSITIONS, kind=kind, event=event, **where)


@dataclass(frozen=True)
class OpenWithoutNote:
    """Items open at the month's end (the sum of the metrics ``open_keys``) less those of them with a
    note for the month (``noted``, a Count): computed after those metrics, from their values."""

    open_keys: tuple[str, ...]
    noted: Count

    scan = None
    cumulative = False

"""Which months' counts a change to an item moves: the one place that answers it, from the catalog.

Each metric declares the item fields it reads and the months it counts an item in
(``caseflow.reports.aggregates.Reads``); the transitions are counted as they are written
(``caseflow.items.flows``). From those declarations come the months a creation, an event, a
correction or a void marks dirty, and the frozen months it must confirm as a late registration. The
caller passes what it marks to ``mark_counted`` in its own transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.errors import LateRegistration
from caseflow.extensions import db
from caseflow.items.models import Transition, WorkItem
from caseflow.months import Month
from caseflow.reports.aggregates import Reads
from caseflow.reports.catalog import CATALOG
from caseflow.reports.dirty import mark_months_dirty
from caseflow.reports.freeze import frozen_versions
from caseflow.reports.sources import Source, kind_source

#: Months by the source whose metrics they move.
Months = dict[Source, set[int]]
#: Where ``mark_counted`` leaves the request's late registration for its answer (``db.session.info``).
LATE_REGISTRATION = "late_registration"


@dataclass(frozen=True)
class Late:
    """A change confirmed into a month already reported: what the API's answer says of it."""

    month: int
    frozen_version: int

    def as_dict(self) -> dict:
        return {"month": str(Month(self.month)), "frozen_version": self.frozen_version}


def _declared(kind: str) -> list[tuple[Reads, Source]]:
    return [(r, metric.source) for metric in CATALOG for r in metric.reads if r.kind == str(kind)]


def _event_months(item: WorkItem, event: str) -> set[int]:
    return set(db.session.scalars(select(Transition.month).where(Transition.item_id == item.id,
                                                                 Transition.event == event)))


def _anchor_months(item: WorkItem, declared: Reads, before: dict) -> set[int]:
    if declared.event is not None:
        return _event_months(item, declared.event)
    values = {getattr(item, declared.date_field), before.get(declared.date_field)}
    return {Month.of(value) for value in values if value is not None}


def of_fields(item: WorkItem, changed: Iterable[str], before: dict) -> Months:
    """The months a correction of the fields ``changed`` moves (``before``: their old values; the
    item holds the new ones, and a moved creation is already in its new month)."""
    changed = set(changed)
    months: Months = defaultdict(set)
    if item.OWN_DATE in changed:  # the creation moves, and everything counted by it
        old = before[item.OWN_DATE]
        opened = [item.opened_on] + ([item.opened_for(old)] if old is not None else [])
        months[kind_source(item.kind)].update(Month.of(day) for day in opened)
    for declared, source in _declared(item.kind):
        if declared.fields & changed:
            months[source] |= _anchor_months(item, declared, before)
    return months


def of_transition(item: WorkItem, transition: Transition) -> Months:
    """The months a new transition moves: its own, and where a metric reads the item's state, the
    months that metric counts the item in."""
    months: Months = defaultdict(set)
    months[kind_source(item.kind)].add(transition.month)
    for declared, source in _declared(item.kind):
        if "state" in declared.fields:
            months[source] |= _anchor_months(item, declared, {})
    return months


def of_item(item: WorkItem) -> Months:
    """Every month the item counts in: what voiding it moves."""
    months: Months = defaultdict(set)
    months[kind_source(item.kind)] |= set(db.session.scalars(
        select(Transition.month).where(Transition.item_id == item.id)))
    for declared, source in _declared(item.kind):
        months[source] |= _anchor_months(item, declared, {})
    return months


def counted(item: WorkItem, fields: Iterable[str]) -> list[str]:
    """Those of ``fields`` some metric reads (the own date always: the creation counts by it)."""
    read = {item.OWN_DATE}.union(*(declared.fields for declared, _source in _declared(item.kind)))
    return [name for name in fields if name in read]


def mark_counted(months: Months, *, confirmed: bool, fields: Iterable[str]) -> None:
    """Mark the months dirty, unless one of them is frozen and the change is not ``confirmed``.

    Refused unconfirmed, a late registration raises ``LateRegistration`` naming ``fields`` and the
    month, and nothing is marked (the caller's transaction rolls back). Confirmed, it is marked like
    any other change, and the earliest frozen month is left in ``db.session.info`` for the answer.
    """
    frozen = frozen_versions(set().union(*months.values()) if months else set())
    if frozen and not confirmed:
        month = min(frozen)
        message = _("The month has already been reported to the committee (frozen version %(version)d) — "
                    "confirm the late registration", version=frozen[month])
        raise LateRegistration(message, dict.fromkeys(fields, message), month, frozen[month])
    for source, source_months in months.items():
        if source_months:
            mark_months_dirty(source_months, source)
    if frozen:
        month = min(frozen)
        late = Late(month, frozen[month])
        earlier = db.session.info.get(LATE_REGISTRATION)  # an event's follow-ups mark too: keep the earliest
        if earlier is None or late.month < earlier.month:
            db.session.info[LATE_REGISTRATION] = late

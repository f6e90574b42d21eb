"""The transition machinery every kind of work item uses.

Each kind declares its states and a table of events (``Machine``) beside its model; this module
applies an event to an item: it checks the table, the version and the date, writes the
``transition`` row, moves the state, bumps the version, marks the months it touches dirty and
records the audit row — all in the caller's transaction. Nothing else changes ``state``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from caseflow.audit.services import actor_ids, record_change
from caseflow.db import month_bucket, today_local
from caseflow.errors import Conflict, ValidationError
from caseflow.extensions import db
from caseflow.reference.services import free_text_problem
from caseflow.reports.dirty import mark_months_dirty
from caseflow.reports.sources import KIND_SOURCES

if TYPE_CHECKING:
    from caseflow.items.models import Transition, WorkItem

#: The creation of an item is its first transition, under this event name.
CREATE = "create"
#: No work item is dated before this (a typo guard: 0202 for 2020).
EARLIEST_DATE = date(2000, 1, 1)


@dataclass(frozen=True)
class Event:
    name: str
    sources: frozenset[StrEnum]
    target: StrEnum
    #: What the event needs besides its date: ``reason`` (free text) or ``outcome`` (a code).
    needs: frozenset[str] = frozenset()
    #: Applied by Caseflow itself (a plan activated by its first meeting), never offered to people.
    internal: bool = False


@dataclass(frozen=True)
class Machine:
    """One kind's states and events: the table DESIGN.md gives for it."""

    states: type[StrEnum]
    initial: StrEnum
    events: tuple[Event, ...]
    #: States in which the item is still open work.
    open_states: frozenset[StrEnum] = field(default_factory=frozenset)

    def event(self, name: str) -> Event | None:
        return next((e for e in self.events if e.name == name), None)

    def allowed(self, state: str) -> list[Event]:
        """The events a person may apply from ``state``."""
        return [e for e in self.events if state in e.sources and not e.internal]

    def event_names(self, include_internal: bool = False) -> list[str]:
        return [e.name for e in self.events if include_internal or not e.internal]

    def replay(self, events: list[str]) -> StrEnum:
        """The state a sequence of event names leads to from the initial state."""
        state = self.initial
        for name in events:
            if name == CREATE:
                continue
            event = self.event(name)
            if event is None or state not in event.sources:
                raise ValueError(f"{name} is not allowed from {state}")
            state = event.target
        return state


def touched_months(item: WorkItem, on: date) -> list[int]:
    """The months whose counts an event dated ``on`` changes: its own month, and the item's
    creation month (counts by creation date look at the item's current state).

    Counts "as of the end of a month" in later months change too, by the same amount: the rollup
    carries that difference forward itself (``caseflow.reports.rollup``), so they are not marked.
    """
    return sorted({month_bucket(item.opened_on), month_bucket(on)})


def check_date(on: date | None, *, future_allowed: bool = False, field_name: str = "on") -> None:
    if on is None:
        raise ValidationError(_("A date is required."), {field_name: _("Required.")})
    if on < EARLIEST_DATE:
        raise ValidationError(_("The date is too early."),
                              {field_name: _("The date may not be before %(d)s.", d=EARLIEST_DATE.isoformat())})
    if not future_allowed and on > today_local():
        raise ValidationError(_("The date is in the future."),
                              {field_name: _("The date may not be in the future.")})


def check_version(item: WorkItem, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != item.version:
        raise Conflict(_("Someone else changed this item meanwhile (version %(theirs)s, yours %(yours)s). "
                         "Reload it and try again.", theirs=item.version, yours=expected_version),
                       {"version": _("Stale version.")})


def flush_versioned() -> None:
    """Flush, turning a lost race on the version counter into the same refusal as a stale form."""
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict(_("Someone else changed this item meanwhile. Reload it and try again."),
                       {"version": _("Stale version.")}) from None


def _last_event_on(item: WorkItem) -> date | None:
    from caseflow.items.models import Transition
    return db.session.scalar(select(func.max(Transition.effective_on))
                             .where(Transition.item_id == item.id, Transition.event != CREATE))


def _counted(item: WorkItem, transition: Transition) -> None:
    """What a new transition owes the rollup: its flow counted, its months marked dirty for the
    metrics of the item's kind."""
    from caseflow.items.flows import count_flow  # it imports the models, which import this module

    count_flow(transition, 1)
    mark_months_dirty(touched_months(item, transition.effective_on), KIND_SOURCES[item.kind])


def apply_event(item: WorkItem, name: str, *, on: date | None, actor, note: str | None = None,
                reason: str | None = None, outcome: str | None = None,
                expected_version: int | None = None, internal: bool = False) -> Transition:
    """Apply event ``name`` to ``item``, effective ``on``; refuse with a clear error and change nothing."""
    from caseflow.items.models import Transition

    machine = item.machine()
    event = machine.event(name)
    if event is None or (event.internal and not internal):
        raise ValidationError(_("Unknown event %(event)s for this kind of item.", event=name),
                              {"event": _("Allowed: %(names)s.", names=", ".join(machine.event_names()))})
    check_version(item, expected_version)
    if item.state not in event.sources:
        raise Conflict(_("The event %(event)s is not allowed when the item is %(state)s.",
                         event=name, state=item.state), {"event": _("Not allowed from this state.")})
    check_date(on)
    if on < item.opened_on and not item.EVENTS_BEFORE_OWN_DATE:
        # Each item's history runs forward in time, so the rollup can count states at a month's
        # end from the month's flows alone (caseflow.reports.aggregates).
        raise ValidationError(_("The date is before the item's own date."),
                              {"on": _("The date may not be before the item's own date (%(d)s).",
                                       d=item.opened_on.isoformat())})
    previous = _last_event_on(item)
    if previous is not None and on < previous:
        raise ValidationError(_("The date is before the previous event."),
                              {"on": _("The date may not be before the previous event (%(d)s).",
                                       d=previous.isoformat())})
    problems = {}
    if "reason" in event.needs and not (reason or "").strip():
        problems["reason"] = _("A reason is required.")
    for key, text in (("note", note), ("reason", reason)):
        if problem := free_text_problem(text):
            problems[key] = problem
    if "outcome" in event.needs:
        if problem := item.outcome_problem(outcome):
            problems["outcome"] = problem
    elif outcome:
        problems["outcome"] = _("This event takes no outcome.")
    if problems:
        raise ValidationError(_("The event was not saved."), problems)
    item.check_event(event, on, actor)  # the kind's own rules, e.g. consent before a SIP meeting

    from_state = item.state
    transition = Transition(item_id=item.id, kind=item.kind, event=name, from_state=from_state,
                            to_state=event.target, effective_on=on, month=month_bucket(on),
                            unit_id=item.unit_id, note=note or None, reason=(reason or '').strip() or None,
                            outcome=outcome or None,
                            **_actor_columns(actor))
    db.session.add(transition)
    item.state = event.target
    item.after_event(event, transition, actor)
    flush_versioned()
    _counted(item, transition)
    record_change(f"item.{name}", "work_item", item.id, actor=actor, before={"state": str(from_state)},
                  after={"state": str(item.state), "effective_on": on.isoformat()}, unit_id=item.unit_id)
    return transition


def record_creation(item: WorkItem, actor) -> Transition:
    """Add a new item with its first transition, effective ``item.opened_on``.

    That is the item's own date (``sent_on``, ``applied_on``, …), or the day it is recorded when
    its own date lies ahead (a meeting booked for next week).
    """
    from caseflow.items.models import Transition

    db.session.add(item)
    db.session.flush()
    transition = Transition(item_id=item.id, kind=item.kind, event=CREATE, from_state=None, to_state=item.state,
                            effective_on=item.opened_on, month=month_bucket(item.opened_on),
                            unit_id=item.unit_id, **_actor_columns(actor))
    db.session.add(transition)
    db.session.flush()
    _counted(item, transition)
    record_change("item.create", "work_item", item.id, actor=actor, after=item.snapshot(), unit_id=item.unit_id)
    return transition


def _actor_columns(actor) -> dict:
    user_id, token_id = actor_ids(actor)
    return {"actor_user_id": user_id, "actor_token_id": token_id}

"""Applying events to items: the one place that changes ``state``.

Each kind declares its states and events (``caseflow.workflow.machine``) beside its model; this
module checks the table, the version and the date, writes the ``transition`` row, moves the state,
bumps the version, counts the transition's flow, marks the months it moves dirty
(``caseflow.items.counting``) and records the audit row — all in the caller's transaction.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from caseflow.audit.services import actor_ids, record_change
from caseflow.db import STOCKHOLM, today_local
from caseflow.errors import Conflict, Forbidden, ValidationError
from caseflow.extensions import db
from caseflow.items import counting
from caseflow.items.flows import count_flow
from caseflow.items.models import Transition, WorkItem
from caseflow.months import Month
from caseflow.permissions import Permission
from caseflow.reference.services import free_text_problem
from caseflow.workflow.machine import CREATE, EARLIEST_DATE, VOID


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
    return db.session.scalar(select(func.max(Transition.effective_on))
                             .where(Transition.item_id == item.id, Transition.event != CREATE))


def _check_void(item: WorkItem, actor) -> None:
    """A unit leader (or a token, with a leader's rights) voids any item of the unit; a caseworker
    only what they registered themselves, the same day."""
    if actor.can(Permission.ITEMS_VOID_ANY):
        return
    user_id = actor.user_id
    created_by = db.session.scalar(select(Transition.actor_user_id).where(Transition.item_id == item.id,
                                                                          Transition.event == CREATE))
    registered_today = item.created_at.astimezone(STOCKHOLM).date() == today_local()
    if user_id is None or created_by != user_id or not registered_today:
        raise Forbidden(_("A caseworker voids only what they registered themselves, the same day; "
                          "ask the unit leader."), {"event": _("Not yours to void.")})


def _uncount(item: WorkItem) -> None:
    """A voided item counts nowhere: its transitions leave the flows of their months."""
    for transition in db.session.scalars(select(Transition).where(Transition.item_id == item.id)):
        count_flow(transition, -1)


def apply_event(item: WorkItem, name: str, *, on: date | None, actor, note: str | None = None,
                reason: str | None = None, outcome: str | None = None, expected_version: int | None = None,
                internal: bool = False, confirm_late: bool = False) -> Transition:
    """Apply event ``name`` to ``item``, effective ``on``; refuse with a clear error and change nothing.

    An event dated into a month whose report is frozen is refused (``LateRegistration``) unless
    ``confirm_late``; voiding takes the item out of every count, in every month it counted in.
    """
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
    # A void is dated the day it is done, whatever the item's dates: it takes the whole item away.
    if on < item.opened_on and not item.EVENTS_BEFORE_OWN_DATE and name != VOID:
        # Each item's history runs forward in time, so the rollup can count states at a month's
        # end from the month's flows alone (caseflow.reports.aggregates).
        raise ValidationError(_("The date is before the item's own date."),
                              {"on": _("The date may not be before the item's own date (%(d)s).",
                                       d=item.opened_on.isoformat())})
    previous = _last_event_on(item)
    if previous is not None and on < previous and name != VOID:
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
    if name == VOID:
        _check_void(item, actor)
    else:
        item.check_event(event, on, actor)  # the kind's own rules, e.g. consent before a SIP meeting

    from_state = item.state
    transition = Transition(item_id=item.id, kind=item.kind, event=name, from_state=from_state,
                            to_state=event.target, effective_on=on, month=Month.of(on),
                            unit_id=item.unit_id, note=note or None, reason=(reason or "").strip() or None,
                            outcome=outcome or None, **_actor_columns(actor))
    if name == VOID:  # before the void is added: it counts in no month itself
        months = counting.of_item(item)
        _uncount(item)
    db.session.add(transition)
    item.state = event.target
    flush_versioned()
    if name != VOID:
        count_flow(transition, 1)
        months = counting.of_transition(item, transition)
    counting.mark_counted(months, confirmed=confirm_late or internal, fields=["on"])
    record_change(f"item.{name}", "work_item", item.id, actor=actor, before={"state": str(from_state)},
                  after={"state": str(item.state), "effective_on": on.isoformat(),
                         **({"reason": transition.reason} if name == VOID else {})}, unit_id=item.unit_id)
    for follower, follow_event, follow_note in item.follow_ups(event):
        apply_event(follower, follow_event, on=on, actor=actor, note=follow_note, internal=True)
    return transition


def record_creation(item: WorkItem, actor, *, confirm_late: bool = False) -> Transition:
    """Add a new item with its first transition, effective ``item.opened_on``.

    That is the item's own date (``sent_on``, ``applied_on``, …), or the day it is recorded when
    its own date lies ahead (a meeting booked for next week). Dated into a month whose report is
    frozen, it is refused (``LateRegistration``) unless ``confirm_late``.
    """
    db.session.add(item)
    db.session.flush()
    transition = Transition(item_id=item.id, kind=item.kind, event=CREATE, from_state=None, to_state=item.state,
                            effective_on=item.opened_on, month=Month.of(item.opened_on),
                            unit_id=item.unit_id, **_actor_columns(actor))
    db.session.add(transition)
    db.session.flush()
    count_flow(transition, 1)
    counting.mark_counted(counting.of_item(item), confirmed=confirm_late, fields=[item.OWN_DATE])
    record_change("item.create", "work_item", item.id, actor=actor, after=item.snapshot(), unit_id=item.unit_id)
    return transition


def _actor_columns(actor) -> dict:
    user_id, token_id = actor_ids(actor)
    return {"actor_user_id": user_id, "actor_token_id": token_id}

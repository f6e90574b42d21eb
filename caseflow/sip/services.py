"""SIP plans, their consent, and their meetings."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.errors import Conflict, ValidationError
from caseflow.extensions import db
from caseflow.items.access import get_item, require_write
from caseflow.items.services import create_item, edit_item
from caseflow.reference.models import SipParticipant
from caseflow.sip.models import PLANNING_FIELDS, SipMeeting, SipPlan, participants_problem
from caseflow.sip.states import SipPlanState
from caseflow.workflow.machine import VOIDED
from caseflow.units.models import Unit
from caseflow.workflow.transitions import apply_event, check_date, check_version


#: The audit action of consent recorded, a line of the plan's history (``caseflow.sip.kind``).
CONSENT = "item.consent"


def create_plan(actor, *, unit: Unit, person_ref: str, case_ref: str, initiated_on: date,
                consent_on: date | None = None, coordinator_id: int | None = None, owner=None,
                confirm_late: bool = False) -> SipPlan:
    """A SIP plan in state ``initiated``; consent may be recorded now or later, but before any meeting."""
    return create_item(actor, SipPlan, unit, {
        "person_ref": person_ref, "case_ref": case_ref, "initiated_on": initiated_on,
        "consent_on": consent_on, "coordinator_id": coordinator_id}, owner=owner, confirm_late=confirm_late)


def record_consent(actor, plan_id: int, consent_on: date, *, expected_version: int | None = None,
                   confirm_late: bool = False) -> SipPlan:
    """Consent given, or its date corrected: each one a line of the plan's history."""
    return edit_item(actor, plan_id, {"consent_on": consent_on}, expected_version=expected_version,
                     confirm_late=confirm_late, action=CONSENT)


def withdraw_consent(actor, plan_id: int, on: date, *, expected_version: int | None = None,
                     confirm_late: bool = False) -> SipPlan:
    """The person withdraws consent: recorded, and the plan is closed the same day."""
    plan = get_item(actor, plan_id, SipPlan)
    require_write(actor, plan.unit, plan.kind)
    check_version(plan, expected_version)
    check_date(on)
    if plan.consent_on is None or on < plan.consent_on:
        raise ValidationError(_("There is no consent on record to withdraw on that day."),
                              {"on": _("No consent on record.")})
    plan.consent_withdrawn_on = on
    apply_event(plan, "close", on=on, actor=actor, note=_("Consent withdrawn."), confirm_late=confirm_late)
    return plan


def add_meeting(actor, plan_id: int, *, scheduled_for: date, meeting_kind: str, mode: str,
                participants: list[str], next_follow_up_on: date | None = None, owner=None,
                confirm_late: bool = False, **details) -> SipMeeting:
    """Book a meeting of an open plan, with its participants (codes of ``sip_participant``) and
    ``details``: its planning (``PLANNING_FIELDS``: its time, length, place or link and named contacts)."""
    plan = get_item(actor, plan_id, SipPlan)
    if plan.state in (SipPlanState.CLOSED, VOIDED):
        raise Conflict(_("The SIP plan is closed; no meeting can be added."), {"plan": _("Closed.")})
    if problem := participants_problem(participants):
        raise ValidationError(_("The meeting was not saved."), {"participants": problem})
    unknown = set(details) - set(PLANNING_FIELDS)
    if unknown:
        raise ValidationError(_("The meeting was not saved."), {name: _("Unknown field.") for name in unknown})
    details = {name: details.get(name) for name in PLANNING_FIELDS}
    chosen = list(db.session.scalars(select(SipParticipant).where(SipParticipant.code.in_(participants))))
    return create_item(actor, SipMeeting, plan.unit, {
        "scheduled_for": scheduled_for, "meeting_kind": meeting_kind, "mode": mode,
        "next_follow_up_on": next_follow_up_on, **details}, owner=owner or plan.owner,
        plan_id=plan.id, case_ref=plan.case_ref, participant_codes=chosen, confirm_late=confirm_late)

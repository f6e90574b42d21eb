"""The declarations of the SIP plan and the SIP meeting (``caseflow.items.registry``)."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.registry import KindSpec
from caseflow.items.validation import any_date, one_of, optional, past_date, ref, unit_member
from caseflow.sip.forms import ConsentForm, MeetingEditForm, PlanEditForm, WithdrawConsentForm
from caseflow.sip.models import MeetingKind, MeetingMode, SipMeeting, participants_problem
from caseflow.sip.states import SipMeetingState


def _plan_forms(item, actor, bound: dict, fresh) -> dict:
    """Consent is given, and withdrawn, on the plan's page while it is open."""
    if not item.is_open:
        return {}
    forms = {"consent": bound.get("consent") or fresh(ConsentForm, "consent",
                                                      consent_on=item.consent_on or today_local())}
    if item.consent_on is not None:
        forms["withdraw"] = bound.get("withdraw") or fresh(WithdrawConsentForm, "withdraw")
    return forms


def _plan_context(item) -> dict:
    return {"meetings": list(db.session.scalars(select(SipMeeting).where(SipMeeting.plan_id == item.id)
                                                .order_by(SipMeeting.scheduled_for, SipMeeting.id)))}


def _meeting_due_on(item):
    """A booked meeting is due on its day."""
    return item.scheduled_for if item.state == SipMeetingState.SCHEDULED else None


KINDS = (
    KindSpec(
        name="sip_plan",
        page_template="sip/_plan_item.html",
        field_rules={"person_ref": ref("person_ref"), "initiated_on": past_date("initiated_on"),
                     "consent_on": optional(past_date("consent_on")), "coordinator_id": unit_member},
        edit_form=PlanEditForm,
        page_forms=_plan_forms,
        page_context=_plan_context,
        api_fields=("person_ref", "initiated_on", "consent_on", "consent_withdrawn_on"),
    ),
    KindSpec(
        name="sip_meeting",
        page_template="sip/_meeting_item.html",
        field_rules={"scheduled_for": any_date(required=True), "meeting_kind": one_of(MeetingKind),
                     "mode": one_of(MeetingMode), "next_follow_up_on": any_date(required=False),
                     "participants": lambda value, unit_id: participants_problem(value)},
        edit_form=MeetingEditForm,
        due_on=_meeting_due_on,
        api_fields=("plan_id", "scheduled_for", "meeting_kind", "mode", "participants", "next_follow_up_on"),
    ),
)

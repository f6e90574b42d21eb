"""Work items through the API: creating each kind, reading one, correcting one, applying an event; all through
the services.

The API confirms late registrations (API.md): every write passes ``confirm_late=True``, and its
answer says when it landed in a month whose report is frozen.
"""

from __future__ import annotations

from sqlalchemy import select

from caseflow.api import schemas as s
from caseflow.api.blueprint import bp
from caseflow.api.models import ApiToken
from caseflow.api.operations import LATE_REGISTRATION, operation
from caseflow.errors import Forbidden, ValidationError
from caseflow.extensions import db
from caseflow.items.access import read_item
from caseflow.items.models import WorkItem
from caseflow.items.services import apply, edit_item, history
from caseflow.measures.services import create_measure
from caseflow.permissions import Permission
from caseflow.referrals.services import create_referral
from caseflow.sip.services import add_meeting, create_plan
from caseflow.sublease.services import create_sublease_case
from caseflow.units.models import Unit

#: Each kind's own fields, as the item answers carry them.
KIND_FIELDS = {
    "referral": ("person_ref", "sent_on", "target", "barrier_group"),
    "sublease_case": ("applied_on", "contract_type", "kir_checked_on", "registered_at_address",
                      "double_rent_suspected"),
    "sip_plan": ("person_ref", "initiated_on", "consent_on", "consent_withdrawn_on"),
    "sip_meeting": ("plan_id", "scheduled_for", "meeting_kind", "mode", "participants", "next_follow_up_on"),
    "measure": ("number", "title", "start_on", "expected_effect"),
}
ITEM_ID = (("item_id", {"type": "integer", "minimum": 1}, "The item's id."),)
CREATE_ERRORS = (409, 413, 422)


def unit_for(token: ApiToken, code: str) -> Unit:
    """The unit named in a body, if the token may act for it."""
    unit = db.session.scalar(select(Unit).where(Unit.code == code, Unit.is_active.is_(True)))
    if unit is None:
        raise ValidationError("Nothing was saved: unknown unit.", {"unit": "Unknown unit."})
    if token.unit_id is not None and token.unit_id != unit.id:
        raise Forbidden("This token acts for another unit only.", {"unit": "Not this token's unit."})
    return unit


def item_out(item: WorkItem) -> s.ItemOut:
    transitions = history(item)
    unit_ids = {item.unit_id, *(t.unit_id for t in transitions)}
    codes = dict(db.session.execute(select(Unit.id, Unit.code).where(Unit.id.in_(unit_ids))).all())
    extra = {name: getattr(item, name) for name in KIND_FIELDS[item.kind]}
    if item.kind == "measure":
        extra["plan"] = item.plan.name
    return s.ItemOut(
        id=item.id, kind=item.kind, state=item.state, version=item.version, unit=codes[item.unit_id],
        case_ref=item.case_ref, opened_on=item.opened_on, created_at=item.created_at, updated_at=item.updated_at,
        allowed_events=[e.name for e in item.machine().allowed(item.state)],
        transitions=[s.TransitionOut(event=t.event, from_state=t.from_state, to_state=t.to_state,
                                     effective_on=t.effective_on, recorded_at=t.recorded_at, unit=codes[t.unit_id],
                                     note=t.note, reason=t.reason, outcome=t.outcome) for t in transitions],
        **extra)


def written(item: WorkItem) -> s.ItemOut:
    """The answer to a write: the item as GET shows it, and the late registration the write was, if any."""
    answer = item_out(item)
    if (late := db.session.info.pop(LATE_REGISTRATION, None)) is not None:
        answer.late_registration = s.LateRegistrationOut(**late.as_dict())
    return answer


@operation(bp, "POST", "/referrals", summary="Register a referral (state sent).", status=201,
           permission=Permission.ITEMS_WRITE, body=s.ReferralIn, response=s.ItemOut, errors=CREATE_ERRORS)
def referrals(token: ApiToken, body: s.ReferralIn):
    item = create_referral(token, unit=unit_for(token, body.unit), person_ref=body.person_ref,
                           case_ref=body.case_ref, sent_on=body.sent_on, target=body.target,
                           barrier_group=body.barrier_group, confirm_late=True)
    return written(item)


@operation(bp, "POST", "/sublease-cases", summary="Register a sublease case (state under_review).", status=201,
           permission=Permission.ITEMS_WRITE, body=s.SubleaseCaseIn, response=s.ItemOut, errors=CREATE_ERRORS)
def sublease_cases(token: ApiToken, body: s.SubleaseCaseIn):
    item = create_sublease_case(token, unit=unit_for(token, body.unit), case_ref=body.case_ref,
                                applied_on=body.applied_on, contract_type=body.contract_type, confirm_late=True)
    return written(item)


@operation(bp, "POST", "/sip-plans", summary="Register a SIP plan (state initiated).", status=201,
           permission=Permission.ITEMS_WRITE, body=s.SipPlanIn, response=s.ItemOut, errors=CREATE_ERRORS)
def sip_plans(token: ApiToken, body: s.SipPlanIn):
    item = create_plan(token, unit=unit_for(token, body.unit), person_ref=body.person_ref, case_ref=body.case_ref,
                       initiated_on=body.initiated_on, consent_on=body.consent_on, confirm_late=True)
    return written(item)


@operation(bp, "POST", "/sip-plans/<int:item_id>/meetings", summary="Book a meeting of a SIP plan.", status=201,
           permission=Permission.ITEMS_WRITE, body=s.SipMeetingIn, response=s.ItemOut,
           errors=(404, *CREATE_ERRORS), path_params=(("item_id", ITEM_ID[0][1], "The SIP plan's id."),))
def sip_meetings(token: ApiToken, item_id: int, body: s.SipMeetingIn):
    item = add_meeting(token, item_id, scheduled_for=body.scheduled_for, meeting_kind=body.kind, mode=body.mode,
                       participants=body.participants, confirm_late=True)
    return written(item)


@operation(bp, "POST", "/measures", summary="Add a measure to an action plan (state planned).", status=201,
           permission=Permission.MEASURES_MANAGE, body=s.MeasureIn, response=s.ItemOut, errors=CREATE_ERRORS)
def measures(token: ApiToken, body: s.MeasureIn):
    item = create_measure(token, unit=unit_for(token, body.unit), plan=body.plan, number=body.number,
                          title=body.title, start_on=body.start_on, confirm_late=True)
    return written(item)


@operation(bp, "GET", "/items/<int:item_id>", summary="An item of the token's unit, with its transitions.",
           permission=Permission.ITEMS_READ, response=s.ItemOut, errors=(404,), path_params=ITEM_ID)
def item(token: ApiToken, item_id: int):
    return item_out(read_item(token, item_id, "api"))


@operation(bp, "PATCH", "/items/<int:item_id>", summary="Correct an item's fields, as its page does.",
           permission=Permission.ITEMS_WRITE, body=s.ItemPatchIn, response=s.ItemOut,
           errors=(404, 409, 413, 422), path_params=ITEM_ID)
def correct(token: ApiToken, item_id: int, body: s.ItemPatchIn):
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    return written(edit_item(token, item_id, changes, expected_version=body.version, confirm_late=True))


@operation(bp, "POST", "/items/<int:item_id>/events", summary="Apply an event to an item.",
           permission=Permission.ITEMS_WRITE, body=s.EventIn, response=s.ItemOut,
           errors=(404, 409, 413, 422), path_params=ITEM_ID)
def events(token: ApiToken, item_id: int, body: s.EventIn):
    changed = apply(token, item_id, body.event, on=body.on, note=body.note, reason=body.reason,
                    outcome=body.outcome, expected_version=body.version, confirm_late=True)
    return written(changed)

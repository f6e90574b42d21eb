"""The SIP plan and SIP meeting's part of the API: its creation, declared on the API's blueprint
(``caseflow.api.views`` loads it for every kind ``caseflow.kinds`` lists)."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from caseflow.api.blueprint import bp
from caseflow.api.models import ApiToken
from caseflow.api.operations import operation
from caseflow.api.schemas import ItemOut, Ref, Request, UnitCode, code_of, correctable, integer
from caseflow.api.views_items import CREATE_ERRORS, ITEM_ID, unit_for, written
from caseflow.permissions import Permission
from caseflow.reference.models import SipParticipant
from caseflow.sip.models import MAX_DURATION
from caseflow.sip.services import add_meeting, create_plan


class SipPlanIn(Request):
    unit: UnitCode
    person_ref: Ref
    case_ref: Ref
    initiated_on: date
    consent_on: date | None = None


_HH_MM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def _time_of_day(value):
    """``09:30`` as a time of day; anything else (another form, a zone, seconds) refused."""
    if value is None:
        return None
    if not isinstance(value, str) or not _HH_MM.match(value):
        raise ValueError("a time of day as HH:MM (local time)")
    return time(int(value[:2]), int(value[3:5]))


#: A meeting's time, place and named contacts: optional, and the same when booked and when corrected.
StartTime = Annotated[time | None, BeforeValidator(_time_of_day), WithJsonSchema({
    "anyOf": [{"type": "string", "pattern": _HH_MM.pattern}, {"type": "null"}], "examples": ["09:30"],
    "description": "The time of day it starts, HH:MM (local time)."})]
Duration = Annotated[integer(ge=5, le=MAX_DURATION) | None,
                     Field(examples=[60], description="How long it is booked for, in minutes.")]
Place = Annotated[str | None, Field(max_length=200, description="A room or an address; no case or person "
                                                                "reference (it reaches the calendar feed).")]
VideoLink = Annotated[str | None, Field(max_length=500, description="The video meeting's link, https:// only.")]
Contact = Annotated[str | None, Field(max_length=200, description="A named contact: name and role, free text "
                                                                  "(no personal identity number).")]


class _Planning(Request):
    """A meeting's planning (``caseflow.sip.models.PLANNING_FIELDS``, in its order), all optional, as booked
    and as corrected: its time, place or link, contacts."""

    start_time: StartTime = None
    duration_minutes: Duration = None
    place: Place = None
    video_link: VideoLink = None
    contact_region: Contact = None
    contact_forsakringskassan: Contact = None
    contact_arbetsformedlingen: Contact = None
    contact_other: Contact = None


class SipMeetingIn(_Planning):
    scheduled_for: date
    #: SIP or flerpartsmöte; the item's own kind is ``sip_meeting``.
    kind: Literal["sip", "multi_party"]
    mode: Literal["in_person", "digital"]
    participants: Annotated[list[code_of(SipParticipant)], Field(max_length=20,
                                                                 json_schema_extra={"uniqueItems": True})]


@correctable
class SipPlanCorrection(Request):
    """What ``PATCH /items/{id}`` corrects of a SIP plan."""

    person_ref: Ref = None
    case_ref: Ref = None
    initiated_on: date = None
    consent_on: date | None = None


@correctable
class SipMeetingCorrection(_Planning):
    """What ``PATCH /items/{id}`` corrects of a SIP meeting (``participants`` replaces the list)."""

    scheduled_for: date = None
    meeting_kind: Literal["sip", "multi_party"] = None
    mode: Literal["in_person", "digital"] = None
    participants: Annotated[list[code_of(SipParticipant)],
                            Field(max_length=20, json_schema_extra={"uniqueItems": True})] = None
    next_follow_up_on: date | None = None


@operation(bp, "POST", "/sip-plans", summary="Register a SIP plan (state initiated).", status=201,
           permission=Permission.ITEMS_WRITE, body=SipPlanIn, response=ItemOut, errors=CREATE_ERRORS)
def sip_plans(token: ApiToken, body: SipPlanIn):
    item = create_plan(token, unit=unit_for(token, body.unit), person_ref=body.person_ref, case_ref=body.case_ref,
                       initiated_on=body.initiated_on, consent_on=body.consent_on, confirm_late=True)
    return written(item)


@operation(bp, "POST", "/sip-plans/<int:item_id>/meetings", summary="Book a meeting of a SIP plan.", status=201,
           permission=Permission.ITEMS_WRITE, body=SipMeetingIn, response=ItemOut,
           errors=(404, *CREATE_ERRORS), path_params=(("item_id", ITEM_ID[0][1], "The SIP plan's id."),))
def sip_meetings(token: ApiToken, item_id: int, body: SipMeetingIn):
    item = add_meeting(token, item_id, scheduled_for=body.scheduled_for, meeting_kind=body.kind, mode=body.mode,
                       participants=body.participants, confirm_late=True,
                       **{name: getattr(body, name) for name in _Planning.model_fields})
    return written(item)

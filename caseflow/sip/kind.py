"""The declarations of the SIP plan and the SIP meeting (``caseflow.items.registry``)."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.formatting import iso_date
from caseflow.items.access import visible
from caseflow.items.deadlines import TimeState, due_soon_until, time_state
from caseflow.items.registry import ChangeLabel, KindSpec, ListChoice, Summary, Todo, Watch, WatchRow
from caseflow.items.state_labels import MEETING_KIND_LABELS, MEETING_MODE_LABELS
from caseflow.items.validation import (
    any_date,
    https_link,
    one_of,
    optional,
    past_date,
    ref,
    text,
    time_of_day,
    unit_member,
    whole_number,
)
from caseflow.reference.services import free_text_problem, named_reference
from caseflow.sip.forms import (
    MEETING_FIELD_LABELS,
    ConsentForm,
    HoldForm,
    MeetingEditForm,
    PlanEditForm,
    WithdrawConsentForm,
)
from caseflow.items.models import WorkItem
from caseflow.sip.calendar_source import meeting_events
from caseflow.sip.models import (CONTACT_FIELDS, MAX_DURATION, PLANNING_FIELDS, MeetingKind, MeetingMode,
                                 SipMeeting, SipPlan, participants_problem)
from caseflow.sip.services import CONSENT
from caseflow.sip.report import report_sections
from caseflow.sip.states import SIP_PLAN_MACHINE, SipMeetingState
from caseflow.workflow.machine import VOIDED


def _plan_forms(item, actor, bound: dict, fresh) -> dict:
    """Consent is given, and withdrawn, on the plan's page while it is open."""
    if not item.is_open:
        return {}
    forms = {"consent": bound.get("consent") or fresh(ConsentForm, "consent",
                                                      consent_on=item.consent_on or today_local())}
    if item.consent_on is not None:
        forms["withdraw"] = bound.get("withdraw") or fresh(WithdrawConsentForm, "withdraw")
    return forms


def _consent_line(before: dict):
    """Consent recorded (``record_consent``) is given the first time, and its date moved after."""
    return _l("Consent given") if before.get("consent_on") is None else _l("Consent date moved")


def _plan_context(item) -> dict:
    return {"meetings": list(db.session.scalars(select(SipMeeting).where(SipMeeting.plan_id == item.id)
                                                .order_by(SipMeeting.scheduled_for, SipMeeting.id)))}


def _meeting_due_on(item):
    """A booked meeting is due on its day; a held one of an open plan on its next follow-up, the same
    date the start page lists it by."""
    if item.state == SipMeetingState.SCHEDULED:
        return item.scheduled_for
    if item.state == SipMeetingState.HELD and item.plan.is_open:
        return item.next_follow_up_on
    return None


def _this_week(stmt, today):
    """The whole of this week, Monday to Sunday (on a Sunday the week that ends today): its meetings
    held already and those booked; besides, every meeting booked up to a week ahead (on a Sunday, the
    coming week's), and those booked earlier but not yet recorded as held or cancelled (late)."""
    monday = today - timedelta(days=today.weekday())
    held_this_week = and_(SipMeeting.state == SipMeetingState.HELD, SipMeeting.scheduled_for >= monday,
                          SipMeeting.scheduled_for <= monday + timedelta(days=6))
    booked = and_(SipMeeting.state == SipMeetingState.SCHEDULED,
                  SipMeeting.scheduled_for <= max(monday + timedelta(days=6), due_soon_until(today)))
    return stmt.where(or_(held_this_week, booked)).options(lazyload(SipMeeting.participant_codes),
                                                          joinedload(SipMeeting.plan))


def _booked_on(item):
    """A meeting of the week is due on its day while booked; one already held waits for nothing here."""
    return item.scheduled_for if item.state == SipMeetingState.SCHEDULED else None


def _place(value, unit_id):
    """Free text that reaches the reader's calendar (Outlook): no personal number, no case or person reference."""
    if value is None or not str(value).strip():
        return None
    if not isinstance(value, str):
        return _("Text is required.")
    if problem := free_text_problem(value, 200):
        return problem
    if word := named_reference(value):
        return _("The text names the case or person reference %(word)s. The place reaches the calendar, "
                 "which may not identify a household or a person: write it without the reference.", word=word)
    return None


#: A plan's open states, as its state table says.
_OPEN_PLAN_STATES = sorted(state.value for state in SIP_PLAN_MACHINE.open_states)

# The follow-up query's subqueries, built once: new table aliases per request cost more than the query.
# Correlated on the meeting's plan: an uncorrelated ``IN (open plans)`` read every plan of every unit.
_plan_item = WorkItem.__table__.alias("plan_item")
_PLAN_OPEN = (select(_plan_item.c.id)
              .where(_plan_item.c.id == SipMeeting.plan_id,
                     _plan_item.c.state.in_(_OPEN_PLAN_STATES))
              .exists())
_later, _later_item = SipMeeting.__table__.alias("later"), WorkItem.__table__.alias("later_item")
_NEXT_BOOKED = (select(_later.c.id).select_from(_later.join(_later_item, _later_item.c.id == _later.c.id))
                .where(_later.c.plan_id == SipMeeting.plan_id, _later.c.scheduled_for > SipMeeting.scheduled_for,
                       _later_item.c.state.not_in([SipMeetingState.CANCELLED.value, VOIDED]))
                .exists())


_plan_row = SipPlan.__table__.alias("plan_row")
_PLAN_PERSON = (select(_plan_row.c.person_ref).where(_plan_row.c.id == SipMeeting.plan_id)
                .scalar_subquery())


def _meeting_due_order():
    """``_meeting_due_on`` in SQL."""
    return case((SipMeeting.state == SipMeetingState.SCHEDULED, SipMeeting.scheduled_for),
                (and_(SipMeeting.state == SipMeetingState.HELD, _PLAN_OPEN, ~_NEXT_BOOKED),
                 SipMeeting.next_follow_up_on))


def _meeting_due_before(day):
    """``_meeting_due_on`` as SQL: booked for before ``day``, or held with its follow-up due before ``day``
    in an open plan and no later meeting booked yet (as the start page's follow-ups)."""
    return or_(and_(SipMeeting.state == SipMeetingState.SCHEDULED, SipMeeting.scheduled_for < day),
               and_(SipMeeting.state == SipMeetingState.HELD, SipMeeting.next_follow_up_on < day,
                    _PLAN_OPEN, ~_NEXT_BOOKED))


def _follow_ups_due(stmt, today):
    """Held meetings of open plans whose follow-up is due within the week and not yet booked."""
    return (stmt.where(SipMeeting.state == SipMeetingState.HELD, SipMeeting.next_follow_up_on.is_not(None),
                       SipMeeting.next_follow_up_on <= due_soon_until(today),
                       _PLAN_OPEN, ~_NEXT_BOOKED)
            .options(lazyload(SipMeeting.participant_codes), joinedload(SipMeeting.plan)))


def _meeting_summary(item) -> Summary:
    """The plan's person and the kind of meeting (the rows' queries load the plan)."""
    return Summary(item.plan.person_ref, str(MEETING_KIND_LABELS.get(item.meeting_kind, item.meeting_kind)))


# A plan's booked meeting, and its held meetings' latest next follow-up, correlated on the plan.
_booked, _booked_item = SipMeeting.__table__.alias("booked"), WorkItem.__table__.alias("booked_item")
_HAS_BOOKED = (select(_booked.c.id).select_from(_booked.join(_booked_item, _booked_item.c.id == _booked.c.id))
               .where(_booked.c.plan_id == SipPlan.id, _booked_item.c.state == SipMeetingState.SCHEDULED.value)
               .exists())
_held, _held_item = SipMeeting.__table__.alias("held"), WorkItem.__table__.alias("held_item")
_NEXT_FOLLOW_UP = (select(func.max(_held.c.next_follow_up_on))
                   .select_from(_held.join(_held_item, _held_item.c.id == _held.c.id))
                   .where(_held.c.plan_id == SipPlan.id, _held_item.c.state == SipMeetingState.HELD.value)
                   .scalar_subquery())


def _plans_without_follow_up(actor, today, limit: int) -> list[WatchRow]:
    """The unit's open plans with no meeting booked, the soonest follow-up due first (a plan that never
    had a meeting by the day it was initiated)."""
    stmt = (visible(actor, select(SipPlan, _NEXT_FOLLOW_UP), model=SipPlan)
            .where(SipPlan.state.in_(_OPEN_PLAN_STATES), ~_HAS_BOOKED)
            .options(joinedload(SipPlan.owner))
            .order_by(func.coalesce(_NEXT_FOLLOW_UP, SipPlan.initiated_on), SipPlan.id).limit(limit))
    rows = []
    for plan, next_on in db.session.execute(stmt):
        if next_on is None:
            rows.append(WatchRow(plan, None, TimeState.NONE,
                                 _("No meeting booked since the plan was initiated %(on)s.",
                                   on=iso_date(plan.initiated_on)), plan.id))
        else:
            rows.append(WatchRow(plan, next_on, time_state(next_on, today),
                                 _("No meeting booked; the next follow-up is due %(on)s.", on=iso_date(next_on)),
                                 plan.id))
    return rows


KINDS = (
    KindSpec(
        name="sip_plan",
        page_template="sip/_plan_item.html",
        field_rules={"person_ref": ref("person_ref"), "initiated_on": past_date("initiated_on"),
                     "consent_on": optional(past_date("consent_on")), "coordinator_id": unit_member("sip_plan")},
        field_labels={"person_ref": _l("Person reference"), "initiated_on": _l("Initiated on"),
                      "consent_on": _l("Consent given on"), "coordinator_id": _l("SIP coordinator")},
        change_labels={CONSENT: ChangeLabel(_l("Consent recorded"), _consent_line)},
        edit_form=PlanEditForm,
        page_forms=_plan_forms,
        page_context=_plan_context,
        api_fields=("person_ref", "initiated_on", "consent_on", "consent_withdrawn_on"),
        searchable=(SipPlan.case_ref, SipPlan.person_ref),
        summary=lambda item: Summary(item.person_ref, _("SIP plan")),
        watch=(Watch("plans-without-follow-up", _l("SIP plans without a follow-up booked"),
                     _l("Every open SIP plan has a meeting booked."), _plans_without_follow_up),),
        report_sections=report_sections,
        report_position=30,
    ),
    KindSpec(
        name="sip_meeting",
        page_template="sip/_meeting_item.html",
        field_rules={"scheduled_for": any_date(required=True), "meeting_kind": one_of(MeetingKind),
                     "mode": one_of(MeetingMode), "next_follow_up_on": any_date(required=False),
                     "participants": lambda value, unit_id: participants_problem(value),
                     "start_time": time_of_day, "duration_minutes": whole_number(5, MAX_DURATION, required=False),
                     "place": _place,
                     "video_link": https_link(500),
                     **{name: text(200, required=False) for name in CONTACT_FIELDS}},
        field_labels={"scheduled_for": _l("Date of the meeting"), "meeting_kind": _l("Kind of meeting"),
                      "mode": _l("In person or digital"), "next_follow_up_on": _l("Next follow-up on"),
                      **MEETING_FIELD_LABELS},
        value_names=lambda item: {"meeting_kind": MEETING_KIND_LABELS, "mode": MEETING_MODE_LABELS},
        edit_form=MeetingEditForm,
        event_forms={"hold": HoldForm},
        due_on=_meeting_due_on,
        due_order=_meeting_due_order,
        due_before=_meeting_due_before,
        row_options=(selectinload(SipMeeting.plan),),
        list_filters=(ListChoice("meeting_kind", _l("Kind of meeting"), lambda: SipMeeting.meeting_kind,
                                 lambda: [(k, str(v)) for k, v in MEETING_KIND_LABELS.items()]),),
        # The person's meetings are found by their plan's person reference.
        searchable=(SipMeeting.case_ref, _PLAN_PERSON),
        api_fields=("plan_id", "scheduled_for", "meeting_kind", "mode", "participants", "next_follow_up_on",
                    *PLANNING_FIELDS),
        calendar_events=meeting_events,
        summary=_meeting_summary,
        todo=(Todo("meetings", _l("SIP meetings this week"), _l("No SIP meeting is booked this week."),
                   _l("SIP meeting"), _this_week, (SipMeeting.scheduled_for, SipMeeting.id), _booked_on),
              Todo("follow-ups", _l("SIP follow-ups due"), _l("No SIP follow-up is due this week."),
                   _l("SIP follow-up"), _follow_ups_due, (SipMeeting.next_follow_up_on, SipMeeting.id),
                   _meeting_due_on,
                   target_id=lambda meeting: meeting.plan_id)),
    ),
)

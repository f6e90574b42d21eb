"""SIP plans and meetings: the lists, a new plan, booking a meeting, and the plan's consent."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from caseflow.authz import permission_required
from caseflow.kinds import ItemKind
from caseflow.items.page import item_or_404, submit_item_form
from caseflow.items.screens import render_list, submit_create_form
from caseflow.permissions import Permission
from caseflow.audit.services import record_list
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.sip.forms import ConsentForm, MeetingCreateForm, PlanCreateForm, WeekForm, WithdrawConsentForm
from caseflow.sip.week import monday_of, parse_week, week_of_meetings
from caseflow.sip.models import SipMeeting, SipPlan
from caseflow.sip.services import add_meeting, create_plan, record_consent, withdraw_consent

bp = Blueprint("sip", __name__)


@bp.get("/sip-plans/")
@permission_required(Permission.ITEMS_READ)
def plans():
    return render_list(ItemKind.SIP_PLAN, SipPlan, "sip/plans.html", selectinload(SipPlan.coordinator))


@bp.route("/sip-plans/new", methods=["GET", "POST"])
@permission_required(Permission.ITEMS_WRITE)
def plan_create():
    form = PlanCreateForm()
    form.load_choices(current_user)
    return submit_create_form(
        form, "sip/plan_new.html",
        lambda confirm_late: create_plan(
            current_user, unit=current_user.unit, person_ref=form.person_ref.data.strip(),
            case_ref=form.case_ref.data.strip(), initiated_on=form.initiated_on.data,
            consent_on=form.consent_on.data, coordinator_id=form.coordinator(), confirm_late=confirm_late),
        _("The SIP plan is registered."))


@bp.get("/sip-meetings/")
@permission_required(Permission.ITEMS_READ)
def meetings():
    # The plan is read with each meeting: a held meeting's due date is its follow-up while its plan is open.
    return render_list(ItemKind.SIP_MEETING, SipMeeting, "sip/meetings.html", selectinload(SipMeeting.plan))


@bp.get("/sip-meetings/week")
@permission_required(Permission.ITEMS_READ)
def week():
    """A week of meetings, Monday to Sunday; this week (on a Sunday, the one ending today) by default."""
    form = WeekForm(request.args)
    valid = form.validate()
    today = today_local()
    monday = (parse_week(form.week.data) if valid and form.week.data else None) or monday_of(today)
    shown = week_of_meetings(current_user, monday, only_mine=bool(form.mine.data))
    if valid:
        form.week.data = shown.label  # the picker shows the week shown
    html = render_template("sip/week.html", form=form, week=shown, today=today,
                           this_week=monday_of(today) == monday, is_own=lambda m: m.is_owned_by(current_user.id))
    # The week shows case references: a look at it is logged as a list's is.
    meetings = shown.meetings
    record_list("sip_week", {"week": shown.label, "mine": bool(form.mine.data)}, [m.id for m in meetings],
                len(meetings), current_user.unit_id)
    db.session.commit()
    return html, 200 if valid else 422


@bp.route("/sip-plans/<int:plan_id>/meetings/new", methods=["GET", "POST"])
@permission_required(Permission.ITEMS_WRITE)
def meeting_create(plan_id: int):
    plan = item_or_404(plan_id, SipPlan)
    form = MeetingCreateForm()
    form.load_choices()
    return submit_create_form(
        form, "sip/meeting_new.html",
        lambda confirm_late: add_meeting(
            current_user, plan_id, scheduled_for=form.scheduled_for.data, meeting_kind=form.meeting_kind.data,
            mode=form.mode.data, participants=list(form.participants.data or []), confirm_late=confirm_late,
            **form.details()),
        _("The meeting is booked."), plan=plan)


@bp.post("/sip-plans/<int:item_id>/consent")
@permission_required(Permission.ITEMS_WRITE)
def consent(item_id: int):
    item_or_404(item_id, SipPlan)
    form = ConsentForm(prefix="consent")
    return submit_item_form(item_id, "consent", form, lambda confirm_late: record_consent(
        current_user, item_id, form.consent_on.data, expected_version=form.version.data,
        confirm_late=confirm_late),
        _("The consent is saved."))


@bp.post("/sip-plans/<int:item_id>/consent/withdrawal")
@permission_required(Permission.ITEMS_WRITE)
def withdraw_consent_view(item_id: int):
    item_or_404(item_id, SipPlan)
    form = WithdrawConsentForm(prefix="withdraw")
    return submit_item_form(item_id, "withdraw", form, lambda confirm_late: withdraw_consent(
        current_user, item_id, form.on.data, expected_version=form.version.data,
        confirm_late=confirm_late),
        _("The withdrawal is recorded and the plan is closed."))

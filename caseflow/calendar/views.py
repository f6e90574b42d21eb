"""The calendar page: the coming meetings, deadlines and days left; analysts edit meetings and settings."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.authz import permission_required
from caseflow.calendar import services
from caseflow.calendar.deadlines import deadline_of, holiday_name
from caseflow.calendar.forms import MeetingForm, SettingsForm
from caseflow.db import MAX_ID, today_local
from caseflow.errors import NotFound, ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.permissions import Permission

bp = Blueprint("calendar", __name__)


def _year() -> int:
    year = request.args.get("year", type=int)
    if year is None:
        return today_local().year
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        abort(404)
    return year


def _render(status: int = 200, meeting_form: MeetingForm | None = None, settings_form: SettingsForm | None = None):
    today, year = today_local(), _year()
    current = services.settings()
    can_edit = current_user.can(Permission.CALENDAR_EDIT)
    year_meetings = services.meetings_between(date(year, 1, 1), date(year, 12, 31)) if can_edit else []
    if can_edit:
        meeting_form = meeting_form or MeetingForm(formdata=None)
        settings_form = settings_form or SettingsForm(formdata=None, obj=current)
    return render_template(
        "calendar/index.html", today=today, year=year, upcoming=services.upcoming(today), settings=current,
        can_edit=can_edit, meeting_form=meeting_form, settings_form=settings_form,
        year_meetings=[(m, deadline_of(m.meets_on, current.deadline_working_days)) for m in year_meetings],
        holiday_name=holiday_name), status


@bp.get("/")
@permission_required(Permission.CALENDAR_VIEW)
def index():
    return _render()


def _saved(message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("calendar.index", year=request.args.get("year", type=int)))


@bp.post("/meetings")
@permission_required(Permission.CALENDAR_EDIT)
def add_meeting():
    form = MeetingForm()
    if not form.validate_on_submit():
        return _render(422, meeting_form=form)
    try:
        meeting = services.add_meeting(form.meets_on.data, actor=current_user)
    except ServiceError as err:
        db.session.rollback()
        show_service_error(form, err)
        return _render(422, meeting_form=form)
    deadline_on = deadline_of(meeting.meets_on, services.settings().deadline_working_days)
    return _saved(_("The meeting %(on)s is added; the report is due %(deadline)s.",
                    on=meeting.meets_on.isoformat(), deadline=deadline_on.isoformat()))


def _meeting_or_404(meeting_id: int):
    if not 1 <= meeting_id <= MAX_ID:
        abort(404)
    try:
        return services.get_meeting(meeting_id)
    except NotFound:
        abort(404)


@bp.route("/meetings/<int:meeting_id>", methods=["GET", "POST"])
@permission_required(Permission.CALENDAR_EDIT)
def edit_meeting(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    form = MeetingForm(obj=meeting)
    working_days = services.settings().deadline_working_days
    if form.validate_on_submit():
        try:
            services.move_meeting(meeting.id, form.meets_on.data, actor=current_user)
        except ServiceError as err:
            db.session.rollback()
            show_service_error(form, err)
        else:
            deadline_on = deadline_of(form.meets_on.data, working_days)
            return _saved(_("The meeting is moved to %(on)s; the report is due %(deadline)s.",
                            on=form.meets_on.data.isoformat(), deadline=deadline_on.isoformat()))
    status = 422 if form.errors else 200
    # After a refusal the session was rolled back: the meeting reloads with its stored date.
    return render_template("calendar/meeting.html", form=form, meeting=meeting,
                           deadline_on=deadline_of(meeting.meets_on, working_days), working_days=working_days), status


@bp.post("/meetings/<int:meeting_id>/delete")
@permission_required(Permission.CALENDAR_EDIT)
def delete_meeting(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    on = meeting.meets_on.isoformat()
    services.delete_meeting(meeting.id, actor=current_user)
    return _saved(_("The meeting %(on)s is removed.", on=on))


@bp.post("/settings")
@permission_required(Permission.CALENDAR_EDIT)
def save_settings():
    form = SettingsForm()
    if not form.validate_on_submit():
        return _render(422, settings_form=form)
    try:
        services.update_settings(deadline_working_days=form.deadline_working_days.data,
                                 reminder_days=form.reminder_days.data, actor=current_user)
    except ServiceError as err:
        db.session.rollback()
        show_service_error(form, err)
        return _render(422, settings_form=form)
    return _saved(_("The calendar's settings are saved."))

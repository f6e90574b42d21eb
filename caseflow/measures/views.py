"""The unit leader's action plans: measures with this month's notes, new measures, the printable follow-up."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from caseflow.authz import permission_required
from caseflow.db import today_local
from caseflow.errors import Conflict, NotFound, ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.items.access import get_item
from caseflow.items.screens import submit_create_form
from caseflow.measures.followup import follow_up, plans_of, unit_plan_names
from caseflow.measures.forms import MeasureForm, NoteForm, leader_choices
from caseflow.measures.models import Measure
from caseflow.measures.services import create_measure, write_note
from caseflow.months import Month
from caseflow.permissions import Permission

bp = Blueprint("measures", __name__)


def _month_or_404(text: str | None) -> Month:
    try:
        month = Month.parse(text)
    except ValueError:
        abort(404)
    if not month.has_begun:
        abort(404)
    return month


def _month_context(month: Month) -> dict:
    return {"month": month, "month_text": str(month), "month_name": format_date(month.first_day, "LLLL y")}


def _render_plans(month: int, posted: tuple[int, NoteForm] | None = None, status: int = 200):
    """The plans page of ``month``; ``posted`` is a note form that was refused, shown with its errors."""
    today = today_local()
    rows = follow_up(current_user, month, today)
    forms = {}
    for row in rows:
        if posted and posted[0] == row.measure.id:
            forms[row.measure.id] = posted[1]
        else:
            forms[row.measure.id] = NoteForm(formdata=None, prefix=f"note-{row.measure.id}",
                                             text=row.note.text if row.note else "",
                                             version=str(row.note.version if row.note else 0))
        forms[row.measure.id].text.label.text = _("Note for measure %(number)s", number=row.measure.number)
    return render_template("measures/index.html", plans=plans_of(rows), forms=forms,
                           missing=sum(r.is_missing for r in rows), is_current=month == Month.of(today),
                           **_month_context(month)), status


@bp.get("/measures")
@permission_required(Permission.MEASURES_MANAGE)
def index():
    this_month = Month.current()
    try:
        month = min(Month.parse(request.args.get("month")), this_month)
    except ValueError:
        month = this_month
    return _render_plans(month)


@bp.post("/measures/<int:measure_id>/notes/<month_param>")
@permission_required(Permission.MEASURES_MANAGE)
def note(measure_id: int, month_param: str):
    month = _month_or_404(month_param)
    try:
        get_item(current_user, measure_id, Measure)  # another unit's measure answers like a missing one
    except NotFound:
        abort(404)
    form = NoteForm(prefix=f"note-{measure_id}")
    if not form.validate_on_submit():
        return _render_plans(month, (measure_id, form), 422)
    try:
        write_note(current_user, measure_id, month, form.text.data, expected_version=form.expected_version())
        db.session.commit()
    except (Conflict, IntegrityError):
        db.session.rollback()
        current = next((r.note for r in follow_up(current_user, month, today_local())
                        if r.measure.id == measure_id), None)
        form.version.data = str(current.version if current else 0)  # a second save, seen the other text, wins
        form.text.errors = [_("Someone else saved a note for this month meanwhile; it is shown above. "
                              "Merge your text with it and save again.")]
        return _render_plans(month, (measure_id, form), 409)
    except ServiceError as err:
        db.session.rollback()
        show_service_error(form, err)
        return _render_plans(month, (measure_id, form), 422)
    flash(_("The note is saved."), "success")
    return redirect(url_for("measures.index", month=str(month), _anchor=f"measure-{measure_id}"))


@bp.route("/measures/new", methods=["GET", "POST"])
@permission_required(Permission.MEASURES_MANAGE)
def new():
    form = MeasureForm(responsible_id=current_user.id)
    form.responsible_id.choices = leader_choices(current_user)
    return submit_create_form(
        form, "measures/new.html",
        lambda confirm_late: create_measure(
            current_user, unit=current_user.unit, plan=form.plan.data, number=form.number.data,
            title=form.title.data.strip(), start_on=form.start_on.data, responsible_id=form.responsible_id.data,
            expected_effect=(form.expected_effect.data or "").strip() or None, confirm_late=confirm_late),
        _("The measure is created."), done=lambda measure: url_for("measures.index", _anchor=f"measure-{measure.id}"),
        plan_names=unit_plan_names(current_user))


@bp.get("/measures/follow-up/<month_param>")
@permission_required(Permission.MEASURES_MANAGE)
def follow_up_page(month_param: str):
    month = _month_or_404(month_param)
    rows = follow_up(current_user, month, today_local())
    return render_template("measures/follow_up.html", plans=plans_of(rows),
                           missing=sum(r.is_missing for r in rows), **_month_context(month))

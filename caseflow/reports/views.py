"""The analyst's committee report page: live beside frozen, freezing, rollups and downloads."""

from __future__ import annotations

from base64 import b64encode

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from caseflow.authz import permission_required
from caseflow.background import enqueue, task_state
from caseflow.errors import NotFound, ServiceError, ValidationError
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.health import last_heard_at, workers_silent
from caseflow.permissions import Permission
from caseflow.reports import freeze
from caseflow.reports.charts import chart_svg
from caseflow.reports.forms import FreezeForm, text_form
from caseflow.reports.freshness import freshness, waiting_registrations
from caseflow.reports.months import parse_month
from caseflow.reports.services import (MEDIA_TYPES, ExportFormat, changes_since, export_report, frozen_report,
                                       live_report, report_span, report_unit)
from caseflow.reports.text import is_saved, save_text
from caseflow.units.models import Unit
from caseflow.reports.values import report_window

bp = Blueprint("reports", __name__)

#: Where the page keeps the id of the rollup it asked for, per month, so a refresh shows its state.
SESSION_KEY = "report_rollups"
STATE_LABELS = {
    "PENDING": _l("Waiting for a worker"),
    "STARTED": _l("Running"),
    "SUCCESS": _l("Done"),
    "FAILURE": _l("Failed"),
    "UNKNOWN": _l("Unknown: the task queue does not answer"),
}
FINISHED = frozenset({"SUCCESS", "FAILURE", "UNKNOWN"})


def _month(text: str) -> int:
    try:
        month = parse_month(text)
    except ServiceError:
        abort(404)
    if not month.has_begun:
        abort(404)
    return month


def _rollup_state(month: int) -> dict | None:
    task_id = session.get(SESSION_KEY, {}).get(str(Month(month)))
    if not task_id:
        return None
    state = task_state(task_id)
    return {"state": state, "label": str(STATE_LABELS.get(state, state)), "finished": state in FINISHED}


@bp.get("/")
@permission_required(Permission.REPORTS_VIEW)
def index():
    if month := request.args.get("month"):
        return redirect(url_for("reports.report", month=str(Month(_month(month)))))
    return render_template("reports/index.html", default_month=str(Month.current().previous))


@bp.get("/<month>")
@permission_required(Permission.REPORTS_VIEW)
def report(month: str):
    return _report_page(_month(month))


def _report_page(m: int, form=None):
    """The page of month ``m``; ``form``: the text form as posted, refused (422) beside its fields."""
    version = request.args.get("version", type=int)
    snapshots = freeze.snapshots_of(m)
    shown = next((s for s in snapshots if s.version == version), None) if version else None
    if version and shown is None:
        abort(404)
    latest = snapshots[0] if snapshots else None
    try:
        first, span_error = report_span(m, request.args.get("from")), None
    except ValidationError as err:
        first, span_error = None, err.fields["from"]
    try:
        unit = report_unit(request.args.get("unit"))
    except NotFound:
        abort(404)
    current = frozen_report(shown, first, unit) if shown else live_report(m, first, unit)
    changes = changes_since(frozen_report(latest, first, unit), current) if latest and not shown else {}
    charts = {c.table_key: (c, b64encode(chart_svg(c)).decode("ascii")) for c in current.charts()}
    heard_at = last_heard_at()
    fresh = None if shown else freshness(m)
    # The text is the municipality's report's: written there, shown as it stands in a unit's view.
    if form is None and not shown and unit is None and current_user.can(Permission.REPORTS_WRITE):
        form = text_form(current.sections, current.text, formdata=None)
    return render_template("reports/report.html", report=current, month=str(Month(m)), shown=shown,
                           text_form=form, text_saved=is_saved(m),
                           fresh=fresh, waiting=waiting_registrations(fresh.pending) if fresh else 0,
                           latest=latest, snapshots=snapshots, changes=changes, charts=charts,
                           rollup=_rollup_state(m), formats=list(ExportFormat), worker_heard_at=heard_at,
                           workers_silent=workers_silent(heard_at), first=first, span_error=span_error,
                           unit=unit, units=db.session.scalars(select(Unit).order_by(Unit.code)).all()
                           ), 422 if span_error or (form is not None and form.errors) else 200


@bp.post("/<month>/text")
@permission_required(Permission.REPORTS_WRITE)
def save_month_text(month: str):
    """The analyst's text of the month's tjänsteskrivelse: what the live report and its next freeze say."""
    m = _month(month)
    live = live_report(m)
    form = text_form(live.sections, live.text, formdata=request.form)
    if not form.validate():
        return _report_page(m, form)
    save_text(m, form.text(), actor=current_user._get_current_object())
    db.session.commit()
    flash(_("The text of the report is saved."), "success")
    return redirect(url_for("reports.report", month=str(Month(m)), _anchor="report-text"))


@bp.route("/<month>/freeze", methods=["GET", "POST"])
@permission_required(Permission.REPORTS_FREEZE)
def freeze_month(month: str):
    """A freeze is deliberate: confirmed with a tick, with a comment and the committee's date."""
    m = _month(month)
    form = FreezeForm()
    if not form.validate_on_submit():
        return render_template("reports/freeze.html", form=form, month=str(Month(m)),
                               latest=freeze.latest_snapshot(m)), 422 if form.is_submitted() else 200
    try:
        snapshot = freeze.freeze_report(m, actor=current_user._get_current_object(), comment=form.comment.data,
                                        committee_on=form.committee_on.data)
    except ServiceError as err:
        db.session.rollback()
        flash(err.message, "error")
        return redirect(url_for("reports.report", month=month))
    db.session.commit()
    flash(_("Version %(version)d of the report is frozen.", version=snapshot.version), "success")
    return redirect(url_for("reports.report", month=str(Month(m))))


@bp.post("/<month>/rollup")
@permission_required(Permission.ROLLUP_RUN)
def rollup(month: str):
    m = _month(month)
    first, last = report_window(m)
    task_id = enqueue("caseflow.rollup_months", str(Month(first)), str(Month(last)))
    if task_id is None:
        flash(_("The task queue does not answer. The months are rolled up when it is back."), "error")
    else:
        session[SESSION_KEY] = {**session.get(SESSION_KEY, {}), str(Month(m)): task_id}
        flash(_("The rollup of %(first)s to %(last)s is queued.", first=str(Month(first)),
                last=str(Month(last))), "success")
    return redirect(url_for("reports.report", month=str(Month(m))))


@bp.get("/<month>/rollup-status")
@permission_required(Permission.REPORTS_VIEW)
def rollup_status(month: str):
    return jsonify(_rollup_state(_month(month)) or {"state": None, "label": "", "finished": True})


@bp.get("/<month>/export.<fmt>")
@permission_required(Permission.REPORTS_VIEW)
def export(month: str, fmt: str):
    m = _month(month)
    try:
        export_format = ExportFormat(fmt)
        first = report_span(m, request.args.get("from"))
        content, filename = export_report(m, export_format, request.args.get("version", type=int), first,
                                          report_unit(request.args.get("unit")))
    except (ValueError, NotFound):
        abort(404)
    except ValidationError:
        abort(422)
    return Response(content, mimetype=MEDIA_TYPES[export_format],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})

"""Log review: the access log and the audit log, filtered and paginated, and their CSV export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.audit.forms import ExportForm, LogFilterForm
from caseflow.audit.review import LOGS, LogFilter, export_csv, log_rows, offered_users
from caseflow.audit.words import access_lines, audit_lines
from caseflow.audit.services import record_change
from caseflow.authz import permission_required
from caseflow.db import today_local
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.pagination import Page, paginate
from caseflow.permissions import Permission

bp = Blueprint("logs", __name__)


def _log_or_404(log: str) -> str:
    return log if log in LOGS else abort(404)


@bp.get("")
@permission_required(Permission.AUDIT_READ)
def review():
    return redirect(url_for("logs.index", log="access"))


@bp.get("/<log>")
@permission_required(Permission.AUDIT_READ)
def index(log: str):
    _log_or_404(log)
    form = LogFilterForm(request.args)
    page, status = Page(items=[], page=1, per_page=1, total=0), 200
    if form.validate():
        try:
            page = paginate(log_rows(current_user, log, form.filters()))
        except ServiceError as err:
            show_service_error(form, err)
    if form.errors:
        status = 422
    export = ExportForm(formdata=None, data=form.data)
    offered = offered_users(current_user, log)
    lines = (access_lines if log == "access" else audit_lines)(current_user, page.items)
    return render_template("audit/log.html", log=log, form=form, export=export, page=page, offered=offered,
                           lines=lines), status


@bp.post("/<log>/export")
@permission_required(Permission.AUDIT_READ)
def export(log: str):
    _log_or_404(log)
    form = ExportForm()
    if not form.validate():
        flash(_("The export was not made: check the filter."), "error")
        return redirect(url_for("logs.index", log=log))
    filters: LogFilter = form.filters()
    try:
        content, count = export_csv(current_user, log, filters)
    except ServiceError as err:
        flash(err.message + " " + " ".join(err.fields.values()), "error")
        return redirect(url_for("logs.index", log=log, **{k: v for k, v in request.form.items()
                                                           if k in form and k != "csrf_token" and v}))
    # Reading the log is not logged row by row, but taking a copy of it out of Caseflow is.
    record_change("audit.export", LOGS[log].__tablename__, None, actor=current_user,
                  after={"filters": filters.as_dict(), "rows": count}, unit_id=current_user.unit_id)
    db.session.commit()
    filename = f"caseflow-{log}-log-{today_local().isoformat()}.csv"
    return Response(content, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Content-Type": "text/csv; charset=utf-8"})

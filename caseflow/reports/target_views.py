"""The analyst's page of the committee's targets: the report measures its month against them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.authz import permission_required
from caseflow.db import MAX_ID
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.permissions import Permission
from caseflow.reports.catalog import METRICS
from caseflow.reports.models import ReportTarget
from caseflow.reports.target_forms import DIRECTION_LABELS, PERIOD_LABELS, TargetForm
from caseflow.reports.targets import delete_target, save_target

bp = Blueprint("targets", __name__)


def _page(form: TargetForm, target: ReportTarget | None, status: int = 200):
    targets = db.session.scalars(select(ReportTarget).order_by(ReportTarget.id)).all()
    return render_template("reports/targets.html", form=form, target=target, targets=targets, metrics=METRICS,
                           directions=DIRECTION_LABELS, periods=PERIOD_LABELS), status


def _save(form: TargetForm, target: ReportTarget | None):
    if not form.validate_on_submit():
        return _page(form, target, 422 if form.errors else 200)
    try:
        save_target(current_user, target, title=form.title.data, metric=form.metric.data,
                    direction=form.direction.data, value=form.value.number, period=form.period.data)
    except ServiceError as err:
        db.session.rollback()
        show_service_error(form, err)
        return _page(form, target, 422)
    db.session.commit()
    flash(_("The target is saved."), "success")
    return redirect(url_for("targets.index"))


@bp.route("/", methods=["GET", "POST"])
@permission_required(Permission.REPORTS_TARGETS)
def index():
    return _save(TargetForm(), None)


@bp.route("/<int:target_id>", methods=["GET", "POST"])
@permission_required(Permission.REPORTS_TARGETS)
def edit(target_id: int):
    target = db.session.get(ReportTarget, target_id) if target_id <= MAX_ID else None
    if target is None:
        abort(404)
    form = TargetForm(data={"title": target.title, "metric": target.metric, "direction": target.direction.value,
                            "value": str(target.value.normalize()).replace(".", ","),
                            "period": target.period.value})
    return _save(form, target)


@bp.post("/<int:target_id>/delete")
@permission_required(Permission.REPORTS_TARGETS)
def delete(target_id: int):
    target = db.session.get(ReportTarget, target_id) if target_id <= MAX_ID else None
    if target is None:
        abort(404)
    delete_target(current_user, target)
    db.session.commit()
    flash(_("The target is removed."), "success")
    return redirect(url_for("targets.index"))

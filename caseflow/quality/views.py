"""The leader's draw of a month's sample, the list of drawn reviews, and the reviewer's checklist."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from caseflow.authz import permission_required
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.items.page import item_or_404, submit_item_form
from caseflow.items.screens import render_list
from caseflow.kinds import ItemKind
from caseflow.months import Month
from caseflow.permissions import Permission
from caseflow.quality.forms import DrawForm, ReviewForm
from caseflow.quality.models import QualityReview
from caseflow.quality.services import draw, draws_of, per_caseworker, save_review

bp = Blueprint("quality", __name__)


@bp.get("/quality-reviews/")
@permission_required(Permission.ITEMS_READ)
def index():
    return render_list(ItemKind.QUALITY_REVIEW, QualityReview, "quality/index.html",
                       selectinload(QualityReview.reviewed_user))


def _render_draw(form: DrawForm, status: int = 200):
    draws = [(d, format_date(Month(d.month).first_day, "LLLL y")) for d in draws_of(current_user)]
    return render_template("quality/draw.html", form=form, draws=draws), status


@bp.route("/quality-reviews/draw", methods=["GET", "POST"])
@permission_required(Permission.QUALITY_DRAW)
def draw_sample():
    form = DrawForm()
    if not form.is_submitted():
        form.month.data = str(Month.current().previous)
        form.n.data = per_caseworker(current_user.unit_id)
    if not form.validate_on_submit():
        return _render_draw(form, 422 if form.errors else 200)
    try:
        made = draw(current_user, unit=current_user.unit, month=Month.parse(form.month.data), n=form.n.data)
        db.session.commit()
    except ServiceError as err:
        db.session.rollback()
        show_service_error(form, err)
        return _render_draw(form, err.status)
    flash(_("The sample is drawn: %(n)d cases to review.", n=len(made.reviews)), "success")
    return redirect(url_for("quality.index"))


@bp.post("/quality-reviews/<int:item_id>/checklist")
@permission_required(Permission.ITEMS_WRITE)
def checklist(item_id: int):
    item_or_404(item_id, QualityReview)
    form = ReviewForm(prefix="review")
    return submit_item_form(item_id, "review", form, lambda confirm_late: save_review(
        current_user, item_id, form.changes(), expected_version=form.version.data, confirm_late=confirm_late),
        _("The checklist is saved."))

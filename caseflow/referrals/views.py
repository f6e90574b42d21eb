"""The referrals list and the form to register one."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.authz import permission_required
from caseflow.kinds import ItemKind
from caseflow.items.screens import render_list, submit_create_form
from caseflow.permissions import Permission
from caseflow.referrals.forms import ReferralCreateForm
from caseflow.referrals.models import Referral
from caseflow.referrals.services import create_referral

bp = Blueprint("referrals", __name__)


@bp.get("/")
@permission_required(Permission.ITEMS_READ)
def index():
    return render_list(ItemKind.REFERRAL, Referral, "referrals/index.html")


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Permission.ITEMS_WRITE)
def create():
    form = ReferralCreateForm()
    form.load_choices()
    if not form.is_submitted():
        form.target.data = form.target.data or "UJC"
    return submit_create_form(
        form, "referrals/new.html",
        lambda confirm_late: create_referral(
            current_user, unit=current_user.unit, person_ref=form.person_ref.data.strip(),
            case_ref=form.case_ref.data.strip(), sent_on=form.sent_on.data, target=form.target.data,
            barrier_group=form.barrier_group.data or None, confirm_late=confirm_late),
        _("The referral is registered."))

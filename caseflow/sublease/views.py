"""The sublease cases list, the form to register one, and the KIR check of the item page."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.authz import permission_required
from caseflow.kinds import ItemKind
from caseflow.items.page import item_or_404, submit_item_form
from caseflow.items.screens import render_list, submit_create_form
from caseflow.permissions import Permission
from caseflow.sublease.forms import KirCheckForm, SubleaseCreateForm
from caseflow.sublease.models import SubleaseCase
from caseflow.sublease.services import create_sublease_case, record_kir_check

bp = Blueprint("sublease", __name__)


@bp.get("/")
@permission_required(Permission.ITEMS_READ)
def index():
    return render_list(ItemKind.SUBLEASE_CASE, SubleaseCase, "sublease/index.html")


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Permission.ITEMS_WRITE)
def create():
    form = SubleaseCreateForm()
    return submit_create_form(
        form, "sublease/new.html",
        lambda confirm_late: create_sublease_case(
            current_user, unit=current_user.unit, case_ref=form.case_ref.data.strip(),
            applied_on=form.applied_on.data, contract_type=form.contract_type.data, confirm_late=confirm_late),
        _("The sublease case is registered."))


@bp.post("/<int:item_id>/kir-check")
@permission_required(Permission.ITEMS_WRITE)
def kir_check(item_id: int):
    item_or_404(item_id, SubleaseCase)
    form = KirCheckForm(prefix="kir")
    return submit_item_form(item_id, "kir", form, lambda confirm_late: record_kir_check(
        current_user, item_id, checked_on=form.kir_checked_on.data,
        registered_at_address=form.registered_at_address.data,
        double_rent_suspected=form.double_rent_suspected.data, expected_version=form.version.data,
        confirm_late=confirm_late),
        _("The KIR check is saved."))

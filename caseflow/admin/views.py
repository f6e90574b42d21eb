"""Users and units, for admins."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseflow.admin.forms import ROLE_LABELS, UnitForm, UserCreateForm, UserEditForm
from caseflow.auth.models import User
from caseflow.auth.services import create_user, set_password, update_user
from caseflow.authz import permission_required
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.pagination import paginate
from caseflow.permissions import Permission
from caseflow.units.models import Unit
from caseflow.units.services import create_unit, update_unit

bp = Blueprint("admin", __name__)


def _unit_choices(form) -> None:
    units = db.session.scalars(select(Unit).where(Unit.is_active.is_(True)).order_by(Unit.code))
    form.unit_id.choices = [("", _("(none)"))] + [(str(u.id), f"{u.code} – {u.name}") for u in units]


def _chosen_unit(form) -> Unit | None:
    return db.session.get(Unit, int(form.unit_id.data)) if form.unit_id.data else None


def _save(form, action, success_message: str, target: str, template: str, **context):
    """Run one service call in one transaction; on refusal show why next to the fields."""
    try:
        action()
    except ServiceError as err:
        db.session.rollback()
        show_service_error(form, err)
        return render_template(template, form=form, **context), 422
    db.session.commit()
    flash(success_message, "success")
    return redirect(target)


@bp.get("/users")
@permission_required(Permission.ADMIN_USERS)
def users():
    page = paginate(select(User).options(selectinload(User.unit)).order_by(User.username))
    return render_template("admin/users.html", page=page, role_labels=ROLE_LABELS)


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required(Permission.ADMIN_USERS)
def user_create():
    form = UserCreateForm()
    _unit_choices(form)
    if not form.validate_on_submit():
        return render_template("admin/user_form.html", form=form, user=None), 422 if form.errors else 200
    def action():
        create_user(username=form.username.data, display_name=form.display_name.data, role=form.role.data,
                    unit=_chosen_unit(form), password=form.password.data, email=form.email.data)
    return _save(form, action,
                 _("The user is created."), url_for("admin.users"), "admin/user_form.html", user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission_required(Permission.ADMIN_USERS)
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user, unit_id=str(user.unit_id or ""))
    _unit_choices(form)
    if not form.validate_on_submit():
        return render_template("admin/user_form.html", form=form, user=user), 422 if form.errors else 200

    def action():
        update_user(user, display_name=form.display_name.data, role=form.role.data,
                    unit=_chosen_unit(form), is_active=form.is_active.data, email=form.email.data,
                    actor=current_user)
        if form.new_password.data:
            set_password(user, form.new_password.data)

    return _save(form, action, _("The user is saved."), url_for("admin.users"), "admin/user_form.html",
                 user=user)


@bp.get("/units")
@permission_required(Permission.ADMIN_UNITS)
def units():
    page = paginate(select(Unit).order_by(Unit.code))
    return render_template("admin/units.html", page=page)


@bp.route("/units/new", methods=["GET", "POST"])
@permission_required(Permission.ADMIN_UNITS)
def unit_create():
    form = UnitForm()
    if not form.validate_on_submit():
        return render_template("admin/unit_form.html", form=form, unit=None), 422 if form.errors else 200
    return _save(form, lambda: create_unit(form.code.data, form.name.data), _("The unit is created."),
                 url_for("admin.units"), "admin/unit_form.html", unit=None)


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@permission_required(Permission.ADMIN_UNITS)
def unit_edit(unit_id: int):
    unit = db.session.get(Unit, unit_id) or abort(404)
    form = UnitForm(obj=unit)
    if not form.validate_on_submit():
        return render_template("admin/unit_form.html", form=form, unit=unit), 422 if form.errors else 200
    return _save(form, lambda: update_unit(unit, code=form.code.data, name=form.name.data,
                                           is_active=form.is_active.data),
                 _("The unit is saved."), url_for("admin.units"), "admin/unit_form.html", unit=unit)

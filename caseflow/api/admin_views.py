"""The admin's page for API tokens: list, create (the token shown once), revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from caseflow.api.models import ApiToken
from caseflow.api.tokens import create_token, revoke_token
from caseflow.authz import permission_required
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.forms_support import Form
from caseflow.forms_support import show_service_error
from caseflow.pagination import paginate
from caseflow.permissions import Permission
from caseflow.units.models import Unit

bp = Blueprint("tokens", __name__)

SCOPE_LABELS = {"ingest": _l("ingest: writes items, checks and figures"), "read": _l("read: counts and reports")}


class TokenForm(Form):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=64)])
    scope = SelectField(_l("Scope"), choices=lambda: list(SCOPE_LABELS.items()))
    unit_id = SelectField(_l("Unit"), choices=[])


class RevokeForm(Form):
    """CSRF only: revoking takes nothing but the token in the URL."""


def _unit_choices(form: TokenForm) -> None:
    units = db.session.scalars(select(Unit).where(Unit.is_active.is_(True)).order_by(Unit.code))
    form.unit_id.choices = [("", _("All units"))] + [(str(u.id), f"{u.code} – {u.name}") for u in units]


@bp.route("/", methods=["GET", "POST"])
@permission_required(Permission.ADMIN_TOKENS)
def index():
    form = TokenForm()
    _unit_choices(form)
    plain = None
    status = 200
    if form.validate_on_submit():
        unit = db.session.get(Unit, int(form.unit_id.data)) if form.unit_id.data else None
        try:
            _, plain = create_token(form.name.data, form.scope.data, unit)
        except ServiceError as err:
            db.session.rollback()
            show_service_error(form, err)
            status = 422
        else:
            db.session.commit()
            form = TokenForm(formdata=None)
            _unit_choices(form)
    elif form.errors:
        status = 422
    page = paginate(select(ApiToken).options(selectinload(ApiToken.unit)).order_by(ApiToken.id.desc()))
    # The plain token is rendered once, in this answer only; it is stored as a hash and never again shown.
    return render_template("admin/tokens.html", form=form, page=page, plain=plain, revoke_form=RevokeForm(),
                           scope_labels=SCOPE_LABELS), status


@bp.post("/<int:token_id>/revoke")
@permission_required(Permission.ADMIN_TOKENS)
def revoke(token_id: int):
    if not RevokeForm().validate_on_submit():
        abort(400)
    token = db.session.get(ApiToken, token_id) or abort(404)
    if token.revoked_at is None:
        revoke_token(token)
        db.session.commit()
        flash(_("The token %(name)s is revoked.", name=token.name), "success")
    return redirect(url_for("tokens.index"))

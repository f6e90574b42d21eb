"""The caseload page (counts per owner and kind) and the reassignment of the unit's open items."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from caseflow.authz import permission_required
from caseflow.caseload.forms import OpenItemsFilter, ReassignForm
from caseflow.caseload.services import caseload, open_items
from caseflow.items.access import unit_members
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.kinds import MACHINES
from caseflow.items.services import reassign as reassign_items
from caseflow.pagination import paginate
from caseflow.permissions import Permission

bp = Blueprint("caseload", __name__)


@bp.get("/caseload")
@permission_required(Permission.CASELOAD_VIEW)
def index():
    rows, totals = caseload(current_user)
    return render_template("caseload/index.html", rows=rows, totals=totals, kinds=list(MACHINES))


@bp.route("/caseload/reassign", methods=["GET", "POST"])
@permission_required(Permission.ITEMS_REASSIGN)
def reassign():
    members = unit_members(current_user)
    filters = OpenItemsFilter(request.args)
    filters.set_owner_choices(members)
    form = ReassignForm()
    form.owner_id.choices = [("", _("Choose…"))] + [(m.id, m.display_name) for m in members]
    if form.validate_on_submit():
        try:
            items = reassign_items(current_user, form.items.data, form.owner_id.data)
        except ServiceError as err:
            db.session.rollback()
            show_service_error(form, err)
        else:
            db.session.commit()
            owner = next(m for m in members if m.id == form.owner_id.data)
            flash(ngettext("%(num)d item is now owned by %(name)s.", "%(num)d items are now owned by %(name)s.",
                           len(items), name=owner.display_name), "success")
            return redirect(url_for("caseload.reassign", **request.args))
    if not filters.validate():
        filters = OpenItemsFilter(formdata=None)  # an unknown filter value lists everything
        filters.set_owner_choices(members)
    page = paginate(open_items(current_user, filters.owner.data or None, filters.kind.data or None))
    status = 422 if form.errors else 200
    return render_template("caseload/reassign.html", page=page, form=form, filters=filters), status

"""The caseload page (counts per owner and kind) and the reassignment of the unit's open items."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from caseflow.authz import permission_required
from caseflow.caseload.forms import OpenItemsFilter, ReassignForm
from caseflow.caseload.services import caseload, open_items
from caseflow.db import today_local
from caseflow.errors import ValidationError
from caseflow.items.access import unit_members
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.kinds import MACHINES
from caseflow.items.deadlines import time_state
from caseflow.items.models import WorkItem
from caseflow.items.registry import kind_spec, kinds
from caseflow.items.services import reassign as reassign_items
from caseflow.pagination import paginate
from caseflow.permissions import Permission

bp = Blueprint("caseload", __name__)


@bp.get("/caseload")
@permission_required(Permission.CASELOAD_VIEW)
def index():
    rows, totals = caseload(current_user, today_local())
    return render_template("caseload/index.html", rows=rows, totals=totals, kinds=list(MACHINES))


def _matching(filters) -> object:
    """The unit's open items the filter form matches (an unknown filter value matches everything)."""
    return open_items(current_user, filters.owner.data or None, filters.kind.data or None,
                      filters.due.data or None, today_local())


def _chosen_ids(form, filters) -> list[int]:
    """The ticked items, or every item the filter matches when the leader chose them all: the count
    shown then must still hold, so nothing the leader did not see moves."""
    if not form.all_matching.data:
        return form.items.data
    # Loaded whole: the reassignment reads the same rows next, from the session.
    ids = [item.id for item in db.session.scalars(_matching(filters))]
    if form.matching.data != str(len(ids)):
        message = _("The filter now matches %(num)d items, not %(shown)s as shown: check them and choose again.",
                    num=len(ids), shown=form.matching.data or "?")
        raise ValidationError(message, {"items": message})
    return ids


@bp.route("/caseload/reassign", methods=["GET", "POST"])
@permission_required(Permission.ITEMS_REASSIGN)
def reassign():
    members = unit_members(current_user)
    filters = OpenItemsFilter(request.args)
    filters.set_owner_choices(members)
    if not filters.validate():
        filters = OpenItemsFilter(formdata=None)  # an unknown filter value lists everything
        filters.set_owner_choices(members)
    form = ReassignForm()
    form.owner_id.choices = [("", _("Choose…"))] + [(m.id, m.display_name) for m in members]
    if form.validate_on_submit():
        try:
            items = reassign_items(current_user, _chosen_ids(form, filters), form.owner_id.data)
        except ServiceError as err:
            db.session.rollback()
            show_service_error(form, err)
        else:
            db.session.commit()
            owner = next(m for m in members if m.id == form.owner_id.data)
            flash(ngettext("%(num)d item is now owned by %(name)s.", "%(num)d items are now owned by %(name)s.",
                           len(items), name=owner.display_name), "success")
            return redirect(url_for("caseload.reassign", **request.args))
    row_options = [option for spec in kinds().values() for option in spec.row_options]
    page = paginate(_matching(filters).options(selectinload(WorkItem.owner), *row_options))
    status = 422 if form.errors else 200
    return render_template("caseload/reassign.html", page=page, form=form, filters=filters,
                           due_light=_due_light(today_local())), status


def _due_light(today):
    """``due_light(item)`` → (light, due date) of an item of any kind; (None, None) without a due date."""
    def due_light(item):
        due_on = kind_spec(item.kind).due_on(item)
        return (time_state(due_on, today), due_on) if due_on else (None, None)
    return due_light

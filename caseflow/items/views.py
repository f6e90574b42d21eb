"""The item page (``/items/<id>``, any kind), its events and its edit form."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.audit.services import record_change
from caseflow.authz import permission_required
from caseflow.extensions import db
from caseflow.items import search as searching
from caseflow.items.page import event_form_of, item_or_404, render_item_page, submit_item_form
from caseflow.items.registry import kind_spec
from caseflow.items.forms import reference_choices
from caseflow.items.services import apply, edit_item
from caseflow.items.state_labels import TEMPLATE_GLOBALS, event_label
from caseflow.permissions import Permission

bp = Blueprint("items", __name__)


@bp.record_once
def _register_labels(state) -> None:
    state.app.jinja_env.globals.update(TEMPLATE_GLOBALS)


@bp.get("/items/<int:item_id>")
def page(item_id: int):
    # No permission guard of its own: an analyst's or admin's request answers 404 like a missing
    # item (API.md), because the query finds nothing they may see.
    return render_item_page(item_id)


@bp.get("/search")
@permission_required(Permission.ITEMS_READ)
def search():
    """The header's search: a household's or person's items of every kind in the reader's unit."""
    query = searching.cleaned(request.args.get("q"))
    result = searching.search(current_user, query)
    html = render_template("items/search.html", result=result, own_date=searching.own_date)
    if query:
        # A look at a household's items is an access like a list's: the items shown are logged, and the
        # reference searched for under a key the log review masks to whoever works no case.
        record_change("items.search", "work_item", None, unit_id=current_user.unit_id,
                      after={"filter": {"reference": query}, "rows": len(result.items),
                             "shown": [item.id for item in result.items]})
        db.session.commit()
    return html


@bp.post("/items/<int:item_id>/events/<name>")
@permission_required(Permission.ITEMS_WRITE)
def event(item_id: int, name: str):
    item = item_or_404(item_id)
    event = item.machine().event(name)
    if event is None or event.internal:
        abort(404)
    form = event_form_of(item, event)(prefix=event.name)
    if "outcome" in event.needs:
        form.outcome.choices = reference_choices(kind_spec(item.kind).outcomes, blank="")
    data = form.data

    def act(confirm_late: bool) -> None:
        apply(current_user, item_id, name, on=form.on.data, note=(form.note.data or "").strip() or None,
              reason=data.get("reason"), outcome=data.get("outcome") or None,
              expected_version=form.version.data, confirm_late=confirm_late)
        if extra := form.extra_changes():  # what the kind's own form asks, saved with the event
            edit_item(current_user, item_id, extra, confirm_late=confirm_late)

    return submit_item_form(item_id, f"event-{name}", form, act,
                            _("Saved: %(event)s.", event=event_label(item.kind, name)))


@bp.post("/items/<int:item_id>/edit")
@permission_required(Permission.ITEMS_WRITE)
def edit(item_id: int):
    item = item_or_404(item_id)
    form_class = kind_spec(item.kind).edit_form or abort(404)
    form = form_class(prefix="edit")
    form.prepare(item, current_user, fresh=False)
    return submit_item_form(item_id, "edit", form,
                            lambda confirm_late: edit_item(current_user, item_id, form.changes(),
                                              expected_version=form.version.data, confirm_late=confirm_late),
                            _("The details are saved."))

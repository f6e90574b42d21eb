"""The item page of any kind: its fields, its history, and one form for each thing that may be done next.

Every form on the page posts to its own route; each of those routes ends in ``submit_item_form``,
which calls one service, commits or rolls back, and on a refusal shows the page again with the
errors beside the fields — or, for a stale form, with what others changed meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from caseflow.audit.changes import People
from caseflow.audit.models import AuditEvent
from caseflow.db import today_local, utcnow
from caseflow.errors import Conflict, LateRegistration, NotFound, ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.items.access import get_item, read_item
from caseflow.items.deadlines import TimeState, time_state
from caseflow.items.forms import event_form_class, reference_choices
from caseflow.items.history import change_label, item_history
from caseflow.items.models import WorkItem
from caseflow.items.state_labels import event_label
from caseflow.items.registry import kind_spec
from caseflow.permissions import write_permission
from caseflow.workflow.machine import VOIDED

@dataclass
class Change:
    at: datetime
    who: str
    what: str


@dataclass
class Stale:
    """Why a form was refused as stale: the item as it is now, and what was done since the form was shown."""

    yours: int | None
    changes: list[Change] = field(default_factory=list)
    #: The refused form's slot, shown again with what was typed in it, now made from the current version.
    slot: str = ""
    #: What was typed in its text fields, label and text: listed too, in case the form is no longer offered.
    typed: list[tuple[str, str]] = field(default_factory=list)


def item_or_404(item_id: int, model=WorkItem) -> WorkItem:
    """The item if the reader may see it; another unit's answers exactly like a missing one."""
    try:
        return get_item(current_user, item_id, model)
    except NotFound:
        abort(404)


def event_form_of(item: WorkItem, event) -> type:
    """The form of ``event`` on ``item``'s page: the kind's own, or the one its needs call for."""
    return kind_spec(item.kind).event_forms.get(event.name) or event_form_class(event)


def due_date(item: WorkItem) -> date | None:
    """What the item is waiting for, if anything: the date its kind declares for its state."""
    return kind_spec(item.kind).due_on(item)


def _fresh(form_class, item, prefix: str, seen: str, obj=None, **data):
    form = form_class(formdata=None, obj=obj, prefix=prefix, version=item.version, seen=seen, **data)
    form.version.data, form.seen.data = item.version, seen
    return form


def page_forms(item: WorkItem, actor, bound: dict) -> dict:
    """The forms of the page, keyed by slot: a posted form that failed is shown again as posted."""
    if not actor.can(write_permission(item.kind)):
        return {}
    seen = utcnow().isoformat()
    forms: dict = {}
    outcomes = None
    for event in item.machine().allowed(item.state):
        slot = f"event-{event.name}"
        form = bound.get(slot) or _fresh(event_form_of(item, event), item, event.name, seen)
        if "outcome" in event.needs:
            outcomes = outcomes or reference_choices(kind_spec(item.kind).outcomes, blank="")
            form.outcome.choices = outcomes
        forms[slot] = form
    spec = kind_spec(item.kind)
    if spec.edit_form is not None and item.state != VOIDED:
        form = bound.get("edit")
        if form is None:
            form = _fresh(spec.edit_form, item, "edit", seen, obj=item)
            form.prepare(item, actor, fresh=True)
        forms["edit"] = form
    if item.state != VOIDED:
        forms |= spec.page_forms(item, actor, bound,
                                 lambda form_class, slot, **data: _fresh(form_class, item, slot, seen, **data))
    return forms


def render_item_page(item_id: int, *, bound: dict | None = None, stale: Stale | None = None, status: int = 200):
    """The item page; every showing of it goes into the access log."""
    try:
        item = read_item(current_user, item_id, "web")
    except NotFound:
        abort(404)
    context = {
        "item": item, "history": item_history(item), "forms": page_forms(item, current_user, bound or {}),
        "stale": stale, "due_on": due_date(item), "kind_template": kind_spec(item.kind).page_template,
        "may_write": current_user.can(write_permission(item.kind)), "page_title": kind_spec(item.kind).page_title(item),
        **kind_spec(item.kind).page_context(item),
    }
    context["light"] = time_state(context["due_on"], today_local()) if context["due_on"] else TimeState.NONE
    page = render_template("items/page.html", **context)
    db.session.commit()  # the access-log row
    return page, status


def what_changed(item_id: int, form) -> Stale:
    """What others did to the item since ``form`` was shown (its ``seen`` time), from the audit log."""
    item = item_or_404(item_id)
    try:
        seen = datetime.fromisoformat(form.seen.data or "")
    except ValueError:
        seen = None
    rows = []
    if seen is not None and seen.tzinfo is not None:
        rows = list(db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "work_item", AuditEvent.entity_id == item.id,
                                     AuditEvent.at > seen).order_by(AuditEvent.id)))
    users = People({r.actor_user_id for r in rows}).users
    changes = [Change(row.at, _who(row, users), _what(item, row)) for row in rows]
    return Stale(yours=form.version.data, changes=changes)


def refused_as_stale(item_id: int, slot: str, form) -> Stale:
    """Why ``form`` was refused, and the form made ready to send again: what was typed kept, its version
    the item's current one (the reader now sees what changed)."""
    stale = what_changed(item_id, form)
    stale.slot = slot
    stale.typed = [(str(f.label.text), f.data) for f in form
                   if f.type in ("StringField", "TextAreaField") and (f.data or "").strip()]
    form.version.data = item_or_404(item_id).version
    form.version.raw_data = None  # an IntegerField shows what was posted unless told otherwise
    form.seen.data = utcnow().isoformat()
    return stale


def _who(row: AuditEvent, users: dict) -> str:
    from flask_babel import gettext as _
    if row.actor_user_id in users:
        return users[row.actor_user_id].display_name
    return _("an API client") if row.actor_token_id else _("Caseflow")


def _what(item: WorkItem, row: AuditEvent) -> str:
    if label := change_label(item.kind, row.action):
        return str(label)
    on = (row.after or {}).get("effective_on", "")
    return f"{event_label(item.kind, row.action.removeprefix('item.'))} {on}".strip()


def submit_item_form(item_id: int, slot: str, form, action, success: str):
    """Validate ``form``, run ``action(confirm_late)`` (one service call) in one transaction, and answer.

    A change that moves a count in a month already frozen is refused by the service until the form
    confirms the late registration: the form is shown again with the checkbox to do so.
    """
    if not form.validate():
        return render_item_page(item_id, bound={slot: form}, status=422)
    try:
        action(bool(form.confirm_frozen.data))
    except ServiceError as err:
        db.session.rollback()
        if isinstance(err, LateRegistration):
            form.frozen_version = err.version
        if isinstance(err, NotFound):
            abort(404)
        if isinstance(err, Conflict) and "version" in err.fields:
            return render_item_page(item_id, bound={slot: form}, stale=refused_as_stale(item_id, slot, form),
                                    status=409)
        show_service_error(form, err)
        return render_item_page(item_id, bound={slot: form}, status=err.status)
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("items.page", item_id=item_id))

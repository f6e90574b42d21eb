"""What the list and create pages of every kind share: one way to filter, page and save."""

from __future__ import annotations

from dataclasses import asdict

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.audit.services import record_list
from caseflow.errors import LateRegistration, NotFound, ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.items import submissions
from caseflow.items.forms import ListFilterForm
from caseflow.db import today_local
from caseflow.items.deadlines import TimeState, time_state
from caseflow.items.listing import chosen_codes, chosen_filter, fill_filter_choices, list_items
from caseflow.items.registry import kind_spec
from caseflow.items.questions import lies_far_back, likely_duplicates
from caseflow.pagination import paginate


def render_list(kind, model, template: str, *options, **context):
    """A kind's list: the filters from the query string, server-side pages, only what the reader may see."""
    form = ListFilterForm(formdata=request.args)
    fill_filter_choices(form, kind, current_user)
    form.validate()
    offered, codes = chosen_codes(kind, request.args)
    chosen = chosen_filter(form, codes)
    spec, today = kind_spec(kind), today_local()
    page = paginate(list_items(current_user, model, chosen, *options, today=today))

    def due_of(item) -> tuple:
        """The item's due date and its light, or (None, no light)."""
        due_on = spec.due_on(item)
        return due_on, time_state(due_on, today) if due_on else TimeState.NONE

    html = render_template(template, form=form, page=page, kind=kind, kind_filters=offered, sort=chosen.sort,
                           has_due=spec.due_order is not None, due_of=due_of, **context)
    # After rendering: the commit expires the page's items, and the template would load each again.
    filters = {k: v for k, v in asdict(chosen).items() if k != "codes"} | dict(chosen.codes)
    record_list(kind, filters, [item.id for item in page.items], page.total, current_user.unit_id)
    db.session.commit()
    return html


def submit_create_form(form, template: str, action, success: str, *, done=None, **context):
    """Validate ``form``, run ``action(confirm_late)`` (one service call, returning the new item) in one
    transaction, and show the new item (or ``done(item)``'s URL).

    Saved once however often the form is sent (``caseflow.items.submissions``): a second post lands
    on the first's item. Shown again, unsaved, to confirm a date in a month whose report is frozen, a
    likely duplicate, or a date far back (``caseflow.items.questions``).
    """
    if not form.validate_on_submit():
        return render_template(template, form=form, **context), 422 if form.errors else 200
    done = done or (lambda item: url_for("items.page", item_id=item.id))
    submission = submissions.submission_id(form.submission_id.data)
    claimed = None
    if submission is not None:
        claimed = submissions.claim(submission, current_user.id)
        if claimed is None:
            return _sent_already(form, template, submission, context)
    try:
        item = action(bool(form.confirm_frozen.data))
    except ServiceError as err:
        db.session.rollback()
        if isinstance(err, NotFound) and not err.fields:
            abort(404)
        if isinstance(err, LateRegistration):
            form.frozen_version = err.version
        show_service_error(form, err)
        return render_template(template, form=form, **context), err.status
    if not form.confirm_duplicate.data:
        form.duplicates = tuple(likely_duplicates(current_user, item))
    form.asks_old_date = not form.confirm_old_date.data and lies_far_back(item)
    if form.duplicates or form.asks_old_date:
        # Read before the rollback expires them: the page names each one.
        named = [(d.id, d.kind, d.state, getattr(d, d.OWN_DATE), d.case_ref) for d in form.duplicates]
        db.session.rollback()
        form.duplicates = tuple(named)
        flash(_("Not saved yet: please answer the question below."), "error")
        return render_template(template, form=form, **context), 409
    if claimed is not None:
        claimed.item_id = item.id
    db.session.commit()
    flash(success, "success")
    return redirect(done(item))


def _sent_already(form, template: str, submission: str, context: dict):
    """Another post of this form got there first: show what it made."""
    item_id = submissions.earlier_item(submission, current_user.id)
    if item_id is None:  # not this user's form id: a new one, and the form shown again
        form.submission_id.data = submissions.new_id()
        flash(_("The form could not be sent; please send it again."), "error")
        return render_template(template, form=form, **context), 409
    flash(_("The form was sent twice; it is saved once, here."), "success")
    return redirect(url_for("items.page", item_id=item_id))

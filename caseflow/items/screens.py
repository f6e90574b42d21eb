"""What the list and create pages of every kind share: one way to filter, page and save."""

from __future__ import annotations

from dataclasses import asdict

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from caseflow.audit.services import record_list
from caseflow.errors import LateRegistration, NotFound, ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.items.forms import ListFilterForm
from caseflow.items.listing import chosen_filter, fill_filter_choices, list_items
from caseflow.pagination import paginate


def render_list(kind, model, template: str, *options, **context):
    """A kind's list: the filters from the query string, server-side pages, only what the reader may see."""
    form = ListFilterForm(formdata=request.args)
    fill_filter_choices(form, kind, current_user)
    form.validate()
    chosen = chosen_filter(form)
    page = paginate(list_items(current_user, model, chosen, *options))
    html = render_template(template, form=form, page=page, kind=kind, **context)
    # After rendering: the commit expires the page's items, and the template would load each again.
    record_list(kind, asdict(chosen), [item.id for item in page.items], page.total, current_user.unit_id)
    db.session.commit()
    return html


def submit_create_form(form, template: str, action, success: str, **context):
    """Validate ``form``, run ``action(confirm_late)`` (one service call, returning the new item) in one
    transaction. Dated into a month whose report is frozen, the form is shown again to confirm it."""
    if not form.validate_on_submit():
        return render_template(template, form=form, **context), 422 if form.errors else 200
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
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("items.page", item_id=item.id))

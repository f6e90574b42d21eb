"""The admin's pages for reference data (codes and their names) and the reference patterns."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from caseflow.authz import permission_required
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error
from caseflow.permissions import Permission
from caseflow.reference.admin import TABLES, create_reference, example_verdict, pattern_problem, set_patterns, \
    update_reference
from caseflow.reference.forms import (
    GROUP_LABELS, BarrierReasonCreateForm, BarrierReasonForm, PatternForm, ReferenceCreateForm, ReferenceForm,
    RulesForm)
from caseflow.reference.models import BarrierReason
from caseflow.reference.rules import RULES, rule_value, set_rules
from caseflow.reference.services import REF_SETTINGS, ref_pattern

bp = Blueprint("reference", __name__)

TABLE_TITLES = {
    "barrier-reasons": _l("Barriers to self-support"),
    "report-groups": _l("Report groups of barriers to self-support"),
    "referral-targets": _l("Referral targets"),
    "referral-outcomes": _l("Referral outcomes"),
    "sip-participants": _l("SIP participants"),
}


def _model_or_404(table: str):
    return TABLES.get(table) or abort(404)


@bp.get("")
@permission_required(Permission.ADMIN_REFERENCE)
def index():
    tables = [(name, TABLE_TITLES[name], db.session.scalars(select(model).order_by(model.sort_order, model.code)))
              for name, model in TABLES.items()]
    return render_template("reference/index.html", tables=tables, group_labels=GROUP_LABELS)


def _save(form, action, table: str, template: str, **context):
    try:
        action()
    except ServiceError as err:
        db.session.rollback()
        show_service_error(form, err)
        return render_template(template, form=form, table=table, title=TABLE_TITLES[table], **context), 422
    db.session.commit()
    flash(_("The code is saved."), "success")
    return redirect(url_for("reference.index", _anchor=table))


@bp.route("/<table>/new", methods=["GET", "POST"])
@permission_required(Permission.ADMIN_REFERENCE)
def create(table: str):
    model = _model_or_404(table)
    form = BarrierReasonCreateForm() if model is BarrierReason else ReferenceCreateForm()
    if not form.validate_on_submit():
        return render_template("reference/form.html", form=form, table=table, title=TABLE_TITLES[table],
                               row=None), 422 if form.errors else 200
    return _save(form, lambda: create_reference(current_user, model, **_values(form), code=form.code.data),
                 table, "reference/form.html", row=None)


@bp.route("/<table>/<code>", methods=["GET", "POST"])
@permission_required(Permission.ADMIN_REFERENCE)
def edit(table: str, code: str):
    model = _model_or_404(table)
    row = db.session.get(model, code) or abort(404)
    form = BarrierReasonForm(obj=row) if model is BarrierReason else ReferenceForm(obj=row)
    if not form.validate_on_submit():
        return render_template("reference/form.html", form=form, table=table, title=TABLE_TITLES[table],
                               row=row), 422 if form.errors else 200
    return _save(form, lambda: update_reference(current_user, row, **_values(form)), table,
                 "reference/form.html", row=row)


def _values(form) -> dict:
    values = {"name_sv": form.name_sv.data, "name_en": form.name_en.data, "is_active": form.is_active.data}
    if "national_group" in form:
        values["national_group"] = form.national_group.data
    return values


@bp.route("/patterns", methods=["GET", "POST"])
@permission_required(Permission.ADMIN_REFERENCE)
def patterns():
    form = PatternForm(data={field: ref_pattern(field) for field in REF_SETTINGS})
    verdicts = []
    if form.validate_on_submit():
        proposed = {field: form[field].data for field in REF_SETTINGS}
        if request.form.get("action") == "save":
            try:
                set_patterns(current_user, proposed)
            except ServiceError as err:
                db.session.rollback()
                show_service_error(form, err)
                return render_template("reference/patterns.html", form=form, verdicts=verdicts), 422
            db.session.commit()
            flash(_("The patterns are saved."), "success")
            return redirect(url_for("reference.patterns"))
        for field, pattern in proposed.items():
            if problem := pattern_problem(pattern):
                form[field].errors = [problem]
            elif form.example.data:
                verdicts.append((form[field].label.text, example_verdict(pattern, form.example.data)))
    status = 422 if form.errors else 200
    return render_template("reference/patterns.html", form=form, verdicts=verdicts), status


@bp.route("/rules", methods=["GET", "POST"])
@permission_required(Permission.ADMIN_REFERENCE)
def rules():
    form = RulesForm(data={key: rule_value(rule) for key, rule in RULES.items()})
    if form.validate_on_submit():
        try:
            set_rules(current_user, {key: form[key].data for key in RULES})
        except ServiceError as err:
            db.session.rollback()
            show_service_error(form, err)
        else:
            db.session.commit()
            flash(_("The rules are saved."), "success")
            return redirect(url_for("reference.rules"))
    status = 422 if form.errors else 200
    return render_template("reference/rules.html", form=form, rules=RULES), status

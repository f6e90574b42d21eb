"""The analyst's page: upload a figures CSV, see the past imports."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseflow.authz import permission_required
from caseflow.background import enqueue
from caseflow.errors import ServiceError
from caseflow.db import MAX_ID
from caseflow.extensions import db
from caseflow.figures.csv_import import import_figures_csv
from caseflow.figures.forms import FiguresUploadForm
from caseflow.figures.keys import FIGURE_SPECS, FIGURES
from caseflow.figures.models import FigureImport, ImportSource
from caseflow.figures.services import import_rows, report_group_codes
from caseflow.pagination import paginate
from caseflow.permissions import Permission

bp = Blueprint("figures", __name__)


def _render(form: FiguresUploadForm, problems: dict[str, str] | None = None, status: int = 200):
    page = paginate(select(FigureImport).options(selectinload(FigureImport.user))
                    .order_by(FigureImport.id.desc()))
    groups = sorted(report_group_codes().values(), key=lambda group: group.sort_order)
    return render_template("figures/index.html", form=form, page=page, problems=problems or {},
                           figures=FIGURES, groups=groups), status


@bp.route("/", methods=["GET", "POST"])
@permission_required(Permission.FIGURES_IMPORT)
def index():
    form = FiguresUploadForm()
    if not form.validate_on_submit():
        return _render(form, status=422 if form.errors else 200)
    upload = form.file.data
    try:
        figure_import = import_figures_csv(upload.read(), upload.filename or "", source=ImportSource.CSV,
                                           actor=current_user._get_current_object())
    except ServiceError as err:
        db.session.rollback()
        # A message about the file as a whole goes beside the field; row and column errors in a list.
        form.file.errors = [err.message, *([err.fields["file"]] if "file" in err.fields else [])]
        return _render(form, problems={k: v for k, v in err.fields.items() if k != "file"}, status=422)
    db.session.commit()
    enqueue("caseflow.rollup_dirty")  # after the commit; if the broker is down, beat catches up
    flash(_("%(n)d figures imported. The reports are updated within a few minutes.",
            n=figure_import.value_count), "success")
    return redirect(url_for("figures.index"))


@bp.get("/<int:import_id>")
@permission_required(Permission.FIGURES_IMPORT)
def show(import_id: int):
    """One import's figures as they came, what each replaced and whether a later import replaced it."""
    figure_import = db.session.get(FigureImport, import_id) if import_id <= MAX_ID else None
    if figure_import is None:
        abort(404)
    groups = {code: group.name(str(get_locale() or "sv")) for code, group in report_group_codes().items()}
    return render_template("figures/import.html", figure_import=figure_import, rows=import_rows(figure_import),
                           groups=groups, labels=FIGURE_SPECS)

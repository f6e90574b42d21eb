"""The action-plan measure's declaration (``caseflow.items.registry``): corrected on its page by a leader,
which shows its monthly notes."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.items.registry import KindSpec
from caseflow.items.validation import any_date, text, unit_member, whole_number
from caseflow.measures.forms import MeasureEditForm
from caseflow.measures.models import MeasureNote
from caseflow.measures.plan import plan_lines


def _page_context(item) -> dict:
    return {"notes": list(db.session.scalars(select(MeasureNote).where(MeasureNote.measure_id == item.id)
                                             .order_by(MeasureNote.month.desc())))}


KINDS = (
    KindSpec(
        name="measure",
        page_template="measures/_item.html",
        searchable=(),  # a measure of the action plan belongs to no household
        # The title and expected effect are printed in the committee report's action plan.
        field_rules={"number": whole_number(1, 9999, required=True),
                     "title": text(300, required=True, reaches_report=True),
                     "start_on": any_date(required=True),
                     "expected_effect": text(4000, required=False, reaches_report=True),
                     "responsible_id": unit_member("measure")},
        field_labels={"title": _l("Title"), "start_on": _l("Start date"), "responsible_id": _l("Responsible"),
                      "expected_effect": _l("Expected effect")},
        edit_form=MeasureEditForm,
        page_context=_page_context,
        page_title=lambda item: _("Measure %(number)s: %(title)s", number=item.number, title=item.title),
        api_fields=("number", "title", "start_on", "expected_effect"),
        api_extra=lambda item: {"plan": item.plan.name},
        plan_lines=plan_lines,
    ),
)

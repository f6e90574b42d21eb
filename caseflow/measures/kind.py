"""The action-plan measure's declaration (``caseflow.items.registry``); its fields are corrected on the
unit leader's action-plan pages, not on the item page."""

from __future__ import annotations

from caseflow.items.registry import KindSpec
from caseflow.items.validation import any_date, text, unit_member, whole_number
from caseflow.measures.plan import plan_lines

KINDS = (
    KindSpec(
        name="measure",
        page_template="measures/_item.html",
        # The title and expected effect are printed in the committee report's action plan.
        field_rules={"number": whole_number(1, 9999, required=True),
                     "title": text(300, required=True, reaches_report=True),
                     "start_on": any_date(required=True),
                     "expected_effect": text(4000, required=False, reaches_report=True),
                     "responsible_id": unit_member("measure")},
        api_fields=("number", "title", "start_on", "expected_effect"),
        api_extra=lambda item: {"plan": item.plan.name},
        plan_lines=plan_lines,
    ),
)

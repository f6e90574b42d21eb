"""The quality review's declaration (``caseflow.items.registry``): its checklist's rules and labels, its
page with the checklist form, and its section of the committee report."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow.items.registry import KindSpec
from caseflow.items.validation import any_date, one_of, optional, past_date, text, whole_number, yes_or_no
from caseflow.quality.forms import ReviewForm
from caseflow.quality.models import CHILD_PERSPECTIVE_LABELS, ChildPerspective
from caseflow.quality.report import report_sections
from caseflow.quality.states import QualityReviewState

_comment = optional(text(4000, required=False))
_count = optional(whole_number(0, 999, required=True))
_yes_no = optional(yes_or_no)

FIELD_LABELS = {
    "drawn_on": _l("Drawn on"),
    "review_date": _l("Date of the review"), "latest_investigation_on": _l("Latest investigation"),
    "planning": _l("Planning for the applicant"), "planning_comment": _l("Comment on the planning"),
    "payment_error": _l("Handling error leading to a wrong payment"),
    "payment_error_comment": _l("Comment on the handling error"),
    "child_perspective": _l("The child's perspective in the journal"),
    "child_perspective_comment": _l("Comment on the child's perspective"),
    "visits": _l("Visits documented"), "no_shows": _l("Missed visits documented"),
    "calls": _l("Phone calls documented"),
    "note_types_used": _l("Note types used"), "note_types_comment": _l("Comment on the note types"),
    "housing_above_level": _l("Housing cost above Försäkringskassan's level"),
    "housing_measures_taken": _l("Adequate measures taken"),
    "housing_comment": _l("What was done about the housing cost"),
    "documentation_comment": _l("Overall assessment of the documentation"),
}


def _page_forms(item, actor, bound: dict, fresh) -> dict:
    """The checklist, while the review is under way, for anyone but the reviewed caseworker."""
    if item.state != QualityReviewState.IN_REVIEW or actor.user_id == item.reviewed_user_id:
        return {}
    form = bound.get("review")
    if form is None:
        form = fresh(ReviewForm, "review", obj=item)
        form.prepare(item, actor, fresh=True)
    return {"review": form}


def _page_context(item) -> dict:
    return {"scale_names": CHILD_PERSPECTIVE_LABELS, "field_names": FIELD_LABELS}


KINDS = (
    KindSpec(
        name="quality_review",
        page_template="quality/_item.html",
        field_rules={"drawn_on": past_date("drawn_on"),
                     "review_date": optional(past_date("review_date")),
                     "latest_investigation_on": optional(any_date(required=True)),
                     "planning": _yes_no, "planning_comment": _comment,
                     "payment_error": _yes_no, "payment_error_comment": _comment,
                     "child_perspective": optional(one_of(ChildPerspective)), "child_perspective_comment": _comment,
                     "visits": _count, "no_shows": _count, "calls": _count,
                     "note_types_used": _yes_no, "note_types_comment": _comment,
                     "housing_above_level": _yes_no, "housing_measures_taken": _yes_no, "housing_comment": _comment,
                     "documentation_comment": _comment},
        field_labels=FIELD_LABELS,
        value_names=lambda item: {"child_perspective": CHILD_PERSPECTIVE_LABELS},
        page_forms=_page_forms,
        page_context=_page_context,
        page_title=lambda item: _("Quality review of %(case_ref)s", case_ref=item.case_ref),
        api_fields=("month", "drawn_on", "reviewed_user_id", "reviewer_id", "review_date", "latest_investigation_on",
                    "planning", "payment_error", "child_perspective", "visits", "no_shows", "calls",
                    "note_types_used", "housing_above_level", "housing_measures_taken"),
        report_sections=report_sections,
        report_position=50,
    ),
)

"""A quality review's states and events (DESIGN.md, "Quality review")."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from caseflow.workflow.machine import Event, Labels, Machine


class QualityReviewState(StrEnum):
    DRAWN = "drawn"
    IN_REVIEW = "in_review"
    COMPLETED = "completed"


S = QualityReviewState
QUALITY_REVIEW_MACHINE = Machine(
    states=QualityReviewState,
    initial=S.DRAWN,
    events=(
        Event("start", frozenset({S.DRAWN}), S.IN_REVIEW),
        Event("complete", frozenset({S.IN_REVIEW}), S.COMPLETED),
    ),
    open_states=frozenset({S.DRAWN, S.IN_REVIEW}),
)

#: The metric source the package's kinds feed: a change to one of them marks its months dirty for it.
SOURCE = "quality_review"
#: The package's kinds by name (``work_item.kind``), registered in ``caseflow.kinds``.
MACHINES = {"quality_review": QUALITY_REVIEW_MACHINE}

#: The words people see for each kind, its states, its events (the history) and its buttons.
LABELS = {
    "quality_review": Labels(
        kind=_l("Quality review"),
        states={"drawn": _l("Drawn"), "in_review": _l("Under review"), "completed": _l("Reviewed")},
        events={"start": _l("Review started"), "complete": _l("Review completed")},
        actions={"start": _l("Start the review"), "complete": _l("Complete the review")}),
}

"""A sublease case's states and events (DESIGN.md, "Sublease case")."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from caseflow.workflow.machine import Event, Labels, Machine


class SubleaseState(StrEnum):
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPEALED = "appealed"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


S = SubleaseState
SUBLEASE_MACHINE = Machine(
    states=SubleaseState,
    initial=S.UNDER_REVIEW,
    events=(
        Event("approve", frozenset({S.UNDER_REVIEW}), S.APPROVED),
        Event("reject", frozenset({S.UNDER_REVIEW}), S.REJECTED),
        Event("appeal", frozenset({S.REJECTED}), S.APPEALED),
        Event("uphold", frozenset({S.APPEALED}), S.UPHELD),
        Event("overturn", frozenset({S.APPEALED}), S.OVERTURNED),
    ),
    open_states=frozenset({S.UNDER_REVIEW, S.APPEALED}),
)

#: The metric source the package's kinds feed: a change to one of them marks its months dirty for it.
SOURCE = "sublease_case"
#: The package's kinds by name (``work_item.kind``), registered in ``caseflow.kinds``.
MACHINES = {"sublease_case": SUBLEASE_MACHINE}

#: The words people see for each kind, its states, its events (the history) and its buttons.
LABELS = {
    "sublease_case": Labels(
        kind=_l("Sublease case"),
        states={"under_review": _l("Under review"), "approved": _l("Approved"),
                "rejected": _l("Refused"), "appealed": _l("Appealed"), "upheld": _l("Upheld"),
                "overturned": _l("Overturned")},
        events={"approve": _l("Approved"), "reject": _l("Refused"), "appeal": _l("Appealed"),
                "uphold": _l("Upheld"), "overturn": _l("Overturned")},
        actions={"approve": _l("Approve"), "reject": _l("Refuse"), "appeal": _l("Record an appeal"),
                "uphold": _l("Record: refusal upheld"), "overturn": _l("Record: decision overturned")}),
}

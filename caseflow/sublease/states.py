"""A sublease case's states and events (DESIGN.md, "Sublease case")."""

from enum import StrEnum

from caseflow.workflow.machine import Event, Machine


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

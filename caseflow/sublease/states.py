"""A sublease case's states and events (DESIGN.md, "Sublease case")."""

from enum import StrEnum

from caseflow.workflow import Event, Machine


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

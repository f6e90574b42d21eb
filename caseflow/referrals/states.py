"""A referral's states and events (DESIGN.md, "Referral")."""

from enum import StrEnum

from caseflow.workflow.machine import Event, Machine


class ReferralState(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # avvisad
    WITHDRAWN = "withdrawn"
    STARTED = "started"
    COMPLETED = "completed"


S = ReferralState
REFERRAL_MACHINE = Machine(
    states=ReferralState,
    initial=S.SENT,
    events=(
        Event("accept", frozenset({S.SENT}), S.ACCEPTED),
        Event("reject", frozenset({S.SENT, S.ACCEPTED}), S.REJECTED, needs=frozenset({"reason"})),
        Event("withdraw", frozenset({S.SENT, S.ACCEPTED}), S.WITHDRAWN),
        Event("start", frozenset({S.ACCEPTED}), S.STARTED),
        Event("complete", frozenset({S.STARTED}), S.COMPLETED, needs=frozenset({"outcome"})),
    ),
    open_states=frozenset({S.SENT, S.ACCEPTED, S.STARTED}),
)

#: The metric source the package's kinds feed: a change to one of them marks its months dirty for it.
SOURCE = "referral"
#: The package's kinds by name (``work_item.kind``), registered in ``caseflow.kinds``.
MACHINES = {"referral": REFERRAL_MACHINE}

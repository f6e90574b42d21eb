"""A referral's states and events (DESIGN.md, "Referral")."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from caseflow.workflow.machine import Event, Labels, Machine


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

#: The words people see for each kind, its states, its events (the history) and its buttons.
LABELS = {
    "referral": Labels(
        kind=_l("Referral"),
        states={"sent": _l("Sent"), "accepted": _l("Accepted"), "rejected": _l("Turned away"),
                "withdrawn": _l("Withdrawn"), "started": _l("Started"), "completed": _l("Completed")},
        events={"accept": _l("Accepted"), "reject": _l("Turned away"), "withdraw": _l("Withdrawn"),
                "start": _l("Started"), "complete": _l("Completed")},
        actions={"accept": _l("Mark as accepted"), "reject": _l("Mark as turned away"),
                "withdraw": _l("Withdraw the referral"), "start": _l("Mark as started"),
                "complete": _l("Mark as completed")}),
}

"""The states and events of a SIP plan and of a SIP meeting (DESIGN.md, "SIP plan")."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from caseflow.workflow.machine import Event, Labels, Machine


class SipPlanState(StrEnum):
    INITIATED = "initiated"
    ACTIVE = "active"
    CLOSED = "closed"


class SipMeetingState(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


P = SipPlanState
SIP_PLAN_MACHINE = Machine(
    states=SipPlanState,
    initial=P.INITIATED,
    events=(
        # A plan becomes active when its first meeting is held: Caseflow applies it, nobody else.
        Event("activate", frozenset({P.INITIATED}), P.ACTIVE, internal=True),
        Event("close", frozenset({P.INITIATED, P.ACTIVE}), P.CLOSED),
    ),
    open_states=frozenset({P.INITIATED, P.ACTIVE}),
)

M = SipMeetingState
SIP_MEETING_MACHINE = Machine(
    states=SipMeetingState,
    initial=M.SCHEDULED,
    events=(
        Event("hold", frozenset({M.SCHEDULED}), M.HELD),
        Event("cancel", frozenset({M.SCHEDULED}), M.CANCELLED),
    ),
    open_states=frozenset({M.SCHEDULED}),
)

#: The metric source the package's kinds feed: a change to one of them marks its months dirty for it.
SOURCE = "sip"
#: The package's kinds by name (``work_item.kind``), registered in ``caseflow.kinds``.
MACHINES = {"sip_plan": SIP_PLAN_MACHINE, "sip_meeting": SIP_MEETING_MACHINE}

#: The words people see for each kind, its states, its events (the history) and its buttons.
LABELS = {
    "sip_plan": Labels(
        kind=_l("SIP plan"),
        states={"initiated": _l("Initiated"), "active": _l("Active"), "closed": _l("Closed")},
        events={"activate": _l("Activated by its first meeting"), "close": _l("Closed")},
        actions={"close": _l("Close the plan")}),
    "sip_meeting": Labels(
        kind=_l("SIP meeting"),
        states={"scheduled": _l("Scheduled"), "held": _l("Held"), "cancelled": _l("Cancelled")},
        events={"hold": _l("Held"), "cancel": _l("Cancelled")},
        actions={"hold": _l("Record as held"), "cancel": _l("Cancel the meeting")}),
}

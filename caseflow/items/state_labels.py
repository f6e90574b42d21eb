"""The Swedish (through the catalog) names of each kind of item, its states, its events and its codes.

The one place every page, list and form takes these names from.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.items.deadlines import TimeState
from caseflow.kinds import ItemKind
from caseflow.workflow.machine import CREATE, VOID, VOIDED

KIND_LABELS = {
    ItemKind.REFERRAL: _l("Referral"),
    ItemKind.SUBLEASE_CASE: _l("Sublease case"),
    ItemKind.SIP_PLAN: _l("SIP plan"),
    ItemKind.SIP_MEETING: _l("SIP meeting"),
    ItemKind.MEASURE: _l("Measure"),
}

#: Keyed by kind, then state: the same word means different things in different kinds.
STATE_LABELS = {
    ItemKind.REFERRAL: {"sent": _l("Sent"), "accepted": _l("Accepted"), "rejected": _l("Turned away"),
                        "withdrawn": _l("Withdrawn"), "started": _l("Started"), "completed": _l("Completed")},
    ItemKind.SUBLEASE_CASE: {"under_review": _l("Under review"), "approved": _l("Approved"),
                             "rejected": _l("Refused"), "appealed": _l("Appealed"), "upheld": _l("Upheld"),
                             "overturned": _l("Overturned")},
    ItemKind.SIP_PLAN: {"initiated": _l("Initiated"), "active": _l("Active"), "closed": _l("Closed")},
    ItemKind.SIP_MEETING: {"scheduled": _l("Scheduled"), "held": _l("Held"), "cancelled": _l("Cancelled")},
    ItemKind.MEASURE: {"planned": _l("Planned"), "in_progress": _l("In progress"), "paused": _l("Paused"),
                       "completed": _l("Completed"), "cancelled": _l("Cancelled")},
}

#: What happened, as the history lists it; keyed by kind, then event (``create`` for every kind).
EVENT_LABELS = {
    ItemKind.REFERRAL: {"accept": _l("Accepted"), "reject": _l("Turned away"), "withdraw": _l("Withdrawn"),
                        "start": _l("Started"), "complete": _l("Completed")},
    ItemKind.SUBLEASE_CASE: {"approve": _l("Approved"), "reject": _l("Refused"), "appeal": _l("Appealed"),
                             "uphold": _l("Upheld"), "overturn": _l("Overturned")},
    ItemKind.SIP_PLAN: {"activate": _l("Activated by its first meeting"), "close": _l("Closed")},
    ItemKind.SIP_MEETING: {"hold": _l("Held"), "cancel": _l("Cancelled")},
    ItemKind.MEASURE: {"start": _l("Started"), "pause": _l("Paused"), "resume": _l("Resumed"),
                       "complete": _l("Completed"), "cancel": _l("Cancelled")},
}
CREATED_LABEL = _l("Registered")
#: Every kind's void (*makulera*): its state, its history line and its button.
VOIDED_LABEL, VOID_LABEL, VOID_ACTION = _l("Voided"), _l("Voided"), _l("Void the registration")

#: What a person does, as the button of the event's form says it.
EVENT_ACTIONS = {
    ItemKind.REFERRAL: {"accept": _l("Mark as accepted"), "reject": _l("Mark as turned away"),
                        "withdraw": _l("Withdraw the referral"), "start": _l("Mark as started"),
                        "complete": _l("Mark as completed")},
    ItemKind.SUBLEASE_CASE: {"approve": _l("Approve"), "reject": _l("Refuse"), "appeal": _l("Record an appeal"),
                             "uphold": _l("Record: refusal upheld"), "overturn": _l("Record: decision overturned")},
    ItemKind.SIP_PLAN: {"close": _l("Close the plan")},
    ItemKind.SIP_MEETING: {"hold": _l("Record as held"), "cancel": _l("Cancel the meeting")},
    ItemKind.MEASURE: {"start": _l("Start the measure"), "pause": _l("Pause the measure"),
                       "resume": _l("Resume the measure"), "complete": _l("Mark as completed"),
                       "cancel": _l("Cancel the measure")},
}

#: A due date's traffic light, in words (never colour alone).
TIME_STATE_LABELS = {
    TimeState.ON_TIME: _l("On time"),
    TimeState.DUE_SOON: _l("Due soon"),
    TimeState.LATE: _l("Late"),
    TimeState.NONE: _l("No due date"),
}

CONTRACT_TYPE_LABELS = {"sublease": _l("Sublease contract (andrahandsavtal)"),
                        "lodger": _l("Lodger contract (inneboendeavtal)")}
MEETING_KIND_LABELS = {"sip": _l("SIP meeting"), "multi_party": _l("Multi-party meeting")}
MEETING_MODE_LABELS = {"in_person": _l("In person"), "digital": _l("Digital")}


def kind_label(kind) -> str:
    return str(KIND_LABELS.get(kind, kind))


def state_label(kind, state) -> str:
    if str(state) == VOIDED:
        return str(VOIDED_LABEL)
    return str(STATE_LABELS.get(kind, {}).get(str(state), state))


def event_label(kind, event) -> str:
    if str(event) == CREATE:
        return str(CREATED_LABEL)
    if str(event) == VOID:
        return str(VOID_LABEL)
    return str(EVENT_LABELS.get(kind, {}).get(str(event), event))


def event_action(kind, event) -> str:
    if str(event) == VOID:
        return str(VOID_ACTION)
    return str(EVENT_ACTIONS.get(kind, {}).get(str(event), event))


def time_state_label(state) -> str:
    return str(TIME_STATE_LABELS.get(state, state))


def code_label(labels: dict, code) -> str:
    """A code's name from one of the small code tables above (contract type, meeting kind, mode)."""
    return "" if code is None else str(labels.get(str(code), code))


#: What templates call; registered once as Jinja globals.
TEMPLATE_GLOBALS = {
    "kind_label": kind_label, "state_label": state_label, "event_label": event_label,
    "event_action": event_action, "time_state_label": time_state_label,
    "contract_type_label": lambda code: code_label(CONTRACT_TYPE_LABELS, code),
    "meeting_kind_label": lambda code: code_label(MEETING_KIND_LABELS, code),
    "meeting_mode_label": lambda code: code_label(MEETING_MODE_LABELS, code),
}

"""The Swedish (through the catalog) names of each kind of item, its states, its events and its codes.

The one place every page, list and form takes these names from.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.items.deadlines import TimeState
from caseflow.kinds import LABELS
from caseflow.workflow.machine import CREATE, VOID, VOIDED

#: Each kind's words, declared in its package (``caseflow.kinds``); keyed by kind, then state or event:
#: the same word means different things in different kinds.
KIND_LABELS = {kind: labels.kind for kind, labels in LABELS.items()}
STATE_LABELS = {kind: labels.states for kind, labels in LABELS.items()}
#: What happened, as the history lists it (``create`` for every kind).
EVENT_LABELS = {kind: labels.events for kind, labels in LABELS.items()}
CREATED_LABEL = _l("Registered")
#: Every kind's void (*makulera*): its state, its history line and its button.
VOIDED_LABEL, VOID_LABEL, VOID_ACTION = _l("Voided"), _l("Voided"), _l("Void the registration")

#: What a person does, as the button of the event's form says it.
EVENT_ACTIONS = {kind: labels.actions for kind, labels in LABELS.items()}

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

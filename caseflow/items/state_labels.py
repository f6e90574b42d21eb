"""The Swedish (through the catalog) names of each kind of item and of each kind's states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.items.kinds import ItemKind

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


def kind_label(kind) -> str:
    return str(KIND_LABELS.get(kind, kind))


def state_label(kind, state) -> str:
    return str(STATE_LABELS.get(kind, {}).get(str(state), state))

"""The kinds of work item and their machines: the one registry forms, API, rollup and tests read."""

from __future__ import annotations

from enum import StrEnum

from caseflow.measures.states import MEASURE_MACHINE
from caseflow.referrals.states import REFERRAL_MACHINE
from caseflow.sip.states import SIP_MEETING_MACHINE, SIP_PLAN_MACHINE
from caseflow.sublease.states import SUBLEASE_MACHINE


class ItemKind(StrEnum):
    REFERRAL = "referral"
    SUBLEASE_CASE = "sublease_case"
    SIP_PLAN = "sip_plan"
    SIP_MEETING = "sip_meeting"
    MEASURE = "measure"


MACHINES = {
    ItemKind.REFERRAL: REFERRAL_MACHINE,
    ItemKind.SUBLEASE_CASE: SUBLEASE_MACHINE,
    ItemKind.SIP_PLAN: SIP_PLAN_MACHINE,
    ItemKind.SIP_MEETING: SIP_MEETING_MACHINE,
    ItemKind.MEASURE: MEASURE_MACHINE,
}


def state_check_sql() -> str:
    """The CHECK that keeps each item's state among its own kind's states."""
    parts = []
    for kind, machine in MACHINES.items():
        states = ", ".join(f"'{s.value}'" for s in machine.states)
        parts.append(f"(kind = '{kind.value}' AND state IN ({states}))")
    return " OR ".join(parts)

"""The kinds of work item Caseflow tracks, listed once: each is declared in its own package.

A package's ``states`` module names its kinds and their machines (and imports nothing of Caseflow
but the machine types); its ``kind`` module declares everything else (``caseflow.items.registry``).
Adding a kind is adding a package and its line here, as a blueprint is listed in the app factory.
"""

from __future__ import annotations

from enum import StrEnum

from caseflow.measures import states as measures
from caseflow.referrals import states as referrals
from caseflow.sip import states as sip
from caseflow.sublease import states as sublease
from caseflow.workflow.machine import Labels, Machine

#: The packages that declare kinds, in the order the pages list them.
PACKAGES = ("referrals", "sublease", "sip", "measures")

MACHINES: dict[str, Machine] = {**referrals.MACHINES, **sublease.MACHINES, **sip.MACHINES, **measures.MACHINES}

#: Each kind's words: its name, states, events and buttons.
LABELS: dict[str, Labels] = {**referrals.LABELS, **sublease.LABELS, **sip.LABELS, **measures.LABELS}

#: The metric source each kind feeds (``caseflow.reports.sources``).
KIND_SOURCES: dict[str, str] = {kind: package.SOURCE for package in (referrals, sublease, sip, measures)
                                for kind in package.MACHINES}

ItemKind = StrEnum("ItemKind", {name.upper(): name for name in MACHINES})


def state_check_sql() -> str:
    """The CHECK that keeps each item's state among its own kind's states (``voided`` included)."""
    parts = []
    for kind, machine in MACHINES.items():
        states = ", ".join(f"'{s}'" for s in machine.state_values)
        parts.append(f"(kind = '{kind}' AND state IN ({states}))")
    return " OR ".join(parts)

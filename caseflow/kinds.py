"""The kinds of work item Caseflow tracks, listed once: each is declared in its own package.

A package's ``states`` module names its kinds, their machines, their words and the metric source they
feed, and imports nothing of Caseflow but the machine types; its ``kind`` module declares the rest
(``caseflow.items.registry``), its ``metrics`` module its metrics (``caseflow.reports.catalog``).
Adding a kind is adding a package and its name here, as a blueprint is listed in the app factory.
"""

from __future__ import annotations

import importlib
from enum import StrEnum

from caseflow.workflow.machine import Labels, Machine

#: The packages that declare kinds, in the order the pages and the report list them.
PACKAGES = ("referrals", "sublease", "sip", "measures", "quality")

_STATES = [importlib.import_module(f"caseflow.{package}.states") for package in PACKAGES]

MACHINES: dict[str, Machine] = {kind: machine for module in _STATES for kind, machine in module.MACHINES.items()}
#: Each kind's words: its name, states, events and buttons.
LABELS: dict[str, Labels] = {kind: labels for module in _STATES for kind, labels in module.LABELS.items()}
#: The metric source each kind feeds (``caseflow.reports.sources``).
KIND_SOURCES: dict[str, str] = {kind: module.SOURCE for module in _STATES for kind in module.MACHINES}

ItemKind = StrEnum("ItemKind", {name.upper(): name for name in MACHINES})


def state_check_sql() -> str:
    """The CHECK that keeps each item's state among its own kind's states (``voided`` included)."""
    parts = []
    for kind, machine in MACHINES.items():
        states = ", ".join(f"'{s}'" for s in machine.state_values)
        parts.append(f"(kind = '{kind}' AND state IN ({states}))")
    return " OR ".join(parts)

"""Where the catalog's metrics read their rows from: what a change marks dirty, and what a rollup of
a dirty month recomputes (``caseflow.reports.dirty``, ``caseflow.reports.rollup``)."""

from __future__ import annotations

from enum import StrEnum


class Source(StrEnum):
    """A metric's source: a kind of work item, the control checks or the imported figures."""

    CONTROL_CHECKS = "control_check"
    FIGURES = "figure_value"
    REFERRALS = "referral"
    SUBLEASE = "sublease_case"
    SIP = "sip"
    MEASURES = "measure"


#: The source whose metrics count each kind's items, transitions and notes, by ``ItemKind`` value
#: (the kinds' modules import the workflow, which marks months dirty: no import back).
KIND_SOURCES: dict[str, Source] = {
    "referral": Source.REFERRALS,
    "sublease_case": Source.SUBLEASE,
    "sip_plan": Source.SIP,
    "sip_meeting": Source.SIP,
    "measure": Source.MEASURES,
}

ALL_SOURCES: frozenset[Source] = frozenset(Source)

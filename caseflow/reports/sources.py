"""Where the catalog's metrics read their rows from: what a change marks dirty, and what a rollup of
a dirty month recomputes (``caseflow.reports.dirty``, ``caseflow.reports.rollup``)."""

from __future__ import annotations

from enum import StrEnum

from caseflow.kinds import KIND_SOURCES

#: A metric's source: the control checks, the imported figures, or the items of the kinds that
#: declare it (``caseflow.kinds``).
Source = StrEnum("Source", {"CONTROL_CHECKS": "control_check", "FIGURES": "figure_value",
                            **{source.upper(): source for source in dict.fromkeys(KIND_SOURCES.values())}})

ALL_SOURCES: frozenset[Source] = frozenset(Source)


def kind_source(kind: str) -> Source:
    """The source whose metrics count the items, transitions and notes of ``kind``."""
    return Source(KIND_SOURCES[str(kind)])

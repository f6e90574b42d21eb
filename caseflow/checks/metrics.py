"""The control-check scans of the metric catalog, read from ix_control_check_rollup alone."""

from __future__ import annotations

from sqlalchemy import Select, func, literal, select

from caseflow.checks.models import CheckActor, ControlCheck
from caseflow.reports.aggregates import Count, Scan, count
from caseflow.reports.models import ALL_UNITS
from caseflow.reports.metric import Metric
from caseflow.reports.sources import Source

C = ControlCheck.__table__


def _by_actor(first: int, last: int, per_unit: bool) -> Select:
    keys = (C.c.month, C.c.actor, C.c.unit_id)  # the index's order
    return select(*keys, func.count().label("n")).where(C.c.month.between(first, last)).group_by(*keys)


def _individuals(first: int, last: int, per_unit: bool) -> Select:
    """Over the distinct case_ref checked in M, the sum of each one's largest persons_checked in M."""
    keys = [C.c.month, C.c.case_ref] + ([C.c.unit_id] if per_unit else [])
    per_case = (select(*keys, func.max(C.c.persons_checked).label("persons"))
                .where(C.c.month.between(first, last))
                .group_by(*keys)
                .subquery())
    unit = per_case.c.unit_id if per_unit else literal(ALL_UNITS)
    stmt = (select(per_case.c.month, unit.label("unit_id"), func.sum(per_case.c.persons).label("persons"))
            .group_by(per_case.c.month))
    return stmt.group_by(per_case.c.unit_id) if per_unit else stmt


CHECKS = Scan("control_checks", _by_actor, keys=("actor",))
#: A household checked by two units is one household of the municipality, hence not additive.
INDIVIDUALS = Scan("individuals_checked", _individuals, additive=False)


def lookups(actor: CheckActor) -> Count:
    """Control checks in M by ``actor``."""
    return count(CHECKS, actor=actor.value)


individuals_checked = count(INDIVIDUALS, "persons")


SOURCE = Source.CONTROL_CHECKS

# Named once here: the committee report (``caseflow.reports.committee``) reads these declarations.
LOOKUPS_CASEWORKER = Metric("ssbtek_lookups_caseworker", "Antal slagningar i SSBTEK (handläggare)",
                            "Lookups in SSBTEK (caseworkers)", SOURCE, lookups(CheckActor.CASEWORKER))
LOOKUPS_ROBOT = Metric("ssbtek_lookups_robot", "Antal slagningar i SSBTEK (robot)",
                       "Lookups in SSBTEK (robot)", SOURCE, lookups(CheckActor.ROBOT))
INDIVIDUALS_CHECKED = Metric("individuals_checked", "Totalt antal kontrollerade individer (inkl. barn), SSBTEK",
                             "Individuals checked in total (children included), SSBTEK", SOURCE,
                             individuals_checked)

#: The package's metrics, in the report's order; the catalog (``caseflow.reports.catalog``) collects them.
METRICS = (LOOKUPS_CASEWORKER, LOOKUPS_ROBOT, INDIVIDUALS_CHECKED)

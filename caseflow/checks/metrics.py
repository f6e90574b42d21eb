"""The control-check aggregates of the metric catalog: one grouped statement each."""

from __future__ import annotations

from sqlalchemy import Select, func, literal, select

from caseflow.checks.models import CheckActor, ControlCheck
from caseflow.reports.models import ALL_UNITS


def _unit(per_unit: bool):
    return ControlCheck.unit_id if per_unit else literal(ALL_UNITS)


def lookups(actor: CheckActor):
    """Control checks in M by ``actor``."""
    def statement(first: int, last: int, per_unit: bool) -> Select:
        unit = _unit(per_unit)
        stmt = (select(ControlCheck.month, unit.label("unit_id"), func.count().label("value"))
                .where(ControlCheck.month.between(first, last), ControlCheck.actor == actor)
                .group_by(ControlCheck.month))
        return stmt.group_by(ControlCheck.unit_id) if per_unit else stmt
    return statement


def individuals_checked(first: int, last: int, per_unit: bool) -> Select:
    """Over the distinct case_ref checked in M, the sum of each one's largest persons_checked in M."""
    keys = [ControlCheck.month, ControlCheck.case_ref] + ([ControlCheck.unit_id] if per_unit else [])
    per_case = (select(*keys, func.max(ControlCheck.persons_checked).label("persons"))
                .where(ControlCheck.month.between(first, last))
                .group_by(*keys)
                .subquery())
    unit = per_case.c.unit_id if per_unit else literal(ALL_UNITS)
    stmt = (select(per_case.c.month, unit.label("unit_id"), func.sum(per_case.c.persons).label("value"))
            .group_by(per_case.c.month))
    return stmt.group_by(per_case.c.unit_id) if per_unit else stmt

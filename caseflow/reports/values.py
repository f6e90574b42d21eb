"""The figures a committee report reads: which months and metrics, live from ``monthly_count`` or
frozen in a snapshot, behind one lookup so the report is built the same way from either."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.months import Month
from caseflow.reports.catalog import METRICS
from caseflow.figures.services import GroupFigure, group_figures
from caseflow.reports.models import ALL_UNITS, MonthlyCount, ReportSnapshot, ReportSnapshotValue
from caseflow.reports.targets import Target, current_targets

#: The metrics a report reads and a freeze keeps: the whole catalog, so a frozen month answers for
#: every metric the API can be asked for, not only for those the committee's tables show today.
REPORT_METRICS: tuple[str, ...] = tuple(METRICS)

#: The year × month tables go back this many years before the report's own (seed 003: 2018–2020).
YEARS_BACK = 2


def mandate_start(month: int) -> Month:
    """January of the first year of the committee's mandate period holding ``month``: the four
    years after a general election (2023–2026 after the one of 2022; 2027–2030 next)."""
    year = Month(month).year
    return Month.at(year - (year - 2023) % 4, 1)


def report_window(month: int) -> tuple[int, int]:
    """The first and last month whose figures the report of ``month`` shows: January two years
    back (the year tables), or the mandate period's start if earlier (its targets), to the month."""
    return min(Month.at(Month(month).year - YEARS_BACK, 1), mandate_start(month)), month


@dataclass
class Figures:
    """Values by ``(metric, month, unit_id)``; a figure with no row reads as None (``--``). Beside
    them, what the report measures and shows besides the catalog's values: the figures by report
    group (the municipality's only) and the committee's targets."""

    values: dict[tuple[str, int, int], Decimal | None] = field(default_factory=dict)
    unit_id: int = ALL_UNITS
    groups: tuple[GroupFigure, ...] = ()
    targets: tuple[Target, ...] = ()

    def get(self, metric: str, month: int) -> Decimal | None:
        return self.values.get((metric, month, self.unit_id))

    def months_sum(self, metric: str, first: int, last: int) -> Decimal | None:
        """The sum of the months ``first`` to ``last`` that have a value; None if none has."""
        found = [v for m in Month.range(first, last) if (v := self.get(metric, m)) is not None]
        return sum(found, Decimal(0)) if found else None

    def for_unit(self, unit_id: int) -> Figures:
        """One unit's figures: the business system's figures by group are not per unit."""
        return Figures(self.values, unit_id, (), self.targets)


def live_figures(month: int) -> Figures:
    """The report's figures as the last rollup left them, every unit and all units together."""
    first, last = report_window(month)
    rows = db.session.execute(select(MonthlyCount.metric, MonthlyCount.month, MonthlyCount.unit_id,
                                     MonthlyCount.value)
                              .where(MonthlyCount.metric.in_(REPORT_METRICS),
                                     MonthlyCount.month.between(first, last)))
    return Figures({(metric, m, unit): value for metric, m, unit, value in rows},
                   groups=tuple(group_figures(month, month)), targets=tuple(current_targets()))


def frozen_figures(snapshot: ReportSnapshot) -> Figures:
    """The figures of one snapshot, exactly as they were frozen."""
    rows = db.session.execute(select(ReportSnapshotValue.metric, ReportSnapshotValue.month,
                                     ReportSnapshotValue.unit_id, ReportSnapshotValue.value)
                              .where(ReportSnapshotValue.snapshot_id == snapshot.id))
    return Figures({(metric, m, unit): value for metric, m, unit, value in rows},
                   groups=tuple(GroupFigure.from_json(d) for d in snapshot.group_figures or ()),
                   targets=tuple(Target.from_json(d) for d in snapshot.targets or ()))

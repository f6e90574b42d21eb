"""The figures a committee report reads: which months and metrics, live from ``monthly_count`` or
frozen in a snapshot, behind one lookup so the report is built the same way from either."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.months import Month
from caseflow.reports.catalog import METRICS
from caseflow.reports.models import ALL_UNITS, MonthlyCount, ReportSnapshotValue

#: The metrics a report reads and a freeze keeps: the whole catalog, so a frozen month answers for
#: every metric the API can be asked for, not only for those the committee's tables show today.
REPORT_METRICS: tuple[str, ...] = tuple(METRICS)

#: The year × month tables go back this many years before the report's own (seed 003: 2018–2020).
YEARS_BACK = 2


def report_window(month: int) -> tuple[int, int]:
    """The first and last month whose figures the report of ``month`` shows: January two years
    back to the month itself."""
    return Month.at(Month(month).year - YEARS_BACK, 1), month


@dataclass
class Figures:
    """Values by ``(metric, month, unit_id)``; a figure with no row reads as None (``--``)."""

    values: dict[tuple[str, int, int], Decimal | None] = field(default_factory=dict)
    unit_id: int = ALL_UNITS

    def get(self, metric: str, month: int) -> Decimal | None:
        return self.values.get((metric, month, self.unit_id))

    def for_unit(self, unit_id: int) -> Figures:
        return Figures(self.values, unit_id)


def live_figures(month: int) -> Figures:
    """The report's figures as the last rollup left them, every unit and all units together."""
    first, last = report_window(month)
    rows = db.session.execute(select(MonthlyCount.metric, MonthlyCount.month, MonthlyCount.unit_id,
                                     MonthlyCount.value)
                              .where(MonthlyCount.metric.in_(REPORT_METRICS),
                                     MonthlyCount.month.between(first, last)))
    return Figures({(metric, m, unit): value for metric, m, unit, value in rows})


def frozen_figures(snapshot_id: int) -> Figures:
    """The figures of one snapshot, exactly as they were frozen."""
    rows = db.session.execute(select(ReportSnapshotValue.metric, ReportSnapshotValue.month,
                                     ReportSnapshotValue.unit_id, ReportSnapshotValue.value)
                              .where(ReportSnapshotValue.snapshot_id == snapshot_id))
    return Figures({(metric, m, unit): value for metric, m, unit, value in rows})

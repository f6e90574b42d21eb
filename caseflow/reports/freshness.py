"""How fresh a report's counts are: the months of its window that wait for a rollup, and when its counts
were last computed; said by the report page and the API alike, so no one reads stale counts unwarned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.months import Month
from caseflow.reports.models import DirtyMonth, MonthlyCount
from caseflow.reports.values import REPORT_METRICS, report_window


@dataclass(frozen=True)
class Freshness:
    #: The months of the report's window marked dirty: their counts will change at the next rollup.
    pending: tuple[Month, ...]
    #: When a count of the window was last written; None when none has been rolled up.
    computed_at: datetime | None


def freshness(month: int) -> Freshness:
    first, last = report_window(month)
    pending = db.session.scalars(select(DirtyMonth.month).where(DirtyMonth.month.between(first, last))
                                 .distinct().order_by(DirtyMonth.month))
    computed_at = db.session.scalar(select(func.max(MonthlyCount.computed_at)).where(
        MonthlyCount.metric.in_(REPORT_METRICS), MonthlyCount.month.between(first, last)))
    return Freshness(tuple(Month(m) for m in pending), computed_at)

"""How fresh a report's counts are: the months of its window that wait for a rollup, and when its counts
were last computed; said by the report page and the API alike, so no one reads stale counts unwarned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from caseflow.checks.models import ControlCheck
from caseflow.extensions import db
from caseflow.figures.models import FigureImport, FigureValue
from caseflow.items.models import Transition
from caseflow.months import Month
from caseflow.reports.models import DirtyMonth, MonthlyCount, RolledMonth
from caseflow.reports.values import REPORT_METRICS, report_window


@dataclass(frozen=True)
class Freshness:
    #: The months of the report's window marked dirty: their counts will change at the next rollup.
    pending: tuple[Month, ...]
    #: When a count of the window was last written; None when none has been rolled up.
    computed_at: datetime | None


def waiting_registrations(pending: tuple[Month, ...]) -> int:
    """Registrations in the ``pending`` months recorded since their month's last rollup (events of work
    items, control checks, imported figures): the drift the next rollup takes in. A correction of an item's
    fields marks its months too, but is not counted here. Three counts, asked only by the page that says
    the number (the report page), not by every reader of ``freshness``."""
    if not pending:
        return 0
    total = 0
    for month, stamp, joined in ((Transition.month, Transition.recorded_at, None),
                                 (ControlCheck.month, ControlCheck.created_at, None),
                                 (FigureValue.month, FigureImport.imported_at, FigureImport)):
        rolled_at = select(RolledMonth.rolled_at).where(RolledMonth.month == month).scalar_subquery()
        stmt = select(func.count()).select_from(month.class_)
        if joined is not None:
            stmt = stmt.join(joined)
        total += db.session.scalar(stmt.where(month.in_([int(m) for m in pending]),
                                              or_(rolled_at.is_(None), stamp > rolled_at)))
    return total


def freshness(month: int) -> Freshness:
    first, last = report_window(month)
    pending = list(db.session.scalars(select(DirtyMonth.month).where(DirtyMonth.month.between(first, last))
                                      .distinct().order_by(DirtyMonth.month)))
    computed_at = db.session.scalar(select(func.max(MonthlyCount.computed_at)).where(
        MonthlyCount.metric.in_(REPORT_METRICS), MonthlyCount.month.between(first, last)))
    return Freshness(tuple(Month(m) for m in pending), computed_at)

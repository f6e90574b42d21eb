"""Frozen snapshots of a month's committee report: versioned, insert-only, never changed.

``freeze_report`` rolls the report's months up, then copies every figure the report reads (all
units and each unit) and its action plan into a new version. Nothing here updates or deletes a
snapshot, and an ORM flush that would is refused (``_refuse_changes``): a snapshot is what the
committee was shown, and a freeze again is a new version beside the old.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, insert, literal, select
from sqlalchemy.orm import selectinload

from caseflow.audit.services import record_change
from caseflow.auth.models import User
from caseflow.db import MAX_ID
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.reports.plan_lines import PlanLine, plan_lines
from caseflow.reports.models import MonthlyCount, ReportSnapshot, ReportSnapshotValue
from caseflow.reports.rollup import rollup_months
from caseflow.reports.targets import current_targets
from caseflow.figures.services import group_figures
from caseflow.reports.text import month_text
from caseflow.reports.values import REPORT_METRICS, Figures, frozen_figures, report_window


def freeze_report(month: int, actor: User | None = None, *, comment: str | None = None,
                  committee_on: date | None = None, by_calendar: bool = False) -> ReportSnapshot:
    """Roll up the report's months, then freeze its figures and the analyst's text as the month's next
    version, with why (``comment``) and the day it goes to the committee (``committee_on``); made by
    the committee's calendar at a deadline if ``by_calendar``.

    ``by_calendar`` marks the committee calendar's freeze at a deadline, so the version list says so.

    Flushes only; the caller commits (the rollup's month locks are held until then, so no rollup
    changes a count between its computing and its copying).
    """
    if not Month(month).has_begun:
        raise ValidationError(_("A month that has not begun cannot be frozen."),
                              {"month": _("A month up to the current one.")})
    first, last = report_window(month)
    rollup_months(first, last)
    version = (db.session.scalar(select(func.max(ReportSnapshot.version))
                                 .where(ReportSnapshot.month == month)) or 0) + 1
    snapshot = ReportSnapshot(month=month, version=version, frozen_by_id=actor.id if actor else None,
                              is_frozen_by_calendar=by_calendar,
                              action_plan=[line.as_json() for line in plan_lines(month)],
                              group_figures=[g.as_json() for g in group_figures(month, month)],
                              targets=[t.as_json() for t in current_targets()],
                              text=month_text(month).as_json(), comment=(comment or "").strip() or None,
                              committee_on=committee_on)
    db.session.add(snapshot)
    db.session.flush()
    copied = select(literal(snapshot.id), MonthlyCount.metric, MonthlyCount.month, MonthlyCount.unit_id,
                    MonthlyCount.value).where(MonthlyCount.metric.in_(REPORT_METRICS),
                                              MonthlyCount.month.between(first, last))
    db.session.execute(insert(ReportSnapshotValue).from_select(
        ["snapshot_id", "metric", "month", "unit_id", "value"], copied))
    record_change("report.freeze", "report_snapshot", snapshot.id, actor=actor,
                  after={"month": month, "version": version,
                         **({"by": "calendar"} if by_calendar else {}),
                         **({"comment": snapshot.comment} if snapshot.comment else {}),
                         **({"committee_on": committee_on.isoformat()} if committee_on else {})})
    return snapshot


def frozen_versions(months: set[int]) -> dict[int, int]:
    """The latest frozen version of each of the months whose report has been frozen."""
    if not months:
        return {}
    return dict(db.session.execute(select(ReportSnapshot.month, func.max(ReportSnapshot.version))
                                   .where(ReportSnapshot.month.in_(months)).group_by(ReportSnapshot.month)).all())


def latest_snapshot(month: int) -> ReportSnapshot | None:
    return db.session.scalar(select(ReportSnapshot).where(ReportSnapshot.month == month)
                             .order_by(ReportSnapshot.version.desc()).limit(1))


def snapshot_version(month: int, version: int) -> ReportSnapshot | None:
    if not 1 <= version <= MAX_ID:  # no such version; the database would refuse to compare
        return None
    return db.session.scalar(select(ReportSnapshot).where(ReportSnapshot.month == month,
                                                          ReportSnapshot.version == version))


def snapshots_of(month: int) -> list[ReportSnapshot]:
    """The month's versions, latest first, with who froze each (the page lists them all)."""
    return list(db.session.scalars(select(ReportSnapshot).where(ReportSnapshot.month == month)
                                   .options(selectinload(ReportSnapshot.frozen_by))
                                   .order_by(ReportSnapshot.version.desc())))


def snapshot_contents(snapshot: ReportSnapshot) -> tuple[Figures, list[PlanLine]]:
    """What the report is built from, as frozen."""
    return frozen_figures(snapshot), [PlanLine.from_json(d) for d in snapshot.action_plan]

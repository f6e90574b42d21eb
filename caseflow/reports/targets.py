"""The committee's targets (seed 004): each on one metric of the catalog, with its direction, value
and period, and how far the report's month reaches it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.audit.services import record_change
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.reference.services import free_text_problem
from caseflow.reports.catalog import METRICS
from caseflow.reports.models import ReportTarget, TargetDirection, TargetPeriod

MAX_TITLE = 200


@dataclass(frozen=True)
class Target:
    """A target as the report measures it (and a freeze keeps it)."""

    title: str
    metric: str
    direction: TargetDirection
    value: Decimal
    period: TargetPeriod

    def as_json(self) -> dict:
        return {"title": self.title, "metric": self.metric, "direction": self.direction.value,
                "value": str(self.value), "period": self.period.value}

    @classmethod
    def from_json(cls, data: dict) -> Target:
        return cls(data["title"], data["metric"], TargetDirection(data["direction"]), Decimal(data["value"]),
                   TargetPeriod(data["period"]))

    @classmethod
    def of(cls, row: ReportTarget) -> Target:
        return cls(row.title, row.metric, row.direction, row.value, row.period)

    def is_reached(self, outcome: Decimal | None) -> bool | None:
        """Whether ``outcome`` meets the target; None when there is no outcome to judge."""
        if outcome is None:
            return None
        return outcome <= self.value if self.direction is TargetDirection.AT_MOST else outcome >= self.value

    def share_reached(self, outcome: Decimal | None) -> Decimal | None:
        """How much of an at-least target the outcome makes, in per cent (``62,1``); None for an
        at-most target (a ceiling is kept or not) or without an outcome."""
        if outcome is None or self.direction is TargetDirection.AT_MOST or self.value == 0:
            return None
        return outcome * 100 / self.value


def current_targets() -> list[Target]:
    return [Target.of(row) for row in db.session.scalars(select(ReportTarget).order_by(ReportTarget.id))]


def _checked(title: str, metric: str, direction: str, value: Decimal | None, period: str) -> dict:
    problems: dict[str, str] = {}
    title = (title or "").strip()
    if not title or len(title) > MAX_TITLE:
        problems["title"] = _("A title of 1 to %(n)d characters.", n=MAX_TITLE)
    elif problem := free_text_problem(title):
        problems["title"] = problem
    if metric not in METRICS:
        problems["metric"] = _("Choose a figure of the report.")
    try:
        direction = TargetDirection(direction)
    except ValueError:
        problems["direction"] = _("At most or at least.")
    try:
        period = TargetPeriod(period)
    except ValueError:
        problems["period"] = _("The month, the year or the mandate period.")
    if value is None or value < 0 or abs(value) >= Decimal(10) ** 14 or value.as_tuple().exponent < -4:
        problems["value"] = _("A number from 0, at most 4 decimals.")
    if problems:
        raise ValidationError(_("The target was not saved."), problems)
    return {"title": title, "metric": metric, "direction": direction, "value": value, "period": period}


def save_target(actor, target: ReportTarget | None, *, title: str, metric: str, direction: str,
                value: Decimal | None, period: str) -> ReportTarget:
    """Create a target, or change ``target``; validated first, audited, flushed (the caller commits)."""
    values = _checked(title, metric, direction, value, period)
    before = Target.of(target).as_json() if target else None
    if target is None:
        target = ReportTarget(**values, updated_by_id=actor.id)
        db.session.add(target)
    else:
        for name, new in values.items():
            setattr(target, name, new)
        target.updated_by_id = actor.id
    db.session.flush()
    record_change("report.target", "report_target", target.id, actor=actor, before=before,
                  after=Target.of(target).as_json())
    return target


def delete_target(actor, target: ReportTarget) -> None:
    record_change("report.target_delete", "report_target", target.id, actor=actor,
                  before=Target.of(target).as_json())
    db.session.delete(target)
    db.session.flush()

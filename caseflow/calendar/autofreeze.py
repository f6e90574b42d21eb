"""The freeze at the deadline: when a month's deadline day has ended, its report is frozen as a new
version made by the calendar, once per month and deadline, and the analysts are told.

A deadline more than ``FREEZE_GRACE_DAYS`` past is left alone: a meeting entered afterwards for the
record, or a calendar task that was stopped for weeks, does not freeze old months by surprise.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from caseflow.calendar.models import CalendarFreeze, ReminderKind
from caseflow.calendar.reminders import Reminder, active_users, deliver
from caseflow.calendar.services import deadlines_near
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.reports.freeze import freeze_report
from caseflow.reports.models import ReportSnapshot

FREEZE_GRACE_DAYS = 14


def _is_due(deadline_on: date, today: date) -> bool:
    return deadline_on < today <= deadline_on + timedelta(days=FREEZE_GRACE_DAYS)


def freeze_due_months(today: date) -> list[CalendarFreeze]:
    """Freeze every month whose deadline day has ended and that the calendar has not frozen for that
    deadline; each freeze is committed with its record, then the analysts are e-mailed."""
    done = []
    for deadline in deadlines_near(today):
        if not _is_due(deadline.deadline_on, today):
            continue
        if db.session.scalar(select(CalendarFreeze.id).where(CalendarFreeze.month == deadline.month,
                                                             CalendarFreeze.deadline_on == deadline.deadline_on)):
            continue
        try:
            snapshot = freeze_report(deadline.month, by_calendar=True)
            record = CalendarFreeze(month=deadline.month, deadline_on=deadline.deadline_on, snapshot_id=snapshot.id)
            db.session.add(record)
            db.session.flush()
        except IntegrityError:  # another run froze it for this deadline first
            db.session.rollback()
            continue
        version = snapshot.version
        db.session.commit()
        done.append(record)
        deliver([Reminder(a.id, a.email, ReminderKind.REPORT_FROZEN, deadline, version=version)
                 for a in active_users(Role.ANALYST)])
    return done


def recent_freezes(today: date, days: int = FREEZE_GRACE_DAYS) -> list[tuple[CalendarFreeze, int]]:
    """The calendar's freezes of the last ``days`` days, newest first, with their versions: the
    analysts' start page tells of them."""
    since = today - timedelta(days=days)
    return list(db.session.execute(
        select(CalendarFreeze, ReportSnapshot.version).join(ReportSnapshot, ReportSnapshot.id == CalendarFreeze.snapshot_id)
        .where(CalendarFreeze.deadline_on >= since).order_by(CalendarFreeze.frozen_at.desc())).all())

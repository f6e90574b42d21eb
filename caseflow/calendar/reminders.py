"""Who is reminded of what before a month's deadline, and the e-mails that say it, each sent once.

A leader is reminded when measures they answer for (or measures of their unit no active leader
answers for) lack the month's follow-up note; an analyst when months of the report wait for a rollup or figures of
the month are not imported. Reminders are due from ``reminder_days`` before the deadline to the
deadline itself. The e-mails name no case, no person and no measure: only counts, months and dates.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from caseflow.auth.models import User
from caseflow.calendar import mail
from caseflow.calendar.deadlines import MonthDeadline
from caseflow.calendar.models import ReminderKind, SentReminder
from caseflow.calendar.services import deadlines_near, reminder_days
from caseflow.extensions import db
from caseflow.figures.keys import FIGURES
from caseflow.figures.services import current_figures
from caseflow.measures.followup import MeasureRow, follow_up
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.reports.freshness import freshness

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    recipient_id: int
    email: str | None
    kind: ReminderKind
    deadline: MonthDeadline
    #: MISSING_NOTES: how many measures lack the note.
    missing_notes: int = 0
    #: REPORT_NOT_READY: the months waiting for a rollup, and the figures not imported.
    pending_months: tuple[Month, ...] = ()
    missing_figures: tuple[str, ...] = field(default=())
    #: REPORT_FROZEN: the version the calendar froze.
    version: int = 0

    def _dates(self) -> dict:
        return {"month": format_date(self.deadline.month.first_day, "LLLL y"),
                "deadline": self.deadline.deadline_on.isoformat(), "meeting": self.deadline.meeting_on.isoformat()}

    def text(self) -> str:
        """One line, for the app's start page and the e-mail's first paragraph."""
        d = self._dates()
        if self.kind is ReminderKind.MISSING_NOTES:
            return ngettext("%(num)d measure lacks its follow-up note for %(month)s; the report is due %(deadline)s.",
                            "%(num)d measures lack their follow-up notes for %(month)s; the report is due %(deadline)s.",
                            self.missing_notes, **d)
        if self.kind is ReminderKind.REPORT_FROZEN:
            return _("The calendar froze the report for %(month)s as version %(version)d at its deadline %(deadline)s.",
                     version=self.version, **d)
        parts = []
        if self.pending_months:
            parts.append(_("months waiting for a rollup: %(months)s",
                           months=", ".join(str(m) for m in self.pending_months)))
        if self.missing_figures:
            parts.append(_("figures not imported: %(figures)s", figures=", ".join(self.missing_figures)))
        return _("The report for %(month)s, due %(deadline)s, is not ready: %(what)s.", what="; ".join(parts), **d)

    def subject(self) -> str:
        d = self._dates()
        if self.kind is ReminderKind.MISSING_NOTES:
            return _("Reminder: follow-up notes for %(month)s", **d)
        if self.kind is ReminderKind.REPORT_FROZEN:
            return _("The report for %(month)s is frozen", **d)
        return _("Reminder: the report for %(month)s is not ready", **d)

    def body(self) -> str:
        d = self._dates()
        lines = [self.text(), ""]
        if self.kind is ReminderKind.MISSING_NOTES:
            lines.append(_("Write them in Caseflow under Action plans. The report is frozen when the deadline "
                           "day ends, for the committee's meeting %(meeting)s.", **d))
        elif self.kind is ReminderKind.REPORT_NOT_READY:
            lines.append(_("The report is frozen when the deadline day ends, for the committee's meeting "
                           "%(meeting)s.", **d))
        else:
            lines.append(_("It goes to the committee's meeting %(meeting)s. A later freeze makes a new version.", **d))
        lines += ["", _("This message was sent by Caseflow's committee calendar; do not reply to it.")]
        return "\n".join(lines)


def _in_window(deadline: MonthDeadline, today: date, reminder_days: int) -> bool:
    return (deadline.deadline_on - today).days in range(0, reminder_days + 1)


def active_users(role: Role, user_id: int | None = None) -> list[User]:
    stmt = select(User).where(User.role == role, User.is_active.is_(True)).order_by(User.id)
    if user_id is not None:
        stmt = stmt.where(User.id == user_id)
    return list(db.session.scalars(stmt))


def _leader_reminders(deadline: MonthDeadline, today: date, only: int | None) -> list[Reminder]:
    reminders = []
    leaders = active_users(Role.UNIT_LEADER)
    # A measure whose responsible leader is gone (deactivated) is every leader of its unit's to note.
    active_ids = {leader.id for leader in leaders}
    # The follow-up is the unit's (what a leader sees is their unit's), so asked once per unit.
    unit_rows: dict[int | None, list[MeasureRow]] = {}
    for leader in leaders:
        if only is not None and leader.id != only:
            continue
        if leader.unit_id not in unit_rows:
            unit_rows[leader.unit_id] = follow_up(leader, deadline.month, today)
        missing = sum(1 for row in unit_rows[leader.unit_id]
                      if row.is_missing and (row.measure.responsible_id == leader.id
                                             or row.measure.responsible_id not in active_ids))
        if missing:
            reminders.append(Reminder(leader.id, leader.email, ReminderKind.MISSING_NOTES, deadline,
                                      missing_notes=missing))
    return reminders


def _analyst_reminders(deadline: MonthDeadline, only: int | None) -> list[Reminder]:
    analysts = active_users(Role.ANALYST, only)
    if not analysts:
        return []
    pending = freshness(deadline.month).pending
    imported = current_figures(deadline.month)
    missing = tuple(spec.label_sv for spec in FIGURES if spec.key.value not in imported)
    if not pending and not missing:
        return []
    return [Reminder(a.id, a.email, ReminderKind.REPORT_NOT_READY, deadline, pending_months=pending,
                     missing_figures=missing) for a in analysts]


def due_reminders(today: date, user_id: int | None = None) -> list[Reminder]:
    """The reminders due today (of one user, if given): for each month whose deadline is near."""
    days = reminder_days()
    due = []
    for deadline in deadlines_near(today):
        if _in_window(deadline, today, days):
            due += _leader_reminders(deadline, today, user_id) + _analyst_reminders(deadline, user_id)
    return due


def _claim(reminder: Reminder) -> bool:
    """Record the reminder as sent, in the transaction that sends it; False if it already was."""
    if db.session.scalar(select(SentReminder.id).where(SentReminder.recipient_id == reminder.recipient_id,
                                                       SentReminder.month == reminder.deadline.month,
                                                       SentReminder.kind == reminder.kind)):
        return False
    try:
        with db.session.begin_nested():  # a concurrent run that claimed it first: its row wins
            db.session.add(SentReminder(recipient_id=reminder.recipient_id, month=reminder.deadline.month,
                                        kind=reminder.kind))
    except IntegrityError:
        return False
    return True


def deliver(reminders: list[Reminder]) -> int:
    """E-mail each reminder not sent before, committing each claim with its sending; the number sent.

    Without ``CASEFLOW_SMTP_URL`` nothing is sent or recorded: the app shows the reminders instead.
    A message the server refuses is not recorded, so the next run tries it again.
    """
    url = current_app.config.get("CASEFLOW_SMTP_URL")
    if not url:
        return 0
    sender = current_app.config["CASEFLOW_MAIL_FROM"]
    sent = 0
    for reminder in reminders:
        if not reminder.email or not _claim(reminder):
            db.session.rollback()
            continue
        with force_locale("sv"):
            message = mail.compose(sender=sender, to=reminder.email, subject=reminder.subject(), body=reminder.body())
        try:
            mail.send(url, message)
        except (smtplib.SMTPException, OSError) as err:
            db.session.rollback()
            log.warning("a %s reminder was not sent (%s); the next run tries again", reminder.kind, type(err).__name__)
            continue
        db.session.commit()
        sent += 1
    return sent


def send_due_reminders(today: date) -> int:
    """The beat task's work: e-mail the reminders due today that were not sent before."""
    return deliver(due_reminders(today))

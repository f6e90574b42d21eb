"""What the start page tells a user of the calendar: their reminders due today, and, to analysts,
the calendar's recent freezes. Shown whether or not e-mail is configured."""

from __future__ import annotations

from datetime import date

from caseflow.calendar.autofreeze import recent_freezes
from caseflow.calendar.deadlines import MonthDeadline
from caseflow.calendar.models import ReminderKind
from caseflow.calendar.reminders import Reminder, due_reminders
from caseflow.months import Month
from caseflow.permissions import Permission, Role


def notices_for(user, today: date) -> list[str]:
    if not user.can(Permission.CALENDAR_VIEW):
        return []
    texts = [r.text() for r in due_reminders(today, user.id)]
    if user.role == Role.ANALYST:
        for freeze, version in recent_freezes(today):
            # The text names the month, the version and the deadline; the meeting is not needed.
            deadline = MonthDeadline(Month(freeze.month), freeze.deadline_on, freeze.deadline_on)
            texts.append(Reminder(user.id, None, ReminderKind.REPORT_FROZEN, deadline, version=version).text())
    return texts

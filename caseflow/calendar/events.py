"""The committee's dates as plain events, for a calendar feed (an ``.ics``) or any other reader."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from caseflow.calendar.deadlines import deadline_of, months_of_meeting
from caseflow.calendar.services import meeting_dates, settings


def committee_events(start: date, end: date) -> list[tuple[date, str]]:
    """The meetings and report deadlines from ``start`` to ``end`` (both included), in date order:
    ``(date, summary)``, the summary in the current locale."""
    return [(day, summary) for day, _kind, summary in dated_events(start, end)]


def dated_events(start: date, end: date) -> list[tuple[date, str, str]]:
    """``committee_events`` with what each is, ``meeting`` or ``deadline`` (a feed's event id needs it)."""
    meetings, working_days = meeting_dates(), settings().deadline_working_days
    events = []
    for meeting_on in meetings:
        deadline_on = deadline_of(meeting_on, working_days)
        if start <= meeting_on <= end:
            events.append((meeting_on, "meeting", _("Committee meeting")))
        if start <= deadline_on <= end:
            months = ", ".join(format_date(m.first_day, "LLLL y") for m in months_of_meeting(meeting_on, meetings,
                                                                                             working_days))
            events.append((deadline_on, "deadline", _("Report deadline: %(months)s", months=months) if months
                           else _("Report deadline")))
    return sorted(events)

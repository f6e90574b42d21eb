"""Editing the committee's calendar, and reading it: meetings, each month's deadline, what is coming."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.audit.services import record_change
from caseflow.calendar.deadlines import MonthDeadline, deadline_for_month, deadline_of, months_of_meeting, \
    working_days_between
from caseflow.calendar.models import (DEFAULT_DEADLINE_WORKING_DAYS, DEFAULT_REMINDER_DAYS, MAX_SETTING_DAYS,
                                     CalendarSettings, CommitteeMeeting)
from caseflow.errors import NotFound, ValidationError
from caseflow.extensions import db
from caseflow.months import Month

#: The settings row's id: the calendar has one.
SETTINGS_ID = 1
#: The earliest and latest years a meeting may be set in: a typo such as 2206 is refused.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def settings() -> CalendarSettings:
    """The calendar's settings; the defaults, unsaved, until the analyst first saves them."""
    return db.session.get(CalendarSettings, SETTINGS_ID) or CalendarSettings(
        id=SETTINGS_ID, deadline_working_days=DEFAULT_DEADLINE_WORKING_DAYS,
        reminder_days=DEFAULT_REMINDER_DAYS)


def update_settings(*, deadline_working_days: int, reminder_days: int, actor=None) -> CalendarSettings:
    problems = {}
    for name, value in (("deadline_working_days", deadline_working_days), ("reminder_days", reminder_days)):
        if value is None or not 0 <= value <= MAX_SETTING_DAYS:
            problems[name] = _("A whole number from 0 to %(most)d.", most=MAX_SETTING_DAYS)
    if problems:
        raise ValidationError(_("The settings were not saved."), problems)
    current = settings()
    before = {"deadline_working_days": current.deadline_working_days, "reminder_days": current.reminder_days}
    current.deadline_working_days, current.reminder_days = deadline_working_days, reminder_days
    db.session.add(current)
    db.session.flush()
    _forget_deadlines()
    record_change("calendar.settings", "calendar_settings", SETTINGS_ID, actor=actor, before=before,
                  after={"deadline_working_days": deadline_working_days, "reminder_days": reminder_days})
    return current


def meeting_dates() -> list[date]:
    return list(db.session.scalars(select(CommitteeMeeting.meets_on).order_by(CommitteeMeeting.meets_on)))


def meetings_between(start: date, end: date) -> list[CommitteeMeeting]:
    return list(db.session.scalars(select(CommitteeMeeting).where(CommitteeMeeting.meets_on.between(start, end))
                                   .order_by(CommitteeMeeting.meets_on)))


def _check_date(meets_on: date | None, meeting_id: int | None = None) -> None:
    if meets_on is None or not FIRST_YEAR <= meets_on.year <= LAST_YEAR:
        raise ValidationError(_("The meeting was not saved."),
                              {"meets_on": _("A date from %(first)d to %(last)d, as 2026-03-19.",
                                             first=FIRST_YEAR, last=LAST_YEAR)})
    if meets_on.weekday() >= 5:
        raise ValidationError(_("The meeting was not saved."),
                              {"meets_on": _("The committee meets on a weekday.")})
    taken = db.session.scalar(select(CommitteeMeeting.id).where(CommitteeMeeting.meets_on == meets_on))
    if taken is not None and taken != meeting_id:
        raise ValidationError(_("The meeting was not saved."),
                              {"meets_on": _("The committee already meets that day.")})


def add_meeting(meets_on: date, actor=None) -> CommitteeMeeting:
    _check_date(meets_on)
    meeting = CommitteeMeeting(meets_on=meets_on)
    db.session.add(meeting)
    db.session.flush()
    _forget_deadlines()
    record_change("calendar.meeting_add", "committee_meeting", meeting.id, actor=actor,
                  after={"meets_on": meets_on.isoformat()})
    return meeting


def get_meeting(meeting_id: int) -> CommitteeMeeting:
    meeting = db.session.get(CommitteeMeeting, meeting_id)
    if meeting is None:
        raise NotFound(_("No such meeting."))
    return meeting


def move_meeting(meeting_id: int, meets_on: date, actor=None) -> CommitteeMeeting:
    meeting = get_meeting(meeting_id)
    _check_date(meets_on, meeting_id)
    before = meeting.meets_on.isoformat()
    meeting.meets_on = meets_on
    db.session.flush()
    _forget_deadlines()
    record_change("calendar.meeting_move", "committee_meeting", meeting.id, actor=actor,
                  before={"meets_on": before}, after={"meets_on": meets_on.isoformat()})
    return meeting


def delete_meeting(meeting_id: int, actor=None) -> None:
    meeting = get_meeting(meeting_id)
    _forget_deadlines()
    record_change("calendar.meeting_delete", "committee_meeting", meeting.id, actor=actor,
                  before={"meets_on": meeting.meets_on.isoformat()})
    db.session.delete(meeting)
    db.session.flush()


@dataclass(frozen=True)
class _Calendar:
    meetings: list[date]
    deadline_working_days: int
    reminder_days: int


def _calendar() -> _Calendar:
    """The meetings and the settings, read once per request (the leader's start page asks for the month's
    deadline and for the reminders due), forgotten when the calendar changes. Values, not the settings row:
    they outlive the session that read them."""
    if "calendar_read" not in g:
        current = settings()
        g.calendar_read = _Calendar(meeting_dates(), current.deadline_working_days, current.reminder_days)
    return g.calendar_read


def month_deadline(month: int) -> MonthDeadline | None:
    """The month's meeting and deadline, by the calendar as it stands; read once per request (a page's
    traffic lights ask for every row), forgotten when the calendar changes."""
    cache = g.setdefault("month_deadlines", {})
    if month not in cache:
        calendar = _calendar()
        cache[month] = deadline_for_month(month, calendar.meetings, calendar.deadline_working_days)
    return cache[month]


def reminder_days() -> int:
    """How many days before a deadline its reminders begin (the settings', read once per request)."""
    return _calendar().reminder_days


def _forget_deadlines() -> None:
    g.pop("month_deadlines", None)
    g.pop("calendar_read", None)


def deadlines_near(today: date, back: int = 13) -> list[MonthDeadline]:
    """The deadlines of the months ended in the last ``back`` months (the ones a task may act on)."""
    calendar = _calendar()
    meetings, working_days = calendar.meetings, calendar.deadline_working_days
    months, month = [], Month.of(today).previous
    for _i in range(back):
        months.append(month)
        month = month.previous
    return [d for d in (deadline_for_month(m, meetings, working_days) for m in reversed(months)) if d]


@dataclass(frozen=True)
class UpcomingMeeting:
    meeting: CommitteeMeeting
    deadline_on: date
    #: The months whose reports go to this meeting.
    months: list[Month]
    #: Calendar and working days from today to the deadline (negative once it has passed).
    days_left: int
    working_days_left: int


def upcoming(today: date, limit: int = 12) -> list[UpcomingMeeting]:
    """The meetings from today on, with their deadlines and months."""
    meetings = meeting_dates()
    working_days = settings().deadline_working_days
    rows = db.session.scalars(select(CommitteeMeeting).where(CommitteeMeeting.meets_on >= today)
                              .order_by(CommitteeMeeting.meets_on).limit(limit))
    result = []
    for meeting in rows:
        deadline_on = deadline_of(meeting.meets_on, working_days)
        result.append(UpcomingMeeting(meeting, deadline_on, months_of_meeting(meeting.meets_on, meetings, working_days),
                                      (deadline_on - today).days, working_days_between(today, deadline_on)))
    return result

"""Working days in Sweden and the rules that turn the committee's meetings into each month's deadline.

Pure functions of dates: no database, so the rules are tested with hand-written calendars.

* A **working day** is a weekday that is no Swedish public holiday, counting midsommarafton, julafton
  and nyårsafton as holidays (Semesterlagen treats them so; ``holidays``' ``DE_FACTO`` category).
* A meeting's **deadline** is ``N`` working days before it: with ``N = 5`` and a meeting on a
  Thursday in an ordinary week, the Thursday of the week before.
* A month's report goes to the **first meeting whose deadline comes after the month's last day**:
  the month is over, and its notes and figures can be in, before the report is due. Months with no
  meeting of their own (the summer) go together to the next meeting, each frozen at its deadline.
  The first meeting entered takes only the month that ended just before its deadline: the earlier
  months went to meetings the calendar does not hold.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from caseflow.months import Month


@lru_cache(maxsize=64)
def _swedish_holidays(year: int, language: str = "sv") -> dict[date, str]:
    calendar = holidays.country_holidays("SE", years=year, include_sundays=False, language=language,
                                         categories=(holidays.PUBLIC, holidays.DE_FACTO))
    return dict(calendar)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _swedish_holidays(day.year)


def holiday_name(day: date, language: str = "sv") -> str | None:
    """The holiday's Swedish name (``Midsommarafton``), or None for an ordinary day."""
    return _swedish_holidays(day.year, language).get(day)


def working_days_before(day: date, count: int) -> date:
    """The working day ``count`` working days before ``day`` (``day`` itself for 0)."""
    found = day
    while count > 0:
        found -= timedelta(days=1)
        if is_working_day(found):
            count -= 1
    return found


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


def deadline_of(meeting_on: date, working_days: int) -> date:
    return working_days_before(meeting_on, working_days)


@dataclass(frozen=True)
class MonthDeadline:
    """A month's report: the meeting it goes to and the day it is due (and frozen at the day's end)."""

    month: Month
    meeting_on: date
    deadline_on: date


def deadline_for_month(month: int, meetings: list[date], working_days: int) -> MonthDeadline | None:
    """The month's meeting and deadline, from the meetings in date order; None when no meeting is late
    enough (the calendar is not yet filled that far)."""
    last_day = Month(month).last_day
    # A meeting's deadline never comes after it, so the first candidate is the first meeting after
    # the month; deadlines keep the meetings' order, so the first one late enough is the answer.
    start = bisect_right(meetings, last_day)
    for index in range(start, len(meetings)):
        deadline_on = deadline_of(meetings[index], working_days)
        if deadline_on > last_day:
            if index == 0 and Month(month) != Month.of(deadline_on).previous:
                return None  # before the calendar's first meeting: its meeting is not entered
            return MonthDeadline(Month(month), meetings[index], deadline_on)
    return None


def months_of_meeting(meeting_on: date, meetings: list[date], working_days: int) -> list[Month]:
    """The months whose reports go to the meeting (none when it follows another too closely)."""
    deadline_on = deadline_of(meeting_on, working_days)
    months = []
    month = Month.of(deadline_on).previous  # the latest month that can have ended before the deadline
    while True:
        found = deadline_for_month(month, meetings, working_days)
        if found is None or found.meeting_on != meeting_on:
            break
        months.append(month)
        month = month.previous
    return sorted(months)

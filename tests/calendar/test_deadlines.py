"""Deadlines N working days before a meeting, counted past weekends and Swedish holidays; each month's
meeting. Every expected date here is worked out by hand from a printed calendar."""

from datetime import date

import pytest

from caseflow.calendar.deadlines import (deadline_for_month, deadline_of, holiday_name, is_working_day,
                                         months_of_meeting, working_days_between)
from caseflow.months import Month


@pytest.mark.parametrize(("meeting_on", "working_days", "deadline_on"), [
    # An ordinary week: Thursday 19 March 2026, five working days back is Thursday 12 March.
    (date(2026, 3, 19), 5, date(2026, 3, 12)),
    # Right after Easter 2026: Thu 9 Apr ← Wed 8, Tue 7, (Mon 6 annandag påsk, Sun, Sat, Fri 3
    # långfredagen) Thu 2, Wed 1, Tue 31 March.
    (date(2026, 4, 9), 5, date(2026, 3, 31)),
    # After midsommar 2026: Thu 25 Jun ← Wed 24, Tue 23, Mon 22, (Sun, Sat midsommardagen, Fri 19
    # midsommarafton) Thu 18, Wed 17.
    (date(2026, 6, 25), 5, date(2026, 6, 17)),
    # After Christmas and New Year: Thu 7 Jan 2027 ← (Wed 6 trettondedag jul) Tue 5, Mon 4, (Sun, Sat,
    # Fri 1 nyårsdagen, Thu 31 nyårsafton) Wed 30 Dec.
    (date(2027, 1, 7), 3, date(2026, 12, 30)),
    # Christmas itself: Mon 28 Dec 2026 ← (Sun, Sat 26 annandag jul, Fri 25 juldagen, Thu 24 julafton)
    # Wed 23, Tue 22.
    (date(2026, 12, 28), 2, date(2026, 12, 22)),
    # Ascension Day 2026 (Thu 14 May) and the weekend: Mon 18 May ← Fri 15, Wed 13, Tue 12.
    (date(2026, 5, 18), 3, date(2026, 5, 12)),
    # No working days: the meeting day itself.
    (date(2026, 3, 19), 0, date(2026, 3, 19)),
])
def test_the_deadline_counts_working_days_back_from_the_meeting(meeting_on, working_days, deadline_on):
    assert deadline_of(meeting_on, working_days) == deadline_on


def test_swedish_holidays_and_their_eves_are_no_working_days():
    assert not is_working_day(date(2026, 6, 19))  # midsommarafton, a Friday
    assert not is_working_day(date(2026, 12, 24))  # julafton, a Thursday
    assert not is_working_day(date(2026, 12, 31))  # nyårsafton
    assert not is_working_day(date(2026, 6, 6)) and not is_working_day(date(2026, 6, 7))  # a weekend
    assert is_working_day(date(2026, 6, 18)) and is_working_day(date(2026, 4, 30))  # valborg works
    assert holiday_name(date(2026, 6, 19)) == "Midsommarafton"
    assert holiday_name(date(2026, 6, 18)) is None


def test_working_days_between_two_days():
    # From Wed 17 Jun to Thu 25 Jun 2026: 18, 22, 23, 24, 25 (19 is midsommarafton).
    assert working_days_between(date(2026, 6, 17), date(2026, 6, 25)) == 5
    assert working_days_between(date(2026, 6, 25), date(2026, 6, 17)) == -5
    assert working_days_between(date(2026, 6, 17), date(2026, 6, 17)) == 0


MEETINGS_2026 = [date(2026, 1, 22), date(2026, 2, 19), date(2026, 3, 19), date(2026, 4, 9), date(2026, 5, 21),
                 date(2026, 6, 18), date(2026, 8, 27), date(2026, 9, 3)]


@pytest.mark.parametrize(("month", "meeting_on", "deadline_on"), [
    # December's report: 22 January's deadline, 15 January, comes after 31 December.
    (202512, date(2026, 1, 22), date(2026, 1, 15)),
    (202602, date(2026, 3, 19), date(2026, 3, 12)),
    # March ends the 31st, the day of 9 April's deadline: not after it, so March goes to May.
    (202603, date(2026, 5, 21), date(2026, 5, 13)),
    # April too (13 May, after Ascension Day: 20, 19, 18, 15, (14) 13).
    (202604, date(2026, 5, 21), date(2026, 5, 13)),
    # No meeting in July: June and July both go to 27 August.
    (202606, date(2026, 8, 27), date(2026, 8, 20)),
    (202607, date(2026, 8, 27), date(2026, 8, 20)),
    # 3 September's deadline (27 August) is in August itself: August goes to no meeting yet.
    (202608, None, None),
    # Before the first meeting entered only December goes to it: November's meeting is not entered.
    (202511, None, None),
])
def test_each_month_goes_to_the_first_meeting_whose_deadline_follows_the_month(month, meeting_on, deadline_on):
    found = deadline_for_month(month, MEETINGS_2026, 5)
    assert (found.meeting_on, found.deadline_on) == (meeting_on, deadline_on) if meeting_on else found is None


def test_the_months_of_a_meeting():
    assert months_of_meeting(date(2026, 8, 27), MEETINGS_2026, 5) == [Month(202606), Month(202607)]
    assert months_of_meeting(date(2026, 5, 21), MEETINGS_2026, 5) == [Month(202603), Month(202604)]
    assert months_of_meeting(date(2026, 4, 9), MEETINGS_2026, 5) == []
    assert months_of_meeting(date(2026, 9, 3), MEETINGS_2026, 5) == []
    assert months_of_meeting(date(2026, 1, 22), MEETINGS_2026, 5) == [Month(202512)]

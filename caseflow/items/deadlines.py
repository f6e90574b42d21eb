"""Due dates and their traffic lights: derived from the items, never stored (DESIGN.md)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

#: A referral waits this long for the receiving centre's answer.
REFERRAL_ANSWER_DAYS = 14
#: "Due soon" starts this many days before the due date.
DUE_SOON_DAYS = 7


def due_soon_until(today: date) -> date:
    """The last due date that is "due soon" on ``today`` (one before today is late)."""
    return today + timedelta(days=DUE_SOON_DAYS)


class TimeState(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    LATE = "late"
    NONE = "none"  # no due date, or the clock is stopped (a paused measure)


def time_state(due_on: date | None, today: date, *, paused: bool = False) -> TimeState:
    if due_on is None or paused:
        return TimeState.NONE
    if due_on < today:
        return TimeState.LATE
    if due_on <= due_soon_until(today):
        return TimeState.DUE_SOON
    return TimeState.ON_TIME


def referral_answer_due(sent_on: date) -> date:
    return sent_on + timedelta(days=REFERRAL_ANSWER_DAYS)



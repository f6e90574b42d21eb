"""A week of SIP meetings, Monday to Sunday (ISO 8601): the unit's, or only the reader's own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import joinedload, selectinload

from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.sip.models import SipMeeting, SipPlan
from caseflow.workflow.machine import VOIDED

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def monday_of(day: date) -> date:
    """The Monday of ``day``'s week: on a Sunday, the week that ends that day."""
    return day - timedelta(days=day.weekday())


def parse_week(text: str) -> date | None:
    """``2026-W49`` → the Monday of that ISO week, or None for anything else."""
    match = _WEEK.match(text or "")
    if not match:
        return None
    year, week = int(match[1]), int(match[2])
    if not 2000 <= year <= 2099:
        return None
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Week:
    monday: date
    only_mine: bool
    #: Each day Monday to Sunday with its meetings, by time (those without a time first).
    days: list[tuple[date, list[SipMeeting]]] = field(default_factory=list)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def previous(self) -> str:
        return week_label(self.monday - timedelta(days=7))

    @property
    def next(self) -> str:
        return week_label(self.monday + timedelta(days=7))

    @property
    def meetings(self) -> list[SipMeeting]:
        return [meeting for _, meetings in self.days for meeting in meetings]


def week_of_meetings(actor, monday: date, *, only_mine: bool = False) -> Week:
    """The meetings the reader may see in the week of ``monday`` (voided ones left out)."""
    sunday = monday + timedelta(days=6)
    stmt = (visible(actor, model=SipMeeting)
            .where(SipMeeting.scheduled_for >= monday, SipMeeting.scheduled_for <= sunday,
                   SipMeeting.state != VOIDED)
            .options(selectinload(SipMeeting.participant_codes), joinedload(SipMeeting.owner),
                     joinedload(SipMeeting.plan).joinedload(SipPlan.coordinator))
            .order_by(SipMeeting.scheduled_for, SipMeeting.start_time.is_not(None), SipMeeting.start_time,
                      SipMeeting.id))
    if only_mine:
        stmt = stmt.where(SipMeeting.is_owned_by(actor.id))
    meetings = list(db.session.scalars(stmt).unique())
    week = Week(monday, only_mine)
    for offset in range(7):
        day = monday + timedelta(days=offset)
        week.days.append((day, [m for m in meetings if m.scheduled_for == day]))
    return week

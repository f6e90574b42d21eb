"""The committee's meetings, the calendar's settings, and what the calendar has already done (reminders
sent, months frozen), each recorded once so a second run of its task does nothing again."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import UTCDateTime, str_enum, utcnow
from caseflow.extensions import db

#: The settings' defaults: the report is due five working days before the meeting; reminders go three
#: days before the deadline.
DEFAULT_DEADLINE_WORKING_DAYS = 5
DEFAULT_REMINDER_DAYS = 3
#: The most days either setting may hold: more is surely a typo (the form, the service and the table refuse it).
MAX_SETTING_DAYS = 60


class CommitteeMeeting(db.Model):
    """One meeting of the committee (socialnämnden); at most one a day."""

    __tablename__ = "committee_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    meets_on: Mapped[date] = mapped_column(Date, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarSettings(db.Model):
    """The calendar's one row of settings (id 1), edited by the analyst."""

    __tablename__ = "calendar_settings"
    __table_args__ = (
        CheckConstraint(f"deadline_working_days BETWEEN 0 AND {MAX_SETTING_DAYS}", name="deadline_days_range"),
        CheckConstraint(f"reminder_days BETWEEN 0 AND {MAX_SETTING_DAYS}", name="reminder_days_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The report is due this many working days (not weekends, not Swedish holidays) before the meeting.
    deadline_working_days: Mapped[int] = mapped_column(default=DEFAULT_DEADLINE_WORKING_DAYS)
    #: Reminders are sent from this many calendar days before the deadline.
    reminder_days: Mapped[int] = mapped_column(default=DEFAULT_REMINDER_DAYS)


class ReminderKind(StrEnum):
    #: To a unit leader: measures without the month's follow-up note.
    MISSING_NOTES = "missing_notes"
    #: To an analyst: months of the report waiting for a rollup, or figures not imported.
    REPORT_NOT_READY = "report_not_ready"
    #: To an analyst: the calendar froze the month's report.
    REPORT_FROZEN = "report_frozen"


class SentReminder(db.Model):
    """A reminder e-mail sent: claimed in the transaction that sends it, so it is never sent twice."""

    __tablename__ = "sent_reminder"
    __table_args__ = (UniqueConstraint("recipient_id", "month", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    #: The report's month the reminder is about, ``202011``.
    month: Mapped[int]
    kind: Mapped[ReminderKind] = mapped_column(str_enum(ReminderKind, "reminder_kind"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarFreeze(db.Model):
    """A month's report frozen by the calendar at its deadline: one per month and deadline."""

    __tablename__ = "calendar_freeze"
    __table_args__ = (UniqueConstraint("month", "deadline_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[int]
    deadline_on: Mapped[date] = mapped_column(Date)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("report_snapshot.id"), unique=True)
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

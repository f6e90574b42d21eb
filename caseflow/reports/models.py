"""Rollup tables: which months need recomputing, the monthly counts, and frozen report snapshots."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, event, false
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from caseflow.db import DecimalNumber, UTCDateTime, str_enum, utcnow
from caseflow.extensions import db
from caseflow.reports.sources import Source


class DirtyMonth(db.Model):
    """A month whose counts of one source are stale. Written in the same transaction as the change that made it so,
    and deleted in the same transaction as the rollup that recomputes it: no month is lost if a
    message or a worker is."""

    __tablename__ = "dirty_month"

    #: The month bucket, ``202011``.
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: Whose metrics are stale: a late referral leaves the month's control-check counts as they are.
    source: Mapped[Source] = mapped_column(str_enum(Source, "metric_source"), primary_key=True)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: ``monthly_count.unit_id`` of the row for all units together.
ALL_UNITS = 0


class MonthlyCount(db.Model):
    """One metric's value for one month and one unit (or all units), written only by the rollup.

    ``unit_id`` is NOT NULL, with 0 for all units, and has no foreign key: a NULL in the key would
    make every "all units" row distinct to the unique index on both backends (SQLite and
    PostgreSQL before 15 treat NULLs as distinct), so ``ON CONFLICT`` could never find them. Unit
    ids start at 1, units are deactivated rather than deleted, and only the rollup writes here.
    """

    __tablename__ = "monthly_count"
    __table_args__ = (CheckConstraint("unit_id >= 0", name="unit_id_not_negative"),
                      # A unit's (or all units') months of one metric: the API's counts and a unit's
                      # report read a few rows, where the key's (metric, month) prefix spans every unit.
                      Index("ix_monthly_count_unit_metric_month", "unit_id", "metric", "month"))

    #: A key of the metric catalog (``caseflow/reports/catalog.py``).
    metric: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: The unit, or ``ALL_UNITS`` (0).
    unit_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: 0 where a counted metric found nothing; NULL where a figure was never imported.
    value: Mapped[Decimal | None] = mapped_column(DecimalNumber)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RolledMonth(db.Model):
    """A month the rollup has computed for every source: its ``monthly_count`` rows are complete, so a
    later rollup starts its stocks from them and carries its differences into them."""

    __tablename__ = "rolled_month"

    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: When a rollup last computed the month (for any source).
    rolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReportSnapshot(db.Model):
    """A frozen committee report of one month: the figures the committee was shown, never changed.

    Freezing a month again writes the next version and keeps the earlier ones. Rows are only ever
    inserted (``caseflow.reports.freeze``); an ORM update or delete of one is refused at flush.
    """

    __tablename__ = "report_snapshot"
    __table_args__ = (UniqueConstraint("month", "version"),
                      CheckConstraint("version >= 1", name="version_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The report's month, ``202011``.
    month: Mapped[int]
    #: 1 for a month's first freeze, then 2, 3, …
    version: Mapped[int]
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The analyst who froze it; None when a task or the command line did.
    frozen_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: Frozen by the committee calendar at a month's deadline (``caseflow.calendar``), not by a person.
    is_frozen_by_calendar: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The action plan as the report showed it: ``[{"plan", "number", "title", "state", "note"}]``.
    action_plan: Mapped[list] = mapped_column(JSON, default=list)
    #: The figures by report group the report showed (``values.GroupFigure.as_json``), with the
    #: groups' names as they were, and the committee's targets as they stood.
    group_figures: Mapped[list | None] = mapped_column(JSON, default=list)
    targets: Mapped[list | None] = mapped_column(JSON, default=list)
    #: The analyst's text of the tjänsteskrivelse as it stood at the freeze (``ReportText.as_json``);
    #: None in versions frozen before the text existed.
    text: Mapped[dict | None] = mapped_column(JSON)
    #: Why it was frozen, in the analyst's words.
    comment: Mapped[str | None] = mapped_column(Text)
    #: The day it goes to the committee.
    committee_on: Mapped[date | None] = mapped_column(Date)

    frozen_by = relationship("User")


class ReportText(db.Model):
    """The analyst's own text of a month's tjänsteskrivelse, for the whole municipality: its header
    fields, proposal, *Ärendet*, notes under the report's sections and its source line. Edited on the
    report page until the month is frozen, and copied into each snapshot (``ReportSnapshot.text``)."""

    __tablename__ = "report_text"

    #: The report's month, ``202011``.
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    administration: Mapped[str] = mapped_column(String(200), default="")
    committee: Mapped[str] = mapped_column(String(200), default="")
    #: The tjänsteskrivelse's date; None: the day it is frozen (or today, live).
    dated_on: Mapped[date | None] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100), default="")
    officers: Mapped[str] = mapped_column(String(300), default="")
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="")
    proposal: Mapped[str] = mapped_column(Text, default="")
    matter: Mapped[str] = mapped_column(Text, default="")
    #: A note under a section of the report: ``{section key: text}``.
    notes: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(300), default="")
    #: The Beslutsunderlag after the tjänsteskrivelse itself, one a line.
    attachments: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class ReportSnapshotValue(db.Model):
    """One figure of a snapshot: a copy of a ``monthly_count`` row as it stood at the freeze."""

    __tablename__ = "report_snapshot_value"

    snapshot_id: Mapped[int] = mapped_column(ForeignKey("report_snapshot.id"), primary_key=True)
    metric: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: The unit, or ``ALL_UNITS`` (0).
    unit_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[Decimal | None] = mapped_column(DecimalNumber)


class SnapshotImmutable(RuntimeError):
    """A programming error: something tried to change or delete a frozen snapshot."""


@event.listens_for(Session, "before_flush")
def refuse_snapshot_changes(session: Session, flush_context, instances) -> None:
    """Snapshots are insert-only: an ORM update or delete of one fails the flush."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, ReportSnapshot | ReportSnapshotValue) and \
                (obj in session.deleted or session.is_modified(obj, include_collections=False)):
            raise SnapshotImmutable(f"{type(obj).__name__} is frozen and may not be changed")


class TargetDirection(StrEnum):
    AT_MOST = "at_most"  # högst: seed 004's "max en procent"
    AT_LEAST = "at_least"  # minst: "1 000 vuxna i egen försörjning"


class TargetPeriod(StrEnum):
    """Over what a target's metric is counted: the report's month, its year so far, or the
    committee's mandate period so far (months adding up where the metric's do, else the month's)."""

    MONTH = "month"
    YEAR = "year"
    MANDATE = "mandate"


class ReportTarget(db.Model):
    """One of the committee's targets, on one metric of the catalog; set by the analyst."""

    __tablename__ = "report_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The committee's own words for the target, shown as the row of the report's targets table.
    title: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(64))
    direction: Mapped[TargetDirection] = mapped_column(str_enum(TargetDirection, "target_direction"))
    value: Mapped[Decimal] = mapped_column(DecimalNumber)
    period: Mapped[TargetPeriod] = mapped_column(str_enum(TargetPeriod, "target_period"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

"""The control_check table: one SSBTEK lookup of one household."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import UTCDateTime, str_enum, utcnow
from caseflow.extensions import db


class CheckActor(StrEnum):
    ROBOT = "robot"
    CASEWORKER = "caseworker"


class ControlCheck(db.Model):
    """A lookup, never an item: no states, no owner, only counted."""

    __tablename__ = "control_check"
    __table_args__ = (
        CheckConstraint("persons_checked >= 1", name="persons_checked_positive"),
        # Covers every control-check aggregate of the catalog: a month range, then actor, unit and,
        # for individuals_checked, each case's persons; the rollup reads the index alone.
        Index("ix_control_check_rollup", "month", "actor", "unit_id", "case_ref", "persons_checked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The household's case reference in the business system (never a personnummer).
    case_ref: Mapped[str] = mapped_column(String(32))
    performed_on: Mapped[date]
    #: ``performed_on``'s month bucket (``202011``), written with the row.
    month: Mapped[int]
    actor: Mapped[CheckActor] = mapped_column(str_enum(CheckActor, "check_actor"))
    #: Persons of the household whose data the lookup returned, children included.
    persons_checked: Mapped[int]
    #: None: checked for the municipality as a whole (the robot of a token of all units), in no unit.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

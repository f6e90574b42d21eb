"""Action plans, their measures (work items) and the measures' monthly follow-up notes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import UTCDateTime, utcnow
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.models import WorkItem


class ActionPlan(db.Model):
    """E.g. "Gemensam åtgärdsplan 2019" or "Verksamhetsplan 2023": one unit's, named within it."""

    __tablename__ = "action_plan"
    #: Two units may each have a plan of the same name; neither adds measures to the other's.
    __table_args__ = (UniqueConstraint("unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Measure(WorkItem):
    __tablename__ = "measure"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)
    __mapper_args__ = {"polymorphic_identity": ItemKind.MEASURE, "polymorphic_load": "inline"}

    id: Mapped[int] = mapped_column(ForeignKey("work_item.id"), primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id"), index=True)
    #: The measure's number in its plan ("Åtgärd 1").
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    #: The leader responsible for the measure and its monthly notes.
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    start_on: Mapped[date] = mapped_column(Date)
    expected_effect: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[ActionPlan] = relationship()
    responsible = relationship("User", foreign_keys=[responsible_id])

    EDITABLE = ("title", "responsible_id", "start_on", "expected_effect")
    OWN_DATE = "start_on"
    FUTURE_OWN_DATE = True


class MeasureNote(db.Model):
    """A leader's follow-up of one measure for one month; at most one, edits kept in the audit log."""

    __tablename__ = "measure_note"
    __table_args__ = (UniqueConstraint("measure_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id"), index=True)
    #: The month followed up, ``202001``.
    month: Mapped[int] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

"""The quality review (a work item), the monthly draws that make them, and each unit's sample size."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from caseflow.db import UTCDateTime, str_enum, utcnow
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.items.models import WorkItem
from caseflow.kinds import ItemKind


class ChildPerspective(StrEnum):
    """Seed 001's "Barnperspektiv i journal — bedömning, fast skala"."""

    NOT_APPLICABLE = "not_applicable"  # no child in the household
    NOT_DOCUMENTED = "not_documented"
    PARTLY = "partly"
    FULLY = "fully"


CHILD_PERSPECTIVE_LABELS = {
    "not_applicable": _l("Not applicable (no children)"),
    "not_documented": _l("Not documented"),
    "partly": _l("Partly documented"),
    "fully": _l("Fully documented"),
}

#: The checklist's answers a review must have before it is completed (the comments are optional).
REQUIRED_TO_COMPLETE = ("review_date", "planning", "payment_error", "child_perspective", "visits", "no_shows",
                        "calls", "note_types_used", "housing_above_level")

#: The checklist of seed 001, in its order: what the reviewer fills in and may correct while reviewing.
CHECKLIST = ("review_date", "latest_investigation_on", "planning", "planning_comment", "payment_error",
             "payment_error_comment", "child_perspective", "child_perspective_comment", "visits", "no_shows",
             "calls", "note_types_used", "note_types_comment", "housing_above_level", "housing_measures_taken",
             "housing_comment", "documentation_comment")


class QualityDraw(db.Model):
    """A sample of a unit's month: drawn by a leader with a recorded seed, so it can be drawn again alike.
    A second draw of the same month takes other households (none is drawn twice in a quarter)."""

    __tablename__ = "quality_draw"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The month whose work is sampled, ``202001``.
    month: Mapped[int] = mapped_column(index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    #: The seed of the random choice (``random.Random(seed)``).
    seed: Mapped[int]
    #: Cases drawn per caseworker.
    n: Mapped[int]
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit = relationship("Unit")
    drawn_by = relationship("User")


class QualitySetting(db.Model):
    """A unit's sample size: the cases drawn per caseworker each month."""

    __tablename__ = "quality_setting"

    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True, autoincrement=False)
    per_caseworker: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class QualityReview(WorkItem):
    __tablename__ = "quality_review"
    __table_args__ = (Index("ix_quality_review_drawn_on_id", "drawn_on", "id"),)
    __mapper_args__ = {"polymorphic_identity": ItemKind.QUALITY_REVIEW, "polymorphic_load": "inline"}

    id: Mapped[int] = mapped_column(ForeignKey("work_item.id"), primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("quality_draw.id"), index=True)
    #: The month whose work is reviewed (the draw's).
    month: Mapped[int] = mapped_column(index=True)
    #: The caseworker whose case is reviewed: never its reviewer.
    reviewed_user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    #: Who last saved the checklist.
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    drawn_on: Mapped[date] = mapped_column(Date)
    # Bakgrundsdata
    review_date: Mapped[date | None] = mapped_column(Date)
    latest_investigation_on: Mapped[date | None] = mapped_column(Date)
    # Planering för sökanden
    planning: Mapped[bool | None] = mapped_column(Boolean)
    planning_comment: Mapped[str | None] = mapped_column(Text)
    # Handläggningsfel som leder till felaktig utbetalning
    payment_error: Mapped[bool | None] = mapped_column(Boolean)
    payment_error_comment: Mapped[str | None] = mapped_column(Text)
    # Barnperspektiv i journal
    child_perspective: Mapped[ChildPerspective | None] = mapped_column(str_enum(ChildPerspective, "child_perspective"))
    child_perspective_comment: Mapped[str | None] = mapped_column(Text)
    # Antal besök, uteblivna besök, telefonsamtal
    visits: Mapped[int | None]
    no_shows: Mapped[int | None]
    calls: Mapped[int | None]
    # Användning av aktanteckningstyp
    note_types_used: Mapped[bool | None] = mapped_column(Boolean)
    note_types_comment: Mapped[str | None] = mapped_column(Text)
    # Boendekostnad över FK:s nivå; har adekvata åtgärder vidtagits – vilka
    housing_above_level: Mapped[bool | None] = mapped_column(Boolean)
    housing_measures_taken: Mapped[bool | None] = mapped_column(Boolean)
    housing_comment: Mapped[str | None] = mapped_column(Text)
    # Helhetsbedömning dokumentation
    documentation_comment: Mapped[str | None] = mapped_column(Text)

    draw = relationship(QualityDraw, backref=backref("reviews", order_by="QualityReview.id"))
    reviewed_user = relationship("User", foreign_keys=[reviewed_user_id])
    reviewer = relationship("User", foreign_keys=[reviewer_id])

    EDITABLE = CHECKLIST
    OWN_DATE = "drawn_on"

    def check_event(self, event, on: date, actor) -> None:
        """No one reviews their own case; a review is completed only with every answer of the checklist."""
        refuse_own_case(self, actor)
        if event.name == "complete":
            missing = {name: _("Required before the review is completed.") for name in REQUIRED_TO_COMPLETE
                       if getattr(self, name) is None}
            if self.housing_above_level and self.housing_measures_taken is None:
                missing["housing_measures_taken"] = _("Required when the housing cost is above the level.")
            if missing:
                raise ValidationError(_("Fill in the whole checklist before completing the review."), missing)

    def check_edit(self, changes: dict) -> None:
        if self.state != "in_review":
            raise ValidationError(_("The checklist is filled in while the review is under way."),
                                  dict.fromkeys(changes, _("Start the review first.")))


def refuse_own_case(review: QualityReview, actor) -> None:
    """A reviewer never reviews their own case."""
    if actor is not None and actor.user_id is not None and actor.user_id == review.reviewed_user_id:
        raise ValidationError(_("You cannot review your own case: another person reviews it."),
                              {"reviewer": _("You cannot review your own case.")})

"""The referral table."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.kinds import ItemKind
from caseflow.items.models import WorkItem
from caseflow.reference.models import ReferralOutcome
from caseflow.reference.services import active_codes


class Referral(WorkItem):
    __tablename__ = "referral"
    #: The list's month filter and its sort, newest first (``caseflow.items.listing``).
    __table_args__ = (Index("ix_referral_sent_on_id", "sent_on", "id"),)
    __mapper_args__ = {"polymorphic_identity": ItemKind.REFERRAL, "polymorphic_load": "inline"}

    id: Mapped[int] = mapped_column(ForeignKey("work_item.id"), primary_key=True)
    #: The person's reference in the business system; never a personnummer.
    person_ref: Mapped[str] = mapped_column(String(32), index=True)
    sent_on: Mapped[date] = mapped_column(Date)
    target: Mapped[str] = mapped_column(ForeignKey("referral_target.code"))
    #: The försörjningshinder (``barrier_reason`` code) behind the referral.
    barrier_group: Mapped[str | None] = mapped_column(ForeignKey("barrier_reason.code"))

    EDITABLE = ("person_ref", "case_ref", "sent_on", "target", "barrier_group")
    OWN_DATE = "sent_on"

    def outcome_problem(self, outcome: str | None) -> str | None:
        if not outcome:
            return _("An outcome is required.")
        if outcome not in active_codes(ReferralOutcome):
            return _("Unknown outcome.")
        return None

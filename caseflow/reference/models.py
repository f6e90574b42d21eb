"""Reference tables (filled with Swedish defaults by a migration) and admin settings."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import str_enum
from caseflow.extensions import db


class NationalGroup(StrEnum):
    """The three national groups of försörjningshinder."""

    UNEMPLOYMENT = "unemployment"  # arbetslöshet
    ILL_HEALTH = "ill_health"  # ohälsa
    SOCIAL_REASONS = "social_reasons"  # sociala skäl


class _Reference:
    """A code the business systems and the rollup use, with the names people read."""

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_sv: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    is_active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_sv


class BarrierReason(_Reference, db.Model):
    """A försörjningshinder as the business system names it, mapped to its national group."""

    __tablename__ = "barrier_reason"

    national_group: Mapped[NationalGroup] = mapped_column(str_enum(NationalGroup, "national_group"))


class ReportGroup(_Reference, db.Model):
    """A report group of försörjningshinder (seed 001's six): the rows of the report's ``barriers``
    table, for which the business system delivers figures."""

    __tablename__ = "barrier_report_group"


class ReferralTarget(_Reference, db.Model):
    __tablename__ = "referral_target"


class ReferralOutcome(_Reference, db.Model):
    __tablename__ = "referral_outcome"


class SipParticipant(_Reference, db.Model):
    __tablename__ = "sip_participant"


class Setting(db.Model):
    """A setting an admin may change at run time (the reference patterns)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))


REFERENCE_TABLES = (BarrierReason, ReportGroup, ReferralTarget, ReferralOutcome, SipParticipant)

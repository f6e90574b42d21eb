"""Registering referrals; their events go through ``caseflow.items.services.apply``."""

from __future__ import annotations

from datetime import date

from caseflow.items.services import create_item
from caseflow.referrals.models import Referral
from caseflow.units.models import Unit

#: Most referrals go to the job and education centre (Utbildnings- och jobbcenter).
DEFAULT_TARGET = "UJC"


def create_referral(actor, *, unit: Unit, person_ref: str, case_ref: str, sent_on: date,
                    target: str | None = None, barrier_group: str | None = None, owner=None,
                    confirm_late: bool = False) -> Referral:
    """A referral of one person, in state ``sent``, effective on ``sent_on``."""
    return create_item(actor, Referral, unit, {
        "person_ref": person_ref, "case_ref": case_ref, "sent_on": sent_on,
        "target": target or DEFAULT_TARGET, "barrier_group": barrier_group or None}, owner=owner,
        confirm_late=confirm_late)

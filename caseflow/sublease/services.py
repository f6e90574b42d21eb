"""Registering sublease cases and their KIR checks."""

from __future__ import annotations

from datetime import date

from caseflow.items.services import create_item, edit_item
from caseflow.sublease.models import SubleaseCase
from caseflow.units.models import Unit

#: The audit action of a KIR check, a line of the case's history (``caseflow.sublease.kind``).
KIR_CHECK = "item.kir_check"


def create_sublease_case(actor, *, unit: Unit, case_ref: str, applied_on: date, contract_type: str,
                         owner=None, confirm_late: bool = False) -> SubleaseCase:
    """A new application whose housing contract is examined, in state ``under_review``."""
    return create_item(actor, SubleaseCase, unit, {
        "case_ref": case_ref, "applied_on": applied_on, "contract_type": contract_type}, owner=owner,
        confirm_late=confirm_late)


def record_kir_check(actor, item_id: int, *, checked_on: date, registered_at_address: int | None,
                     double_rent_suspected: bool, expected_version: int | None = None,
                     confirm_late: bool = False) -> SubleaseCase:
    """The check in the residents' register (KIR): who is registered at the address, double rent or not.

    The item holds the latest check; each one, the first included, is kept in the item's history."""
    return edit_item(actor, item_id, {"kir_checked_on": checked_on, "registered_at_address": registered_at_address,
                                      "double_rent_suspected": double_rent_suspected},
                     expected_version=expected_version, confirm_late=confirm_late, action=KIR_CHECK,
                     keep_all=True)

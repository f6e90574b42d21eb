"""The referral's part of the API: its creation, declared on the API's blueprint
(``caseflow.api.views`` loads it for every kind ``caseflow.kinds`` lists)."""

from __future__ import annotations

from datetime import date

from caseflow.api.blueprint import bp
from caseflow.api.models import ApiToken
from caseflow.api.operations import operation
from caseflow.api.schemas import ItemOut, Ref, Request, UnitCode, code_of, correctable
from caseflow.api.views_items import CREATE_ERRORS, unit_for, written
from caseflow.permissions import Permission
from caseflow.reference.models import BarrierReason, ReferralTarget
from caseflow.referrals.services import create_referral


class ReferralIn(Request):
    unit: UnitCode
    person_ref: Ref
    case_ref: Ref
    sent_on: date
    target: code_of(ReferralTarget) | None = None
    barrier_group: code_of(BarrierReason) | None = None


@correctable
class ReferralCorrection(Request):
    """What ``PATCH /items/{id}`` corrects of a referral."""

    person_ref: Ref = None
    case_ref: Ref = None
    sent_on: date = None
    target: code_of(ReferralTarget) = None
    #: ``null`` (not ``""``) clears it.
    barrier_group: code_of(BarrierReason) | None = None


@operation(bp, "POST", "/referrals", summary="Register a referral (state sent).", status=201,
           permission=Permission.ITEMS_WRITE, body=ReferralIn, response=ItemOut, errors=CREATE_ERRORS)
def referrals(token: ApiToken, body: ReferralIn):
    item = create_referral(token, unit=unit_for(token, body.unit), person_ref=body.person_ref,
                           case_ref=body.case_ref, sent_on=body.sent_on, target=body.target,
                           barrier_group=body.barrier_group, confirm_late=True)
    return written(item)

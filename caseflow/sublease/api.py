"""The sublease case's part of the API: its creation, declared on the API's blueprint
(``caseflow.api.views`` loads it for every kind ``caseflow.kinds`` lists)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from caseflow.api.blueprint import bp
from caseflow.api.models import ApiToken
from caseflow.api.operations import operation
from caseflow.api.schemas import Integer, ItemOut, Ref, Request, UnitCode, correctable
from caseflow.api.views_items import CREATE_ERRORS, unit_for, written
from caseflow.permissions import Permission
from caseflow.sublease.services import create_sublease_case


class SubleaseCaseIn(Request):
    unit: UnitCode
    case_ref: Ref
    applied_on: date
    contract_type: Literal["sublease", "lodger"]


@correctable
class SubleaseCaseCorrection(Request):
    """What ``PATCH /items/{id}`` corrects of a sublease case."""

    case_ref: Ref = None
    applied_on: date = None
    contract_type: Literal["sublease", "lodger"] = None
    kir_checked_on: date | None = None
    registered_at_address: Integer | None = None
    double_rent_suspected: bool = None


@operation(bp, "POST", "/sublease-cases", summary="Register a sublease case (state under_review).", status=201,
           permission=Permission.ITEMS_WRITE, body=SubleaseCaseIn, response=ItemOut, errors=CREATE_ERRORS)
def sublease_cases(token: ApiToken, body: SubleaseCaseIn):
    item = create_sublease_case(token, unit=unit_for(token, body.unit), case_ref=body.case_ref,
                                applied_on=body.applied_on, contract_type=body.contract_type, confirm_late=True)
    return written(item)

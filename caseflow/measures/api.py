"""The measure's part of the API: its creation, declared on the API's blueprint
(``caseflow.api.views`` loads it for every kind ``caseflow.kinds`` lists)."""

from __future__ import annotations

from datetime import date

from caseflow.api.blueprint import bp
from caseflow.api.models import ApiToken
from caseflow.api.operations import operation
from caseflow.api.schemas import ItemOut, Request, UnitCode, correctable, integer, text
from caseflow.api.views_items import CREATE_ERRORS, unit_for, written
from caseflow.measures.services import create_measure
from caseflow.permissions import Permission


class MeasureIn(Request):
    unit: UnitCode
    plan: text(200, min_length=1)
    number: integer(ge=1, le=9999)
    title: text(300, min_length=1)
    start_on: date


@correctable
class MeasureCorrection(Request):
    """What ``PATCH /items/{id}`` corrects of a measure."""

    title: text(300, min_length=1) = None
    start_on: date = None
    expected_effect: text(4000) | None = None


@operation(bp, "POST", "/measures", summary="Add a measure to an action plan (state planned).", status=201,
           permission=Permission.MEASURES_MANAGE, body=MeasureIn, response=ItemOut, errors=CREATE_ERRORS)
def measures(token: ApiToken, body: MeasureIn):
    item = create_measure(token, unit=unit_for(token, body.unit), plan=body.plan, number=body.number,
                          title=body.title, start_on=body.start_on, confirm_late=True)
    return written(item)

"""The robot's streams: control checks in bulk, and monthly figures."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from caseflow.api import schemas as s
from caseflow.api.blueprint import bp
from caseflow.api.models import ApiToken
from caseflow.api.operations import operation
from caseflow.api.views_items import unit_for
from caseflow.checks.services import record_checks
from caseflow.errors import ValidationError
from caseflow.figures.keys import FIGURE_SPECS
from caseflow.figures.models import ImportSource
from caseflow.figures.services import Figure, current_figures, record_import, report_group_codes, value_problem
from caseflow.permissions import Permission
from caseflow.reports.months import parse_month


class ChecksQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")  # an unknown parameter is refused, as the document says
    #: The unit the checks are made for; a token bound to a unit may leave it out.
    unit: s.UnitCode | None = None


# The bulk's path, chosen by measurement (10 000 checks, against a plain sqlite3 executemany of the
# same rows = 1.0): marshmallow many=True validated at 0.12×, pydantic over a list of models 0.20×,
# strict TypedDicts validated by one TypeAdapter straight from the request bytes, with the garbage
# collector paused for the request and a driver-level multi-row insert, 0.54×. So: no model
# objects per row, no JSON parse into Python before validation, no ORM per row.
@operation(bp, "POST", "/control-checks", summary="Record up to 10 000 control checks (SSBTEK lookups), all or none.",
           status=201, permission=Permission.CHECKS_WRITE, body=s.CONTROL_CHECKS, query=ChecksQuery,
           response=s.AcceptedOut, errors=(409, 413, 422), pauses_gc=True)
def control_checks(token: ApiToken, body: list, query: ChecksQuery):
    # Without a unit, a token's own; for a token of all units, the municipality's as a whole (API.md).
    unit_id = unit_for(token, query.unit).id if query.unit is not None else token.unit_id
    return s.AcceptedOut(accepted=record_checks(body, unit_id, actor=token))


def plain_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


FOUR_PLACES = Decimal("0.0001")
MONTH_PARAM = (("month", {"type": "string", "pattern": s.MONTH_PATTERN}, "The month, YYYY-MM."),)
#: Figures are imported for a month that has begun; ``year-month`` names that (a format of ours).
BEGUN_MONTH_PARAM = (("month", {"type": "string", "pattern": s.MONTH_PATTERN, "format": "year-month"},
                      "The month, YYYY-MM: one that has begun (this month or earlier)."),)


@operation(bp, "PUT", "/figures/<month>", summary="Import a month's figures (a token of all units); a later "
           "import supersedes.", permission=Permission.FIGURES_IMPORT, body=s.FiguresIn, response=s.FiguresOut,
           errors=(409, 413, 422), path_params=BEGUN_MONTH_PARAM, all_units_only=True)
def figures(token: ApiToken, month: str, body):
    # Figures are the municipality's: a token acting for one unit may not overwrite them (all_units_only).
    bucket = parse_month(month)
    if not bucket.has_begun:
        raise ValidationError("Nothing was saved: the month has not begun.", {"month": "A month that has begun."})
    figures, problems = [], {}
    groups = report_group_codes()
    for key, given in body.model_dump(exclude_unset=True).items():
        by_group = given.items() if isinstance(given, dict) else (("", given),)
        for group, number in by_group:
            field = f"{key}.{group}" if group else key
            if group and group not in groups:
                problems[field] = "Not a code of a report group."
                continue
            # A share or an amount is kept to four decimals, as the database keeps it (the document says so).
            value = Decimal(number) if isinstance(number, int) else Decimal(repr(number)).quantize(FOUR_PLACES)
            if problem := value_problem(key, value):
                problems[field] = problem
            figures.append(Figure(bucket, key, value, group))
    if problems:
        raise ValidationError("Nothing was saved: some figures are invalid.", problems)
    if not figures:
        raise ValidationError("Nothing was saved: name at least one figure.", {"body": "No figures."})
    record_import(figures, source=ImportSource.API, actor=token)
    stored = current_figures(bucket)
    return s.FiguresOut(**{key: ({g: plain_number(v) for g, v in value.items()} if isinstance(value, dict)
                                 else plain_number(value)) for key, value in stored.items() if key in FIGURE_SPECS})

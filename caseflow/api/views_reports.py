"""What a ``read`` token may do: run rollups, and read the metric catalog, the rolled-up counts and the committee
report."""

from __future__ import annotations

import re
from typing import Annotated

from flask_babel import force_locale
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from caseflow.api import schemas as s
from caseflow.api.blueprint import bp
from caseflow.api.errors import ApiError
from caseflow.api.models import ApiToken
from caseflow.api.operations import operation
from caseflow.api.views_checks import MONTH_PARAM, plain_number
from caseflow.api.views_items import unit_for
from caseflow.background import enqueue, task_state
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.permissions import Permission
from caseflow.reports.catalog import CATALOG, METRICS
from caseflow.reports.freshness import freshness
from caseflow.reports.layout import REPORT_LOCALE
from caseflow.reports.models import ALL_UNITS, MonthlyCount
from caseflow.reports.months import parse_month
from caseflow.reports.services import live_report
from caseflow.units.models import Unit

#: A unit's code (the document lists the active ones).
UnitParam = s.UnitCode


def _range(first: str, last: str) -> list[int]:
    """The months from..to; none when from is after to (an empty span, as the document allows it)."""
    return Month.range(parse_month(first, "from"), parse_month(last, "to"))


def _unit(token: ApiToken, code: str | None) -> Unit | None:
    """The unit asked for, or the token's own; a token of one unit reads nothing of another."""
    if code is None:
        return db.session.get(Unit, token.unit_id) if token.unit_id is not None else None
    return unit_for(token, code)


@operation(bp, "POST", "/rollups", summary="Recompute the months from..to in a worker.", status=202,
           permission=Permission.ROLLUP_RUN, body=s.RollupIn, response=s.TaskOut, errors=(409, 413, 422, 503))
def rollups(token: ApiToken, body: s.RollupIn):
    _range(body.from_, body.to)  # the worker takes any span: none, or many rollups' worth
    # Nothing is written before it, so the task is sent at once: the worker needs no row of ours.
    task_id = enqueue("caseflow.rollup_months", body.from_, body.to)
    if task_id is None:
        raise ApiError(503, "The task queue does not answer; the months are recomputed by the next rollup.")
    return s.TaskOut(task_id=task_id)


TASK_PARAM = (("task_id", {"type": "string", "pattern": r"^[A-Za-z0-9-]{1,64}$"}, "The id POST /rollups gave."),)
#: The documented pattern is the one checked.
_TASK_ID = re.compile(TASK_PARAM[0][1]["pattern"])


@operation(bp, "GET", "/rollups/<task_id>", summary="A rollup task's state, within a second (503 when the result "
           "store does not answer).", permission=Permission.ROLLUP_RUN, response=s.TaskStateOut, errors=(422, 503),
           path_params=TASK_PARAM)
def rollup_state(token: ApiToken, task_id: str):
    if not _TASK_ID.fullmatch(task_id):
        raise ValidationError("Not a task id.", {"task_id": "Letters, digits and hyphens."})
    state = task_state(task_id)
    if state not in s.TASK_STATES:
        raise ApiError(503, "The task queue's result store does not answer; ask again later.")
    return s.TaskStateOut(task_id=task_id, state=state)


@operation(bp, "GET", "/metrics", summary="The metric catalog: the keys /counts takes, their labels and kinds.",
           permission=None, response=s.MetricsOut)
def metrics(token: ApiToken):
    # Any token reads it (no permission): a robot names keys as much as an analyst reads them.
    return s.MetricsOut(metrics=[
        s.MetricOut(key=m.key, label_sv=m.label_sv, label_en=m.label_en, source=m.source.value,
                    counted=m.is_counted, per_unit=m.per_unit) for m in CATALOG])


class CountsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")  # an unknown parameter is refused, as the document says
    # The enum is the document's; the view answers an unknown key with its own 422.
    metric: Annotated[str, Field(max_length=64, json_schema_extra={"enum": [m.key for m in CATALOG]})]
    from_: s.Month = Field(alias="from")
    to: s.Month
    unit: UnitParam | None = None


@operation(bp, "GET", "/counts", summary="A metric's monthly values from the last rollup.",
           permission=Permission.REPORTS_VIEW, query=CountsQuery, response=s.CountsOut, errors=(422,))
def counts(token: ApiToken, query: CountsQuery):
    metric = METRICS.get(query.metric)
    if metric is None:
        raise ValidationError("Unknown metric.", {"metric": "A key of the metric catalog."})
    months = _range(query.from_, query.to)
    unit = _unit(token, query.unit)
    rows = db.session.execute(select(MonthlyCount.month, MonthlyCount.value).where(
        MonthlyCount.metric == metric.key, MonthlyCount.month.between(months[0], months[-1]),
        MonthlyCount.unit_id == (unit.id if unit else ALL_UNITS))) if months else ()
    found = {month: plain_number(value) for month, value in rows}
    return s.CountsOut(metric=metric.key, unit=unit.code if unit else None,
                       values={str(Month(m)): found.get(m) for m in months})


class ReportQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")  # an unknown parameter is refused, as the document says
    #: One unit's report: a token of all units names it; a unit's token reads its own (another answers 403).
    unit: UnitParam | None = None


@operation(bp, "GET", "/reports/<month>", summary="The committee report of a month, section by section, for the "
           "municipality or one unit.", permission=Permission.REPORTS_VIEW, query=ReportQuery, response=s.ReportOut,
           errors=(422,), path_params=MONTH_PARAM)
def report(token: ApiToken, month: str, query: ReportQuery):
    bucket = parse_month(month)
    unit = _unit(token, query.unit)
    fresh = freshness(bucket)
    # The committee's document is Swedish, as its exports are; only the API's errors are English.
    with force_locale(REPORT_LOCALE):
        built = live_report(bucket, unit=unit, unit_in_title=False)
        return s.ReportOut(month=str(Month(bucket)), unit=unit.code if unit else None, title=built.title,
                           pending=[str(m) for m in fresh.pending], computed_at=fresh.computed_at,
                           sections=[_section(section) for section in built.sections],
                           text=_text(built.text))


def _text(text) -> s.ReportTextOut:
    return s.ReportTextOut(**{**text.as_json(), "dated_on": text.dated_on, "notes": text.notes,
                              "attachments": text.attachment_lines()})


def _section(section) -> s.SectionOut:
    return s.SectionOut(key=section.key, title=section.title, tables=[
        s.TableOut(key=t.key, title=t.title, headers=list(t.headers), sentence=t.sentence, note=t.note,
                   rows=[s.RowOut(label=r.label, is_flagged=r.is_flagged,
                                  cells=[s.CellOut(value=plain_number(c.value), text=c.text, display=c.display())
                                         for c in r.cells]) for r in t.rows])
        for t in section.tables])

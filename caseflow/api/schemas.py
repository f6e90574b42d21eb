"""The API's request and response schemas, declared once: they validate, serialise and make the OpenAPI document.

Every request model is strict (``"1"`` is no number, ``1600000000`` no date) and forbids unknown
fields. Types only: the rules that need the database (a reference's pattern, a code's existence,
a date not in the future) stay in the services, which forms and API share.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, TypeAdapter, create_model
from sqlalchemy import select
from typing_extensions import TypedDict

from caseflow.checks.services import MAX_CHECKS, MAX_PERSONS
from caseflow.extensions import db
from caseflow.figures.keys import FIGURE_SPECS, FigureKey, FigureSpec
from caseflow.plain_text import PLAIN_TEXT_PATTERN
from caseflow.kinds import MACHINES
from caseflow.reference.models import BarrierReason, ReferralOutcome, ReferralTarget, ReportGroup, SipParticipant
from caseflow.reference.services import DEFAULT_REF_PATTERN
from caseflow.reports.sources import Source
from caseflow.units.models import Unit

STRICT = ConfigDict(extra="forbid", strict=True)

#: A month in the API: ``2020-11``.
MONTH_PATTERN = r"^20\d{2}-(0[1-9]|1[0-2])$"  # the years Caseflow counts: 2000 to 2099
Month = Annotated[str, Field(pattern=MONTH_PATTERN, examples=["2020-11"])]
#: No text of ours holds a control character (``caseflow.plain_text``; NUL is refused once for the whole
#: body by ``caseflow.api.operations.parse_body``): the document gives every string of a request this
#: pattern if it has none of its own.
NO_NUL = PLAIN_TEXT_PATTERN
#: ``case_ref`` and ``person_ref``: the document states the default pattern; the service checks the
#: admin's, which may differ, so pydantic checks only the length.
Ref = Annotated[str, Field(min_length=1, max_length=32, examples=["H-1024"], json_schema_extra={
    "pattern": f"^{DEFAULT_REF_PATTERN}$",
    "description": "The business system's reference: by default an ASCII letter, then 1 to 31 ASCII letters, "
                   "digits or hyphens (an admin may set another pattern); never a personal identity number."})]
#: Tables of codes a field takes, read when the document is served (``caseflow.api.openapi``): a code
#: an admin adds or retires is in the document or out of it at once.
CODE_TABLES = {model.__tablename__: model
               for model in (Unit, BarrierReason, ReportGroup, ReferralTarget, ReferralOutcome, SipParticipant)}


def code_of(model, max_length: int = 32):
    """A string that is one of ``model``'s active codes; the service checks it, the document lists them."""
    return Annotated[str, Field(min_length=1, max_length=max_length,
                                json_schema_extra={"x-codes": model.__tablename__})]


def active_codes(table: str) -> list[str]:
    model = CODE_TABLES[table]
    return list(db.session.scalars(select(model.code).where(model.is_active.is_(True)).order_by(model.code)))


UnitCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$", examples=["E6"],
                                json_schema_extra={"x-codes": Unit.__tablename__})]
_TEXT_RULE = "No NUL character, and no personal identity number (personnummer or samordningsnummer)."


def text(max_length: int, min_length: int = 0):
    """Free text as the services take it: at most ``max_length`` characters, no NUL, no personnummer."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length,
                                json_schema_extra={"description": _TEXT_RULE})]


Text = text(2000)


def _integral(value):
    # JSON Schema's integer is a number without a fraction, 2.0 included: so is ours.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def integer(**bounds):
    """A JSON integer (``2`` or ``2.0``), never a string or a boolean, within ``bounds`` (``ge=1``…)."""
    return Annotated[int, Field(**bounds), BeforeValidator(_integral)]


Integer = integer()
#: A figure: a JSON number (never a string), finite.
Number = Annotated[int | float, Field(allow_inf_nan=False)]


class Request(BaseModel):
    model_config = STRICT


# Requests -----------------------------------------------------------------------------------


class _Correction(Request):
    """A correction: the version it is made from, and any of the fields the item's kind lets a person
    correct, named as the item shows them; a field left out stays as it is, ``null`` clears an optional one.

    Which fields a kind has is the kind's own (its ``EDITABLE``): the service refuses another kind's field
    with 422 naming it.
    """

    version: integer(ge=1)


#: Each kind's correctable fields as the API takes them, one model a kind, registered by its package's
#: ``api`` module with :func:`correctable`; ``PATCH /items/{id}`` takes the fields of them all.
CORRECTIONS: list[type[BaseModel]] = []


def correctable(model: type[BaseModel]) -> type[BaseModel]:
    """Register a kind's correctable fields (a class decorator)."""
    CORRECTIONS.append(model)
    return model


def item_patch_model() -> type[BaseModel]:
    """``PATCH /items/{id}``'s body: the version and every registered kind's correctable fields. A field
    two kinds share (``case_ref``) must be declared alike by both."""
    fields: dict[str, tuple] = {}
    for model in CORRECTIONS:
        for name, info in model.model_fields.items():
            if name in fields and repr(fields[name][1]) != repr(info):
                raise TypeError(f"{model.__name__}.{name} is declared otherwise by another kind")
            fields[name] = (info.annotation, info)
    return create_model("ItemPatchIn", __base__=_Correction, __doc__=_Correction.__doc__, **fields)


#: The events a client may apply, by kind, from each kind's machine (a plan's activation is Caseflow's own).
EVENTS_BY_KIND = {kind: machine.event_names() for kind, machine in MACHINES.items()}
EVENT_NAMES = list(dict.fromkeys(name for names in EVENTS_BY_KIND.values() for name in names))
EVENTS_DOC = ("The event, one of its kind's: " + "; ".join(f"{kind} {', '.join(names)}"
                                                           for kind, names in EVENTS_BY_KIND.items())
              + ". `void` (makulera) is every kind's and needs `reason`: a registration made in error, from any "
                "state but voided, after which the item counts nowhere.")


class EventIn(Request):
    # The enum is the document's: the service checks the name against the item's own kind, and its
    # refusal names that kind's events.
    event: Annotated[str, Field(min_length=1, max_length=32, examples=["accept", "void"], description=EVENTS_DOC,
                                json_schema_extra={"enum": EVENT_NAMES})]
    on: date
    version: integer(ge=1) | None = None
    note: Text | None = None
    reason: Text | None = None
    outcome: code_of(ReferralOutcome) | None = None


class ControlCheckIn(TypedDict):
    __pydantic_config__ = STRICT  # type: ignore[misc]
    case_ref: Ref
    performed_on: date
    actor: Literal["robot", "caseworker"]
    persons_checked: integer(ge=1, le=MAX_PERSONS)


#: The bulk's adapter, built once: validating the raw bytes in Rust is what keeps 10 000 rows fast.
CONTROL_CHECKS = TypeAdapter(Annotated[list[ControlCheckIn], Field(max_length=MAX_CHECKS)])

#: Every figure is below this (the database keeps 14 digits before the decimal mark).
FIGURE_LIMIT = 10**14


def _figure(spec: FigureSpec):
    """A figure's type as the server checks it: a count is a JSON integer, a share at most 100."""
    if spec.is_whole:
        return Annotated[integer(ge=0, lt=FIGURE_LIMIT), Field(description=spec.label_en)]
    bound = {"le": float(spec.maximum)} if spec.maximum is not None else {"lt": FIGURE_LIMIT}
    return Annotated[float, Field(ge=0, allow_inf_nan=False, description=spec.label_en + "; kept to 4 decimals",
                                  **bound)]


#: ``PUT /figures/{month}``: any of the figure keys, each a number; an unknown key is refused.
class _Figures(Request):
    model_config = ConfigDict(**STRICT, json_schema_extra={"minProperties": 1})  # {} names no figure: 422


def _by_group(spec: FigureSpec):
    """A figure by report group: the groups' codes (reference data) to numbers; at least one."""
    return Annotated[dict[code_of(ReportGroup), _figure(spec)],
                     Field(min_length=1, max_length=100,
                           description=spec.label_en + ", by report group of barriers to self-support (its code)")]


FiguresIn = create_model("FiguresIn", __base__=_Figures, __doc__="Figure keys of DESIGN.md's catalog, each a number.",
                         **{key: (_by_group(spec) if spec.by_group else _figure(spec), None)
                            for key, spec in FIGURE_SPECS.items()})
#: The figures of the month that stand now (each key's latest import); keys never imported are left out.
FiguresOut = create_model("FiguresOut", **{key.value: (dict[str, Number] if FIGURE_SPECS[key.value].by_group
                                                       else Number, None) for key in FigureKey})


class RollupIn(Request):
    from_: Month = Field(alias="from")
    to: Month


# Responses ----------------------------------------------------------------------------------


class ErrorBody(BaseModel):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(BaseModel):
    error: ErrorBody


class TransitionOut(BaseModel):
    event: str
    from_state: str | None
    to_state: str
    effective_on: date
    recorded_at: datetime
    unit: str
    note: str | None = None
    reason: str | None = None
    outcome: str | None = None


class LateRegistrationOut(BaseModel):
    """A write accepted into a month whose committee report is frozen (its earliest such month)."""

    month: Month
    #: The latest frozen version of that month's report, which this write is not in.
    frozen_version: int


#: A time of day in an answer: ``09:30``.
TimeOfDay = Annotated[time | None, PlainSerializer(lambda t: t.strftime("%H:%M") if t else None,
                                                   return_type=str | None, when_used="always"),
                      Field(description="HH:MM", examples=["09:30"])]


class ItemOut(BaseModel):
    """A work item of any kind; the fields of other kinds are left out. A kind's own fields that are not
    listed here (``KindSpec.api_fields``) are answered as the kind gives them, never dropped."""

    model_config = ConfigDict(extra="allow")

    id: int
    kind: Literal[tuple(MACHINES)]
    state: str
    version: int
    unit: str
    case_ref: str | None
    opened_on: date
    created_at: datetime
    updated_at: datetime
    #: The events that may be applied now.
    allowed_events: list[str]
    transitions: list[TransitionOut]
    person_ref: str | None = None
    sent_on: date | None = None
    target: str | None = None
    barrier_group: str | None = None
    applied_on: date | None = None
    contract_type: str | None = None
    kir_checked_on: date | None = None
    registered_at_address: int | None = None
    double_rent_suspected: bool | None = None
    initiated_on: date | None = None
    consent_on: date | None = None
    consent_withdrawn_on: date | None = None
    plan_id: int | None = None
    scheduled_for: date | None = None
    meeting_kind: str | None = None
    mode: str | None = None
    participants: list[str] | None = None
    next_follow_up_on: date | None = None
    start_time: TimeOfDay = None
    duration_minutes: int | None = None
    place: str | None = None
    video_link: str | None = None
    contact_region: str | None = None
    contact_forsakringskassan: str | None = None
    contact_arbetsformedlingen: str | None = None
    contact_other: str | None = None
    plan: str | None = None
    number: int | None = None
    title: str | None = None
    start_on: date | None = None
    expected_effect: str | None = None
    late_registration: LateRegistrationOut | None = Field(
        None, description="Only in the answer to a write that landed in a month whose report is frozen; "
                          "absent otherwise.")


class AcceptedOut(BaseModel):
    accepted: int


class TaskOut(BaseModel):
    task_id: str


TASK_STATES = ("PENDING", "STARTED", "SUCCESS", "FAILURE", "RETRY", "REVOKED")


class TaskStateOut(BaseModel):
    task_id: str
    #: Celery's state (a task the store does not know is PENDING).
    state: Literal[TASK_STATES]


class CountsOut(BaseModel):
    metric: str
    unit: str | None
    values: dict[str, Number | None]


class CellOut(BaseModel):
    value: Number | None
    text: str | None
    #: The cell as the committee reads it: ``3 713``, ``41,4``, ``--``.
    display: str


class RowOut(BaseModel):
    label: str
    cells: list[CellOut]
    is_flagged: bool


class TableOut(BaseModel):
    key: str
    title: str
    headers: list[str]
    rows: list[RowOut]
    sentence: str
    note: str


class SectionOut(BaseModel):
    key: str
    title: str
    tables: list[TableOut]


class MetricOut(BaseModel):
    """One entry of the metric catalog (DESIGN.md), the key ``/counts`` takes."""

    key: str
    label_sv: str
    label_en: str
    #: What it is computed from: a kind's items, the control checks, or the imported figures.
    source: Literal[tuple(source.value for source in Source)]
    #: Counted by Caseflow (0 for a month with nothing), or an imported figure (null until imported).
    counted: bool
    #: Whether it exists per unit too; imported figures are for the whole municipality only.
    per_unit: bool


class MetricsOut(BaseModel):
    #: In the catalog's order (DESIGN.md's table).
    metrics: list[MetricOut]


class ReportTextOut(BaseModel):
    """The analyst's text of the month's tjänsteskrivelse (the municipality's, whatever the unit)."""

    administration: str
    committee: str
    #: The tjänsteskrivelse's date; null: the day it is frozen.
    dated_on: date | None
    reference: str
    officers: str
    signatory_name: str
    signatory_title: str
    proposal: str
    matter: str
    #: A note under a section, by the section's key.
    notes: dict[str, str]
    source: str
    attachments: list[str]


class ReportOut(BaseModel):
    month: Month
    #: The unit the report is of; null for the municipality's.
    unit: str | None
    title: str
    #: The report's months still waiting for a rollup (marked dirty): their counts may change.
    pending: list[Month]
    #: When the report's counts were last written by a rollup; null if none ever was.
    computed_at: datetime | None
    sections: list[SectionOut]
    #: The analyst's text: header fields, proposal, Ärendet, notes and source line.
    text: ReportTextOut

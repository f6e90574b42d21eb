"""Issue 14: every month's counts follow every change a person or a client can make.

A property test draws sequences of everything people and clients do (creations, events, corrections
of any field, KIR checks, consent, reassignments, control checks, figure imports, measure notes) and
performs each through its service. The test keeps its own small model of the world, written from
DESIGN.md by hand and sharing nothing with ``caseflow/`` but the service calls: before each operation
the model says whether the rules allow it (and if not, which field the refusal must name), and the
service's verdict must match. After the sequence, the periodic (incremental) rollup, a full rollup
from scratch and the model's own recount of DESIGN.md's counting rules must agree for every metric,
month and unit.

Three focused tests reproduce the issue's report: a correction of a counted field that is not a date
(a meeting's mode, a KIR check's double-rent flag, a referral's person) leaves its month's count stale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa
import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from caseflow.auth.models import User
from caseflow.checks.services import record_checks
from caseflow.db import today_local
from caseflow.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationError
from caseflow.extensions import db
from caseflow.figures.models import ImportSource
from caseflow.figures.services import Figure, record_import
from caseflow.items.models import WorkItem
from caseflow.items.services import apply, edit_item, reassign
from caseflow.measures.services import create_measure, write_note
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.quality.services import draw, save_review
from caseflow.referrals.services import create_referral
from caseflow.reports.catalog import CATALOG
from caseflow.reports.models import ALL_UNITS, MonthlyCount
from caseflow.reports.rollup import forget_rollups, rollup_dirty, rollup_months
from caseflow.sip.services import add_meeting, create_plan, record_consent, withdraw_consent
from caseflow.sublease.services import create_sublease_case, record_kir_check
from caseflow.units.models import Unit

pytestmark = pytest.mark.both_databases  # the rollup's statements are the dialect's own

# The world as DESIGN.md gives it ---------------------------------------------------------------

#: Each kind's events: ``event: (from states, to state)``. ``activate`` is Caseflow's own (a plan's
#: first meeting held); people may not apply it.
TABLES: dict[str, dict[str, tuple[frozenset[str], str]]] = {
    "referral": {
        "accept": (frozenset({"sent"}), "accepted"),
        "reject": (frozenset({"sent", "accepted"}), "rejected"),
        "withdraw": (frozenset({"sent", "accepted"}), "withdrawn"),
        "start": (frozenset({"accepted"}), "started"),
        "complete": (frozenset({"started"}), "completed"),
    },
    "sublease_case": {
        "approve": (frozenset({"under_review"}), "approved"),
        "reject": (frozenset({"under_review"}), "rejected"),
        "appeal": (frozenset({"rejected"}), "appealed"),
        "uphold": (frozenset({"appealed"}), "upheld"),
        "overturn": (frozenset({"appealed"}), "overturned"),
    },
    "sip_plan": {
        "activate": (frozenset({"initiated"}), "active"),
        "close": (frozenset({"initiated", "active"}), "closed"),
    },
    "sip_meeting": {
        "hold": (frozenset({"scheduled"}), "held"),
        "cancel": (frozenset({"scheduled"}), "cancelled"),
    },
    "measure": {
        "start": (frozenset({"planned"}), "in_progress"),
        "pause": (frozenset({"in_progress"}), "paused"),
        "resume": (frozenset({"paused"}), "in_progress"),
        "complete": (frozenset({"in_progress"}), "completed"),
        "cancel": (frozenset({"planned", "in_progress", "paused"}), "cancelled"),
    },
    # Issue 21's quality review: drawn → in_review → completed.
    "quality_review": {
        "start": (frozenset({"drawn"}), "in_review"),
        "complete": (frozenset({"in_review"}), "completed"),
    },
}


def _with_void(table: dict) -> dict:
    """Every kind also has ``void`` (makulera), with a reason, from any state to ``voided``: the item
    then counts nowhere, in no month."""
    states = {state for sources, target in table.values() for state in (*sources, target)}
    return {**table, "void": (frozenset(states), "voided")}


TABLES = {kind: _with_void(table) for kind, table in TABLES.items()}
INTERNAL_EVENTS = {("sip_plan", "activate")}
INITIAL = {"referral": "sent", "sublease_case": "under_review", "sip_plan": "initiated",
           "sip_meeting": "scheduled", "measure": "planned", "quality_review": "drawn"}
NEEDS_REASON = {("referral", "reject"), *((kind, "void") for kind in TABLES)}
NEEDS_OUTCOME = {("referral", "complete")}
OWN_DATE = {"referral": "sent_on", "sublease_case": "applied_on", "sip_plan": "initiated_on",
            "sip_meeting": "scheduled_for", "measure": "start_on", "quality_review": "drawn_on"}
#: Kinds whose own date may lie ahead (a meeting booked, a measure planned): created effective today.
MAY_LIE_AHEAD = {"sip_meeting", "measure"}
#: A meeting may be cancelled (or held) before the day it was booked for.
EVENTS_BEFORE_OWN_DATE = {"sip_meeting"}
OPEN_MEASURE = {"planned", "in_progress", "paused"}

UNITS = ("E1", "E2")
PERSONS = ("P1", "P2", "P3")
CASES = ("H1", "H2", "H3")
BAD_REF = "x"  # too short for the reference pattern
OUTCOMES = ("work", "studies", "other_support", "dropped_out")
FIGURE_KEYS = ("households_applied", "avg_cost_per_household", "adult_recipients_share_pct")
ALL_FIGURE_KEYS = ("households_applied", "decisions_total", "executions_opened", "households_ongoing",
                   "avg_cost_per_household", "temporary_housing_cost", "adult_recipients",
                   "adult_recipients_share_pct", "e_application_share_pct")
COUNTED = ("referrals_sent", "referrals_rejected", "referrals_started", "referrals_completed",
           "referrals_completed_work", "referrals_completed_studies", "referrals_completed_self_sufficient",
           "sublease_rejections_new",
           "sublease_rejections_total", "kir_checks", "double_rent_suspicions", "sip_meetings_held",
           "sip_meetings_held_multi_party", "sip_meetings_held_digital", "sip_meetings_held_total",
           "sip_plans_active", "measures_planned", "measures_in_progress", "measures_paused",
           "measures_completed", "measures_cancelled", "measures_missing_note", "ssbtek_lookups_caseworker",
           "ssbtek_lookups_robot", "individuals_checked", "quality_reviews_completed", "quality_with_planning",
           "quality_with_payment_error", "quality_housing_without_measures", "quality_child_not_applicable",
           "quality_child_not_documented", "quality_child_partly", "quality_child_fully", "quality_visits",
           "quality_no_shows", "quality_calls")
#: What a quality review needs answered before it is completed (its comments aside).
REVIEW_REQUIRED = ("review_date", "planning", "payment_error", "child_perspective", "visits", "no_shows", "calls",
                   "note_types_used", "housing_above_level")

#: Editable fields and the values drawn for them (a bad one among them where a field has a rule).
EDIT_VALUES = {
    "referral": {"person_ref": (*PERSONS, BAD_REF), "target": ("UJC", "AMC", "JOBBCENTRUM", "NOPE"),
                 "barrier_group": (None, "ARBETSLOS", "SOCIALA", "NOPE")},
    "sublease_case": {"contract_type": ("sublease", "lodger"), "registered_at_address": (None, 0, 2, 1000),
                      "double_rent_suspected": (False, True)},
    "sip_plan": {"person_ref": (*PERSONS, BAD_REF)},
    "sip_meeting": {"mode": ("in_person", "digital"), "meeting_kind": ("sip", "multi_party")},
    "measure": {"title": ("Åtgärd A", "Åtgärd B", "")},
    "quality_review": {"planning": (True, False, None), "payment_error": (False, True),
                       "child_perspective": ("partly", "fully", "not_applicable", "NOPE", None),
                       "visits": (2, 0, 1000), "no_shows": (1, 0), "calls": (3, None),
                       "note_types_used": (True, False), "housing_above_level": (False, True),
                       "housing_measures_taken": (False, True, None)},
}
#: Editable date fields: past only, or (own dates that may lie ahead) any.
EDIT_DATES = {"referral": ("sent_on",), "sublease_case": ("applied_on", "kir_checked_on"),
              "sip_plan": ("initiated_on", "consent_on"), "sip_meeting": ("scheduled_for",), "measure": ("start_on",),
              "quality_review": ("review_date",)}
FUTURE_ALLOWED = {"scheduled_for", "start_on"}
OPTIONAL = {"kir_checked_on", "consent_on", "barrier_group", "registered_at_address", "review_date"}


@dataclass(frozen=True)
class Refused:
    """The model's verdict that an operation is refused: the error, the fields it names, and why."""

    error: type[ServiceError]
    fields: frozenset = frozenset()
    why: str = ""

    def matches(self, err: ServiceError) -> bool:
        return isinstance(err, self.error) and frozenset(err.fields) == self.fields

    def __repr__(self) -> str:
        return f"{self.error.__name__}{sorted(self.fields)} ({self.why})"


def refused(error: type[ServiceError], *fields: str, why: str = "") -> Refused:
    return Refused(error, frozenset(fields), why)


@dataclass
class Person:
    name: str
    id: int
    unit: int
    role: str


@dataclass
class Thing:
    """The model of one work item."""

    n: int
    kind: str
    id: int
    unit: int
    fields: dict
    opened_on: date
    state: str = ""
    #: ``(event, on, outcome)`` of every transition but the creation, in order (dates never go back).
    events: list = field(default_factory=list)
    plan: Thing | None = None
    #: Who registered it (a caseworker may void what they registered, the same day).
    creator: str = ""
    meetings: list = field(default_factory=list)
    notes: set = field(default_factory=set)

    def __post_init__(self):
        self.state = self.state or INITIAL[self.kind]

    @property
    def last_event_on(self) -> date | None:
        return self.events[-1][1] if self.events else None

    def on(self, event: str) -> date | None:
        return next((on for name, on, _ in self.events if name == event), None)

    def state_at(self, day: date) -> str | None:
        """The state at the end of ``day``; None before the item's creation."""
        if self.opened_on > day:
            return None
        state = INITIAL[self.kind]
        for name, on, _ in self.events:
            if on <= day:
                state = TABLES[self.kind][name][1]
        return state


class Op(NamedTuple):
    """One drawn operation, as hypothesis prints it."""

    what: str
    actor: str = ""
    target: int | None = None
    args: tuple = ()


@dataclass
class World:
    today: date
    months: list[int]
    start: date
    people: list[Person]
    unit_ids: list[int]
    things: list[Thing] = field(default_factory=list)
    checks: list = field(default_factory=list)  # (unit, case_ref, performed_on, actor, persons)
    figures: dict = field(default_factory=dict)  # (month, key) -> value
    measure_number: int = 0

    def person(self, name: str) -> Person:
        return next(p for p in self.people if p.name == name)

    def of_kind(self, *kinds: str) -> list[Thing]:
        return [t for t in self.things if t.kind in kinds]


def _build_world(password_hash: str) -> World:
    today = today_local()
    last = Month.of(today)
    first = last.previous.previous.previous
    people, unit_ids = [], []
    for index, code in enumerate(UNITS):
        unit = Unit(code=code, name=f"Enhet {code}")
        db.session.add(unit)
        db.session.flush()
        unit_ids.append(unit.id)
        for name, role in ((f"{code}-leader", Role.UNIT_LEADER), (f"{code}-cw1", Role.CASEWORKER),
                           (f"{code}-cw2", Role.CASEWORKER)):
            user = User(username=name, display_name=name, role=role, unit_id=unit.id, password_hash=password_hash)
            db.session.add(user)
            db.session.flush()
            people.append(Person(name, user.id, index, role.value))
    db.session.commit()
    return World(today, Month.range(first, last), date(first // 100, first % 100, 1), people, unit_ids)


# Drawing operations ----------------------------------------------------------------------------
#
# Operations are drawn without looking at the world, so that hypothesis can drop any of them when it
# shrinks a failure: who acts, which item and which day are drawn relative to the world and resolved
# when the operation runs (``_resolve``). Each strategy shrinks to the plainest case: the unit's
# leader, the latest item, the window's first day.

#: Someone relative to the unit the operation concerns.
ACTOR = st.sampled_from(("leader", "leader", "leader", "leader", "cw1", "cw2", "other leader", "other cw1"))
#: A day: of the window (an offset wrapped into it), some days after the item's previous date, or ahead.
DAY = st.tuples(st.sampled_from(("day", "day", "day", "after", "after", "after", "future")), st.integers(0, 200))
UNIT = st.integers(0, len(UNITS) - 1)
#: Which item, counted back from the latest of the kind: mostly a recent one, so that items go a long way.
TARGET = st.sampled_from((0, 0, 0, 0, 1, 1, 2, 3, 5, 8))
PERSON = st.sampled_from((*PERSONS, *PERSONS, BAD_REF))
CASE = st.sampled_from(CASES)
REASON = st.sampled_from(("Skäl", "Skäl", None))
#: The kind of item an event or a correction goes to, if there is one of that kind (so each kind gets its share).
KIND = st.sampled_from(tuple(TABLES))


def _op(what: str, *args) -> st.SearchStrategy[Op]:
    return st.builds(Op, st.just(what), ACTOR, TARGET, st.tuples(*args))


#: Drawn with equal chances (``one_of`` would favour the first and merge repeats), shrinking to the first.
OPERATIONS = [
    st.just(Op("nothing")),  # what a shrunk example's unneeded operations become
    *[strategy for _ in range(2) for strategy in (
        _op("create referral", UNIT, PERSON, CASE, DAY, st.sampled_from(("UJC", "AMC")),
            st.sampled_from((None, "ARBETSLOS"))),
        _op("create sublease_case", UNIT, CASE, DAY, st.sampled_from(("sublease", "lodger"))),
        _op("create sip_plan", UNIT, PERSON, CASE, DAY, st.one_of(st.just("initiated"), st.none(), DAY)),
        _op("create measure", UNIT, DAY))],
    *[_op("add_meeting", DAY, st.sampled_from(("sip", "multi_party")), st.sampled_from(("in_person", "digital")))
      for _ in range(2)],
    # An event: an index into the events the item's state allows but void (thrice), then all of its kind's.
    # Applied once or a few times over (to the same item, from the state each time leaves it in).
    *[_op("apply", KIND, st.integers(0, 11), DAY, REASON, st.sampled_from((*OUTCOMES, None)),
          st.sampled_from((1, 1, 2, 3))) for _ in range(5)],
    # A correction: an index into the kind's editable fields, and into the values drawn for it.
    *[_op("edit", KIND, st.integers(0, 9), st.integers(0, 4), DAY) for _ in range(4)],
    # A unit's sample of a month drawn for quality review: a review of 1 or 2 households per caseworker.
    *[_op("draw", UNIT, st.integers(0, 3), st.sampled_from((1, 2))) for _ in range(2)],
    # The reviewer's whole checklist at once, as the review's page saves it: the review started first if it
    # is not yet, and (``finish``) completed after, each step today and judged on its own.
    *[_op("answer", st.booleans(), st.booleans(), st.booleans(), st.sampled_from(("not_applicable", "not_documented", "partly",
                                                                    "fully")),
          st.integers(0, 5), st.integers(0, 3), st.integers(0, 5), st.booleans(), st.booleans(), st.booleans(), DAY)
      for _ in range(2)],
    _op("record_kir_check", DAY, st.sampled_from((None, 1, 2, 1000)), st.booleans()),
    _op("record_consent", DAY),
    _op("withdraw_consent", DAY),
    _op("reassign", ACTOR),
    _op("write_note", st.integers(0, 4), st.sampled_from(("Uppföljning", "Uppföljning", ""))),
    _op("record_checks", UNIT, st.lists(st.tuples(CASE, DAY, st.sampled_from(("robot", "caseworker")),
                                                  st.integers(1, 6)), min_size=1, max_size=3).map(tuple)),
    _op("record_import", st.lists(st.tuples(st.integers(0, 3), st.sampled_from(FIGURE_KEYS), st.integers(0, 2000),
                                            st.sampled_from((0, 5))), min_size=1, max_size=3).map(tuple)),
]
OPERATION = st.sampled_from(OPERATIONS).flatmap(lambda operation: operation)
#: After the first rollup, the periodic rollup also runs between operations, as its beat does: a count
#: a change left stale shows there, before a later change to the same month happens to mend it.
LATER_OPERATION = st.sampled_from([*OPERATIONS, *[st.just(Op("periodic rollup"))] * 3]).flatmap(
    lambda operation: operation)

#: The kinds of item each operation on an item applies to.
TARGET_KINDS = {"add_meeting": ("sip_plan",), "record_kir_check": ("sublease_case",),
                "record_consent": ("sip_plan",), "withdraw_consent": ("sip_plan",), "write_note": ("measure",),
                "answer": ("quality_review",),
                "apply": tuple(TABLES), "edit": tuple(TABLES), "reassign": tuple(TABLES)}


def _day(world: World, spec, after: date | None = None) -> date:
    how, n = spec
    if how == "day":
        return world.start + timedelta(days=n % ((world.today - world.start).days + 1))
    if how == "after":  # up to today: the future is drawn on its own
        return min((after or world.today - timedelta(days=12)) + timedelta(days=n % 13), world.today)
    return world.today + timedelta(days=1 + n % 20)


def _person(world: World, unit: int, who: str) -> str:
    if who.startswith("other "):
        unit, who = 1 - unit, who.removeprefix("other ")
    return f"{UNITS[unit]}-{who}"


def _resolve(world: World, op: Op) -> Op | None:
    """The drawn operation with its actor, item, days and values made concrete; None if it has no item."""
    what, args = op.what, op.args
    if what in ("nothing", "periodic rollup"):
        return None
    if what.startswith("create ") or what == "record_checks":
        unit, *rest = args
        rest = [_day(world, v) if isinstance(v, tuple) and v and v[0] in ("day", "after", "future") else v
                for v in rest]
        if what == "record_checks":
            rest = [tuple((case, _day(world, day), actor, n) for case, day, actor, n in rest[0])]
        if what == "create sip_plan" and rest[-1] == "initiated":  # consent given the day it was initiated
            rest[-1] = rest[-2]
        return Op(what, _person(world, unit, op.actor), None, (unit, *rest))
    if what == "draw":
        unit, month_index, n = args
        return Op(what, _person(world, unit, op.actor), None, (unit, world.months[month_index % len(world.months)], n))
    if what == "record_import":
        rows = tuple((world.months[m], key, whole, tenths) for m, key, whole, tenths in args[0])
        return Op(what, "", None, (rows,))
    if what in ("apply", "edit"):
        kind, *args = args
        candidates = [t for t in world.things if t.kind == kind] or world.things
        if what == "apply" and op.target is not None:  # the same item each time it is applied over
            candidates = [t for t in candidates if t.state != "voided"] or candidates
    else:
        candidates = [t for t in world.things if t.kind in TARGET_KINDS[what]]
    if not candidates:
        return None
    thing = candidates[-1 - op.target % len(candidates)]
    actor = _person(world, thing.unit, op.actor)
    previous = thing.last_event_on or thing.opened_on
    if thing.kind == "sip_meeting":  # a meeting is held once its plan has begun, with consent
        previous = max(previous, thing.plan.fields["initiated_on"], thing.plan.fields["consent_on"] or previous)
    if what == "apply":
        index, day, reason, outcome = args
        table = TABLES[thing.kind]
        events = [name for name in table if thing.state in table[name][0] and name != "void"] * 3 + list(table)
        return Op(what, actor, thing.n, (events[index % len(events)], _day(world, day, previous), reason, outcome))
    if what == "edit":
        field_index, value_index, day = args
        values = EDIT_VALUES[thing.kind]
        names = [*values, *EDIT_DATES[thing.kind]]
        name = names[field_index % len(names)]
        if name in values:
            value = values[name][value_index % len(values[name])]
        else:
            value = None if name in OPTIONAL and value_index == 4 else _day(world, day, thing.opened_on)
        return Op(what, actor, thing.n, (name, value))
    if what == "reassign":
        return Op(what, actor, thing.n, (_person(world, thing.unit, args[0]),))
    if what == "answer":
        finish, *answers, day = args
        names = ("planning", "payment_error", "child_perspective", "visits", "no_shows", "calls", "note_types_used",
                 "housing_above_level", "housing_measures_taken")
        return Op(what, actor, thing.n, (dict(zip(names, answers)) | {"review_date": _day(world, day, previous)},
                                         finish))
    if what == "write_note":
        month_index, text = args
        month = world.months[month_index] if month_index < len(world.months) else world.months[-1] + 1
        return Op(what, actor, thing.n, (month, text))
    day, *rest = args
    return Op(what, actor, thing.n, (_day(world, day, thing.opened_on if what == "record_consent" else previous),
                                     *rest))


# Performing an operation, with the model's verdict first ------------------------------------------

#: The operations of the running example, each with the model's verdict: a failure's message lists them.
JOURNAL: list[str] = []


def _perform(op: Op, expected: Refused | None, call):
    """Call the service; its verdict must be the model's. Returns the service's result, or None if refused."""
    JOURNAL.append(f"{op.what} {op.actor} #{op.target} {op.args}: "
                   + ("allowed" if expected is None else f"refused, {expected!r}"))
    try:
        result = call()
        db.session.commit()
    except ServiceError as err:
        db.session.rollback()
        event(f"{op.what}: refused")
        verdict = f"{type(err).__name__} {sorted(err.fields)} ({err.message} {err.fields})"
        assert expected is not None, "\n".join(JOURNAL) + f"\n{op}: refused, {verdict}, but the model allows it"
        assert expected.matches(err), "\n".join(JOURNAL) + f"\n{op}: refused, {verdict}; the model expects {expected!r}"
        return None
    assert expected is None, "\n".join(JOURNAL) + f"\n{op}: allowed, but the model expects {expected!r}"
    event(f"{op.what}: allowed")
    return result


def _user(person: Person) -> User:
    return db.session.get(User, person.id)


def _unit(world: World, index: int) -> Unit:
    return db.session.get(Unit, world.unit_ids[index])


def _may_touch(actor: Person, thing: Thing) -> Refused | None:
    """Items of another unit are not found; measures are the leaders' to change."""
    if actor.unit != thing.unit:
        return refused(NotFound, why="another unit's item")
    if thing.kind == "measure" and actor.role != Role.UNIT_LEADER:
        return refused(Forbidden, why="measures are the unit leader's")
    return None


def _past_problems(**dates) -> list[str]:
    today = today_local()
    return [name for name, day in dates.items() if day is not None and day > today]


def _create(world: World, op: Op) -> None:
    kind = op.what.split()[1]
    actor, unit, args = world.person(op.actor), op.args[0], op.args[1:]
    expected = None
    if kind == "measure" and actor.role != Role.UNIT_LEADER:
        expected = refused(Forbidden, why="measures are the unit leader's")
    elif actor.unit != unit:
        expected = refused(NotFound, "unit", why="another unit")
    user, target_unit = _user(actor), _unit(world, unit)
    if kind == "referral":
        person, case, day, target, barrier = args
        fields = {"person_ref": person, "sent_on": day, "target": target, "barrier_group": barrier}
        problems = ["person_ref"] * (person == BAD_REF) + _past_problems(sent_on=day)
        call = lambda: create_referral(  # noqa: E731
            user, unit=target_unit, person_ref=person, case_ref=case, sent_on=day, target=target, barrier_group=barrier)
    elif kind == "sublease_case":
        case, day, contract = args
        fields = {"applied_on": day, "contract_type": contract, "kir_checked_on": None,
                  "registered_at_address": None, "double_rent_suspected": False}
        problems = _past_problems(applied_on=day)
        call = lambda: create_sublease_case(user, unit=target_unit, case_ref=case, applied_on=day,  # noqa: E731
                                            contract_type=contract)
    elif kind == "sip_plan":
        person, case, day, consent = args
        fields = {"person_ref": person, "initiated_on": day, "consent_on": consent, "consent_withdrawn_on": None}
        problems = ["person_ref"] * (person == BAD_REF) + _past_problems(initiated_on=day, consent_on=consent)
        call = lambda: create_plan(user, unit=target_unit, person_ref=person, case_ref=case,  # noqa: E731
                                   initiated_on=day, consent_on=consent)
    else:
        (day,) = args
        world.measure_number += 1
        number = world.measure_number
        fields = {"title": f"Åtgärd {number}", "start_on": day}
        problems = []
        call = lambda: create_measure(user, unit=target_unit, plan="Verksamhetsplan", number=number,  # noqa: E731
                                      title=fields["title"], start_on=day)
    if expected is None and problems:
        expected = refused(ValidationError, *problems, why="invalid fields")
    if item := _perform(op, expected, call):
        _add(world, kind, item.id, unit, fields).creator = op.actor


def _add(world: World, kind: str, item_id: int, unit: int, fields: dict, plan: Thing | None = None) -> Thing:
    own = fields[OWN_DATE[kind]]
    thing = Thing(len(world.things), kind, item_id, unit, fields,
                  min(own, world.today) if kind in MAY_LIE_AHEAD else own, plan=plan)
    world.things.append(thing)
    return thing


def _add_meeting(world: World, op: Op, plan: Thing) -> None:
    actor = world.person(op.actor)
    day, meeting_kind, mode = op.args
    expected = None
    if actor.unit != plan.unit:
        expected = refused(NotFound, why="another unit's plan")
    elif plan.state in ("closed", "voided"):
        expected = refused(Conflict, "plan", why="the plan is closed or voided")
    user = _user(actor)
    item = _perform(op, expected, lambda: add_meeting(user, plan.id, scheduled_for=day, meeting_kind=meeting_kind,
                                                      mode=mode, participants=["region"]))
    if item:
        meeting = _add(world, "sip_meeting", item.id, plan.unit,
                       {"scheduled_for": day, "meeting_kind": meeting_kind, "mode": mode}, plan=plan)
        meeting.creator = op.actor
        plan.meetings.append(meeting)


def _event_verdict(world: World, actor: Person, thing: Thing, event: str, day: date, reason, outcome):
    if refusal := _may_touch(actor, thing):
        return refusal
    if (thing.kind, event) in INTERNAL_EVENTS:
        return refused(ValidationError, "event", why="Caseflow's own event")
    sources, _target = TABLES[thing.kind][event]
    if thing.state not in sources:
        return refused(Conflict, "event", why=f"not from {thing.state}")
    if day > world.today:
        return refused(ValidationError, "on", why="in the future")
    # A void takes the whole item away, whatever its dates (the lead's reading: dated the day it is done).
    if event != "void" and thing.kind not in EVENTS_BEFORE_OWN_DATE and day < thing.opened_on:
        return refused(ValidationError, "on", why="before the item's own date")
    if event != "void" and thing.last_event_on and day < thing.last_event_on:
        return refused(ValidationError, "on", why="before the previous event")
    problems = ["reason"] * ((thing.kind, event) in NEEDS_REASON and not reason)
    problems += ["outcome"] * ((thing.kind, event) in NEEDS_OUTCOME and not outcome)
    if problems:
        return refused(ValidationError, *problems, why="what the event needs")
    if event == "void" and actor.role != Role.UNIT_LEADER and thing.creator != actor.name:
        # Everything here is registered today: a caseworker voids what they registered themselves.
        return refused(Forbidden, "event", why="a caseworker voids only what they registered")
    if thing.kind == "sip_plan" and event == "close" and actor.role != Role.UNIT_LEADER:
        return refused(Forbidden, why="the coordinator or a leader closes a plan")
    if thing.kind == "quality_review" and event != "void":
        if actor.id == thing.fields["reviewed_user_id"]:
            return refused(ValidationError, "reviewer", why="no one reviews their own case")
        missing = [name for name in REVIEW_REQUIRED if thing.fields.get(name) is None]
        if thing.fields.get("housing_above_level") and thing.fields.get("housing_measures_taken") is None:
            missing.append("housing_measures_taken")
        if event == "complete" and missing:
            return refused(ValidationError, *missing, why="the checklist is not complete")
    if thing.kind == "sip_meeting" and event == "hold":
        plan = thing.plan
        if plan.state in ("closed", "voided"):
            return refused(Conflict, why="the plan is closed or voided")
        if day < plan.fields["initiated_on"]:
            return refused(ValidationError, "on", why="before the plan was initiated")
        consent, withdrawn = plan.fields["consent_on"], plan.fields["consent_withdrawn_on"]
        if consent is None or consent > day or (withdrawn is not None and withdrawn <= day):
            return refused(Conflict, "on", why="no consent on record that day")
    return None


def _apply(world: World, op: Op, thing: Thing) -> None:
    actor = world.person(op.actor)
    event, day, reason, outcome = op.args
    outcome = outcome if (thing.kind, event) in NEEDS_OUTCOME else None
    expected = _event_verdict(world, actor, thing, event, day, reason, outcome)
    user = _user(actor)
    if _perform(op, expected, lambda: apply(user, thing.id, event, on=day, reason=reason, outcome=outcome)):
        _record_event(thing, event, day, outcome)


def _record_event(thing: Thing, event: str, day: date, outcome=None) -> None:
    if event == "void":
        thing.state = "voided"
        return
    thing.events.append((event, day, outcome))
    thing.state = TABLES[thing.kind][event][1]
    if thing.kind == "sip_meeting" and event == "hold" and thing.plan.state == "initiated":
        _record_event(thing.plan, "activate", day)


def _edit_verdict(world: World, actor: Person, thing: Thing, changes: dict) -> Refused | None:
    if refusal := _may_touch(actor, thing):
        return refusal
    if thing.state == "voided":
        return refused(Conflict, "state", why="a voided item is no longer corrected")
    changes = {name: value for name, value in changes.items() if thing.fields.get(name) != value}
    problems = [name for name, value in changes.items()
                if value == BAD_REF or value == "NOPE" or value == 1000 or (name == "title" and not value)
                or (name not in FUTURE_ALLOWED and isinstance(value, date) and value > world.today)]
    if problems:
        return refused(ValidationError, *problems, why="invalid fields")
    if thing.kind == "quality_review" and changes and thing.state != "in_review":
        return refused(ValidationError, *changes, why="a review's checklist is answered while it is under way")
    own = OWN_DATE[thing.kind]
    if own in changes and thing.kind not in EVENTS_BEFORE_OWN_DATE and thing.events:
        opened = min(changes[own], world.today) if thing.kind in MAY_LIE_AHEAD else changes[own]
        if opened > thing.events[0][1]:
            return refused(ValidationError, own, why="the own date after the first event")
    if thing.kind == "sublease_case" and changes.keys() & {"kir_checked_on", "applied_on"}:
        checked = changes.get("kir_checked_on", thing.fields.get("kir_checked_on"))
        applied = changes.get("applied_on", thing.fields.get("applied_on"))
        if checked is not None and checked < applied:
            return refused(ValidationError, "kir_checked_on" if "kir_checked_on" in changes else "applied_on",
                           why="a KIR check is not dated before the application")
    if "consent_on" in changes:
        held = [m.on("hold") for m in thing.meetings if m.state == "held"]
        if held and (changes["consent_on"] is None or changes["consent_on"] > min(held)):
            return refused(ValidationError, "consent_on",
                           why='DESIGN.md: "the consent date can never be moved after a meeting already held"')
    return None


def _edit(world: World, op: Op, thing: Thing, changes: dict, call) -> None:
    actor = world.person(op.actor)
    expected = _edit_verdict(world, actor, thing, changes)
    if _perform(op, expected, lambda: call(_user(actor))):
        thing.fields.update(changes)
        own = OWN_DATE[thing.kind]
        if own in changes:
            thing.opened_on = min(changes[own], world.today) if thing.kind in MAY_LIE_AHEAD else changes[own]


def _reassign(world: World, op: Op, thing: Thing) -> None:
    actor, owner = world.person(op.actor), world.person(op.args[0])
    expected = None
    if actor.role != Role.UNIT_LEADER:
        expected = refused(Forbidden, why="only a leader reassigns")
    elif actor.unit != thing.unit:
        expected = refused(ValidationError, "items", why="another unit's item")
    elif owner.unit != actor.unit:
        expected = refused(ValidationError, "owner", why="not of the unit")
    elif thing.kind == "measure" and owner.role != Role.UNIT_LEADER:
        expected = refused(ValidationError, "owner", why="a measure is held by a unit leader")
    _perform(op, expected, lambda: reassign(_user(actor), [thing.id], owner.id))


def _withdraw_consent(world: World, op: Op, plan: Thing) -> None:
    actor, (day,) = world.person(op.actor), op.args
    expected = _may_touch(actor, plan)
    consent = plan.fields["consent_on"]
    if expected:
        pass
    elif day > world.today:
        expected = refused(ValidationError, "on", why="in the future")
    elif consent is None or day < consent:
        expected = refused(ValidationError, "on", why="no consent on record to withdraw")
    else:
        expected = _event_verdict(world, world.people[plan.unit * 3], plan, "close", day, None, None)
    if _perform(op, expected, lambda: withdraw_consent(_user(actor), plan.id, day)):
        plan.fields["consent_withdrawn_on"] = day
        _record_event(plan, "close", day)
        # DESIGN.md: "a withdrawal of consent closes the plan and cancels its booked meetings".
        for meeting in plan.meetings:
            if meeting.state == "scheduled":
                _record_event(meeting, "cancel", day)


def _write_note(world: World, op: Op, measure: Thing) -> None:
    actor, (month, text) = world.person(op.actor), op.args
    expected = _may_touch(actor, measure)
    problems = ["month"] * (month > world.months[-1]) + ["text"] * (not text)
    if expected is None and problems:
        expected = refused(ValidationError, *problems, why="invalid note")
    if _perform(op, expected, lambda: write_note(_user(actor), measure.id, month, text)):
        measure.notes.add(month)


def _draw(world: World, op: Op) -> None:
    actor, (unit, month, n) = world.person(op.actor), op.args
    expected = None
    if actor.role != Role.UNIT_LEADER:
        expected = refused(Forbidden, why="a unit leader draws the sample")
    elif actor.unit != unit:
        expected = refused(NotFound, "unit", why="another unit")
    user, target_unit = _user(actor), _unit(world, unit)
    if record := _perform(op, expected, lambda: draw(user, unit=target_unit, month=month, n=n)):
        # Which households are drawn is the seed's choice, counted by nothing: the model takes the reviews made.
        for review in record.reviews:
            _add(world, "quality_review", review.id, unit,
                 {"drawn_on": review.drawn_on, "reviewed_user_id": review.reviewed_user_id}).creator = op.actor


def _answer(world: World, op: Op, review: Thing) -> None:
    """``save_review``: never the reviewed caseworker's; a housing cost within the level needs no measures."""
    actor, (answers, _finish) = world.person(op.actor), op.args
    if not answers["housing_above_level"]:
        answers = answers | {"housing_measures_taken": None}
    expected = _may_touch(actor, review)
    if expected is None and actor.id == review.fields["reviewed_user_id"]:
        expected = refused(ValidationError, "reviewer", why="no one reviews their own case")
    if expected is None:
        expected = _edit_verdict(world, actor, review, answers)
    if _perform(op, expected, lambda: save_review(_user(actor), review.id, answers)):
        review.fields.update(answers)


def _record_checks(world: World, op: Op) -> None:
    unit, rows = op.args
    problems = [f"[{i}].performed_on" for i, (_c, day, _a, _p) in enumerate(rows) if day > world.today]
    expected = refused(ValidationError, *problems, why="checks in the future") if problems else None
    user = _user(world.person(op.actor))
    if _perform(op, expected, lambda: record_checks(
            [{"case_ref": c, "performed_on": d, "actor": a, "persons_checked": p} for c, d, a, p in rows],
            world.unit_ids[unit], actor=user)):
        world.checks += [(unit, *row) for row in rows]


def _figure(key: str, whole: int, tenths: int) -> Decimal:
    if key == "households_applied":
        return Decimal(whole)
    if key == "adult_recipients_share_pct":
        return Decimal(whole % 100) + Decimal(tenths) / 10
    return Decimal(whole) + Decimal(tenths) / 10


def _record_import(world: World, op: Op) -> None:
    (rows,) = op.args
    figures = [Figure(month, key, _figure(key, whole, tenths)) for month, key, whole, tenths in rows]
    seen = [(f.month, f.key) for f in figures]
    expected = refused(ValidationError, why="a month and key twice") if len(set(seen)) < len(seen) else None
    if _perform(op, expected, lambda: record_import(figures, source=ImportSource.API)):
        world.figures.update({(f.month, f.key): f.value for f in figures})


def _run(world: World, drawn: Op) -> None:
    if drawn.what == "apply":
        *args, times = drawn.args
        for _ in range(times):
            _run_one(world, drawn._replace(args=tuple(args)))
    else:
        _run_one(world, drawn)


def _run_one(world: World, drawn: Op) -> None:
    op = _resolve(world, drawn)
    if op is None:
        event(f"{drawn.what}: no item to do it to")
        return
    thing = None if op.target is None else world.things[op.target]
    if op.what.startswith("create "):
        _create(world, op)
    elif op.what == "draw":
        _draw(world, op)
    elif op.what == "answer":
        if thing.state == "drawn":
            _apply(world, op._replace(what="apply", args=("start", world.today, None, None)), thing)
        _answer(world, op, thing)
        if op.args[1]:
            _apply(world, op._replace(what="apply", args=("complete", world.today, None, None)), thing)
    elif op.what == "apply":
        _apply(world, op, thing)
    elif op.what == "edit":
        name, value = op.args
        _edit(world, op, thing, {name: value}, lambda user: edit_item(user, thing.id, {name: value}))
    elif op.what == "record_kir_check":
        day, registered, suspected = op.args
        _edit(world, op, thing, {"kir_checked_on": day, "registered_at_address": registered,
                                 "double_rent_suspected": suspected},
              lambda user: record_kir_check(user, thing.id, checked_on=day, registered_at_address=registered,
                                            double_rent_suspected=suspected))
    elif op.what == "record_consent":
        (day,) = op.args
        _edit(world, op, thing, {"consent_on": day}, lambda user: record_consent(user, thing.id, day))
    elif op.what == "withdraw_consent":
        _withdraw_consent(world, op, thing)
    elif op.what == "add_meeting":
        _add_meeting(world, op, thing)
    elif op.what == "reassign":
        _reassign(world, op, thing)
    elif op.what == "write_note":
        _write_note(world, op, thing)
    elif op.what == "record_checks":
        _record_checks(world, op)
    elif op.what == "record_import":
        _record_import(world, op)
    else:
        raise AssertionError(op)
    states = dict(db.session.execute(sa.select(WorkItem.id, WorkItem.state)).all())
    assert states == {t.id: t.state for t in world.things}, \
        f"after {op}: the items' states differ from the model's. Done:\n" + "\n".join(JOURNAL)


# Counting by hand ----------------------------------------------------------------------------------

def _month_end(month: int) -> date:
    year, mon = divmod(month, 100)
    following = date(year + 1, 1, 1) if mon == 12 else date(year, mon + 1, 1)
    return following - timedelta(days=1)


def _recount(world: World) -> dict[tuple[str, int, int], Decimal | None]:
    """DESIGN.md's counting rules over the model, per month, per unit and for all units."""
    counts: dict[tuple[str, int, int], Decimal | None] = {
        (metric, month, unit): Decimal(0)
        for metric in COUNTED for month in world.months for unit in (*world.unit_ids, ALL_UNITS)}
    persons = defaultdict(set)

    def add(metric: str, month: int, unit: int) -> None:
        for unit_id in (world.unit_ids[unit], ALL_UNITS):
            counts[(metric, month, unit_id)] += 1

    for month in world.months:
        end = _month_end(month)
        for t in world.things:
            if t.state == "voided":
                continue
            in_month = {name: on for name, on, _ in t.events if Month.of(on) == month}
            if t.kind == "referral":
                if Month.of(t.fields["sent_on"]) == month:
                    if t.state == "rejected":
                        add("referrals_rejected", month, t.unit)
                    else:
                        for unit_id in (world.unit_ids[t.unit], ALL_UNITS):
                            persons[(month, unit_id)].add(t.fields["person_ref"])
                if "start" in in_month:
                    add("referrals_started", month, t.unit)
                for name, on, outcome in t.events:
                    if name == "complete" and Month.of(on) == month:
                        add("referrals_completed", month, t.unit)
                        if outcome in ("work", "studies"):
                            add(f"referrals_completed_{outcome}", month, t.unit)
                            add("referrals_completed_self_sufficient", month, t.unit)
            elif t.kind == "sublease_case":
                if "reject" in in_month:
                    add("sublease_rejections_new", month, t.unit)
                if (rejected := t.on("reject")) and rejected <= end:
                    add("sublease_rejections_total", month, t.unit)
                if (checked := t.fields["kir_checked_on"]) and Month.of(checked) == month:
                    add("kir_checks", month, t.unit)
                    if t.fields["double_rent_suspected"]:
                        add("double_rent_suspicions", month, t.unit)
            elif t.kind == "sip_meeting":
                held = t.on("hold")
                if held and Month.of(held) == month:
                    add("sip_meetings_held", month, t.unit)
                    if t.fields["meeting_kind"] == "multi_party":
                        add("sip_meetings_held_multi_party", month, t.unit)
                    if t.fields["mode"] == "digital":
                        add("sip_meetings_held_digital", month, t.unit)
                if held and held <= end:
                    add("sip_meetings_held_total", month, t.unit)
            elif t.kind == "sip_plan":
                if t.state_at(end) in ("initiated", "active"):
                    add("sip_plans_active", month, t.unit)
            elif t.kind == "quality_review":
                completed = t.on("complete")
                if completed and Month.of(completed) == month:
                    answers = t.fields
                    add("quality_reviews_completed", month, t.unit)
                    for metric, counted in (
                            ("quality_with_planning", answers.get("planning") is True),
                            ("quality_with_payment_error", answers.get("payment_error") is True),
                            ("quality_housing_without_measures", answers.get("housing_above_level") is True
                             and answers.get("housing_measures_taken") is not True)):
                        if counted:
                            add(metric, month, t.unit)
                    add(f"quality_child_{answers['child_perspective']}", month, t.unit)
                    for metric, name in (("quality_visits", "visits"), ("quality_no_shows", "no_shows"),
                                         ("quality_calls", "calls")):
                        for unit_id in (world.unit_ids[t.unit], ALL_UNITS):
                            counts[(metric, month, unit_id)] += answers.get(name) or 0
            elif t.kind == "measure":
                if state := t.state_at(end):
                    add(f"measures_{state}", month, t.unit)
                    if state in OPEN_MEASURE and month not in t.notes:
                        add("measures_missing_note", month, t.unit)
        largest: dict[tuple[int, str], int] = defaultdict(int)
        for unit, case, day, actor, checked in world.checks:
            if Month.of(day) == month:
                add(f"ssbtek_lookups_{actor}", month, unit)
                for unit_id in (world.unit_ids[unit], ALL_UNITS):
                    largest[(unit_id, case)] = max(largest[(unit_id, case)], checked)
        for (unit_id, _case), checked in largest.items():
            counts[("individuals_checked", month, unit_id)] += checked
    for (month, unit_id), names in persons.items():
        counts[("referrals_sent", month, unit_id)] = Decimal(len(names))
    for month in world.months:
        for key in ALL_FIGURE_KEYS:
            counts[(key, month, ALL_UNITS)] = world.figures.get((month, key))
    return counts


def _stored(world: World) -> dict:
    table = MonthlyCount.__table__
    return {(metric, month, unit): value for metric, month, unit, value in db.session.execute(
        sa.select(MonthlyCount.metric, MonthlyCount.month, MonthlyCount.unit_id, MonthlyCount.value)
        .where(table.c.month.between(world.months[0], world.months[-1])))}


MISSING = "no row"


def _assert_agree(world: World, **stored: dict) -> None:
    """Every stored version equals the recount, metric by metric, month by month, unit by unit."""
    expected = _recount(world)
    diffs = []
    for key in sorted(expected, key=lambda k: (k[0], k[1], k[2])):
        got = {name: rows.get(key, MISSING) for name, rows in stored.items()}
        if any(value != expected[key] for value in got.values()):
            metric, month, unit = key
            unit_name = "all units" if unit == ALL_UNITS else UNITS[world.unit_ids.index(unit)]
            diffs.append(f"{metric} {month} {unit_name}: recount {expected[key]}, "
                         + ", ".join(f"{name} {value}" for name, value in got.items()))
    assert not diffs, f"{len(diffs)} counts differ:\n" + "\n".join(diffs[:60]) + "\nafter:\n" + "\n".join(JOURNAL)


# The property ----------------------------------------------------------------------------------------

def test_the_hand_recount_covers_every_metric_of_the_catalog():
    assert {m.key for m in CATALOG} == {*COUNTED, *ALL_FIGURE_KEYS}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink])
@given(before=st.lists(OPERATION, min_size=20, max_size=50), after=st.lists(LATER_OPERATION, min_size=30, max_size=80))
def test_counts_follow_every_change(app, password_hash, example_rolled_back, before, after):
    """Periodic rollup == full rollup == recount, after any sequence of what people and clients do."""
    with example_rolled_back():
        world = _build_world(password_hash)
        JOURNAL.clear()
        for op in before:
            _run(world, op)
        rollup_months(world.months[0], world.months[-1])
        db.session.commit()
        _assert_agree(world, first_rollup=_stored(world))
        JOURNAL.append("-- the first rollup, of the window --")
        for op in after:
            if op.what == "periodic rollup":
                rollup_dirty()
                db.session.commit()
                _assert_agree(world, periodic=_stored(world))
                JOURNAL.append("-- a periodic rollup --")
            else:
                _run(world, op)
        rollup_dirty()
        db.session.commit()
        periodic = _stored(world)
        forget_rollups()
        db.session.commit()
        rollup_months(world.months[0], world.months[-1])
        db.session.commit()
        _assert_agree(world, periodic=periodic, full=_stored(world))


# The report: a correction of a counted field that is not a date, after the month's rollup ---

# ``leader``: E6's unit leader (tests/items/conftest.py, through tests/reports/conftest.py).


def _month_value(metric: str, month: int) -> Decimal:
    return db.session.get(MonthlyCount, (metric, month, ALL_UNITS)).value


def _first_day() -> tuple[date, int]:
    day = today_local().replace(day=1)
    return day, Month.of(day)


def _committed_then(rollup, *months) -> None:
    """Commit the change, run ``rollup`` (the first one of the month, or the periodic one), commit it."""
    db.session.commit()
    rollup(*months)
    db.session.commit()


def test_a_held_meeting_corrected_to_digital_counts_as_digital(leader):
    day, month = _first_day()
    plan = create_plan(leader, unit=leader.unit, person_ref="P1", case_ref="H1", initiated_on=day, consent_on=day)
    meeting = add_meeting(leader, plan.id, scheduled_for=day, meeting_kind="sip", mode="in_person",
                          participants=["region"])
    apply(leader, meeting.id, "hold", on=day)
    _committed_then(rollup_months, month, month)
    assert _month_value("sip_meetings_held_digital", month) == 0

    edit_item(leader, meeting.id, {"mode": "digital"})
    _committed_then(rollup_dirty)
    assert _month_value("sip_meetings_held_digital", month) == 1


def test_a_kir_check_turned_to_a_double_rent_suspicion_counts_as_one(leader):
    day, month = _first_day()
    case = create_sublease_case(leader, unit=leader.unit, case_ref="H1", applied_on=day, contract_type="sublease")
    record_kir_check(leader, case.id, checked_on=day, registered_at_address=2, double_rent_suspected=False)
    _committed_then(rollup_months, month, month)
    assert _month_value("double_rent_suspicions", month) == 0

    record_kir_check(leader, case.id, checked_on=day, registered_at_address=2, double_rent_suspected=True)
    _committed_then(rollup_dirty)
    assert _month_value("double_rent_suspicions", month) == 1


def test_a_referral_moved_to_another_person_counts_two_persons(leader):
    day, month = _first_day()
    create_referral(leader, unit=leader.unit, person_ref="P1", case_ref="H1", sent_on=day)
    second = create_referral(leader, unit=leader.unit, person_ref="P1", case_ref="H1", sent_on=day)
    _committed_then(rollup_months, month, month)
    assert _month_value("referrals_sent", month) == 1

    edit_item(leader, second.id, {"person_ref": "P2"})
    _committed_then(rollup_dirty)
    assert _month_value("referrals_sent", month) == 2

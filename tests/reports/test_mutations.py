"""Mutation check of the counting rules: each counted metric of the catalog, with its declared rule changed
(a shifted month, a wrong state or event, a dropped filter, a wrong column, a to-date count made a
month's), must disagree with the numbers worked out by hand for one fixed scenario.

``test_the_rollup_gives_the_hand_counted_numbers`` is the counting test; each ``test_a_mutant_is_killed``
case swaps one metric's ``value`` in the rollup's catalog for a mutant and shows that test would fail.
A mutant no data can tell from the rule is listed in ``EQUIVALENT`` with why, and checked to agree.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import literal, select

from caseflow.auth.models import User
from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.items.services import apply, edit_item
from caseflow.measures.services import create_measure, write_note
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.quality.services import draw, save_review
from caseflow.referrals.services import create_referral
from caseflow.reports import catalog
from caseflow.reports.aggregates import TRANSITIONS, Count, OpenWithoutNote, Scan, Stock, ToDate
from caseflow.reports.models import ALL_UNITS, MonthlyCount
from caseflow.reports.rollup import compute, rollup_months, stocks
from caseflow.sip.services import add_meeting, create_plan
from caseflow.sublease.services import create_sublease_case
from caseflow.units.models import Unit
from tests.conftest import built_once

MONTHS = (202501, 202502, 202503)

#: The scenario below, counted by hand: metric -> {unit: (January, February, March)}; "all" is ALL_UNITS.
#: E2 is shown only where it has something.
EXPECTED = {
    # P1 twice in January (one rejected), P2 by both units and P3 by E2 in February, P4 (withdrawn) in March.
    "referrals_sent": {"all": (1, 2, 1), "E6": (1, 1, 1), "E2": (0, 2, 0)},
    "referrals_rejected": {"all": (1, 0, 0), "E6": (1, 0, 0)},
    "referrals_started": {"all": (0, 2, 1), "E6": (0, 2, 0), "E2": (0, 0, 1)},
    "referrals_completed": {"all": (0, 1, 2), "E6": (0, 1, 1), "E2": (0, 0, 1)},
    "referrals_completed_work": {"all": (0, 0, 1), "E6": (0, 0, 1)},
    "referrals_completed_studies": {"all": (0, 1, 0), "E6": (0, 1, 0)},
    "referrals_completed_self_sufficient": {"all": (0, 1, 1), "E6": (0, 1, 1)},
    "sublease_rejections_new": {"all": (1, 2, 1), "E6": (1, 2, 1)},
    "sublease_rejections_total": {"all": (1, 3, 4), "E6": (1, 3, 4)},
    "kir_checks": {"all": (1, 2, 0), "E6": (1, 2, 0)},
    "double_rent_suspicions": {"all": (1, 1, 0), "E6": (1, 1, 0)},
    "sip_meetings_held": {"all": (1, 2, 0), "E6": (1, 2, 0)},
    "sip_meetings_held_multi_party": {"all": (0, 1, 0), "E6": (0, 1, 0)},
    "sip_meetings_held_digital": {"all": (0, 2, 0), "E6": (0, 2, 0)},
    "sip_meetings_held_total": {"all": (1, 3, 3), "E6": (1, 3, 3)},
    "sip_plans_active": {"all": (1, 3, 3), "E6": (1, 3, 3)},
    "measures_planned": {"all": (1, 1, 2), "E6": (1, 1, 2)},
    "measures_in_progress": {"all": (1, 0, 1), "E6": (1, 0, 1)},
    "measures_paused": {"all": (0, 1, 0), "E6": (0, 1, 0)},
    "measures_completed": {"all": (0, 0, 1), "E6": (0, 0, 1)},
    "measures_cancelled": {"all": (0, 1, 1), "E6": (0, 1, 1)},
    "measures_missing_note": {"all": (1, 0, 3), "E6": (1, 0, 3)},
    "ssbtek_lookups_caseworker": {"all": (1, 1, 2), "E6": (1, 1, 2)},
    "ssbtek_lookups_robot": {"all": (1, 3, 0), "E6": (1, 1, 0), "E2": (0, 2, 0)},
    # H2 checked by both units in February is one household of the municipality: max(2, 1, 6) = 6.
    "individuals_checked": {"all": (4, 11, 3), "E6": (4, 2, 3), "E2": (0, 11, 0)},
    # Quality reviews: E6's January sample (four households) completed three in February and one in March;
    # E2's February sample (two) completed one in March, the other is still under review.
    "quality_reviews_completed": {"all": (0, 3, 2), "E6": (0, 3, 1), "E2": (0, 0, 1)},
    "quality_with_planning": {"all": (0, 1, 0), "E6": (0, 1, 0)},
    "quality_with_payment_error": {"all": (0, 2, 1), "E6": (0, 2, 0), "E2": (0, 0, 1)},
    "quality_housing_without_measures": {"all": (0, 1, 1), "E6": (0, 1, 0), "E2": (0, 0, 1)},
    "quality_child_fully": {"all": (0, 1, 0), "E6": (0, 1, 0)},
    "quality_child_partly": {"all": (0, 2, 0), "E6": (0, 2, 0)},
    "quality_child_not_documented": {"all": (0, 0, 1), "E6": (0, 0, 1)},
    "quality_child_not_applicable": {"all": (0, 0, 1), "E2": (0, 0, 1)},
    "quality_visits": {"all": (0, 3, 4), "E6": (0, 3, 3), "E2": (0, 0, 1)},
    "quality_no_shows": {"all": (0, 3, 1), "E6": (0, 3, 0), "E2": (0, 0, 1)},
    "quality_calls": {"all": (0, 4, 3), "E6": (0, 4, 2), "E2": (0, 0, 1)},
}


def _d(month: int, day: int) -> date:
    return date(2025, month, day)


def _build_scenario() -> None:
    """Three months of one municipality's work in units E6 and E2, through the services."""
    e6, e2 = Unit(code="E6", name="Enhet 6"), Unit(code="E2", name="Enhet 2")
    db.session.add_all([e6, e2])
    db.session.flush()
    lena = User(username="lena", display_name="Lena", role=Role.UNIT_LEADER, unit_id=e6.id, password_hash="x")
    olle = User(username="olle", display_name="Olle", role=Role.UNIT_LEADER, unit_id=e2.id, password_hash="x")
    db.session.add_all([lena, olle])
    db.session.flush()

    def referral(leader, person, sent, *events):
        item = create_referral(leader, unit=leader.unit, person_ref=person, case_ref=f"H-{person}", sent_on=sent)
        for name, on, *extra in events:
            apply(leader, item.id, name, on=on, reason="Skäl" if name == "reject" else None,
                  outcome=extra[0] if extra else None)

    referral(lena, "P1", _d(1, 5), ("accept", _d(1, 10)), ("start", _d(2, 3)), ("complete", _d(3, 4), "work"))
    referral(lena, "P1", _d(1, 20), ("reject", _d(1, 25)))
    referral(lena, "P2", _d(2, 2), ("accept", _d(2, 5)), ("start", _d(2, 10)), ("complete", _d(2, 20), "studies"))
    referral(olle, "P3", _d(2, 15), ("accept", _d(2, 16)), ("start", _d(3, 1)),
             ("complete", _d(3, 10), "other_support"))
    referral(lena, "P4", _d(3, 3), ("withdraw", _d(3, 5)))
    referral(olle, "P2", _d(2, 7))

    def sublease(applied, events, kir=None, suspected=False):
        item = create_sublease_case(lena, unit=lena.unit, case_ref=f"S-{applied}", applied_on=applied,
                                    contract_type="sublease")
        for name, on in events:
            apply(lena, item.id, name, on=on)
        if kir:
            edit_item(lena, item.id, {"kir_checked_on": kir, "double_rent_suspected": suspected})

    sublease(_d(1, 3), [("reject", _d(1, 15)), ("appeal", _d(2, 1)), ("uphold", _d(2, 20))], _d(1, 10), True)
    sublease(_d(1, 20), [("reject", _d(2, 5))], _d(2, 10), False)
    sublease(_d(2, 1), [("approve", _d(2, 10))], _d(2, 12), True)
    sublease(_d(2, 3), [("reject", _d(2, 8))])
    sublease(_d(3, 2), [("reject", _d(3, 5))])

    def plan(initiated, person):
        return create_plan(lena, unit=lena.unit, person_ref=person, case_ref=f"H-{person}", initiated_on=initiated,
                           consent_on=initiated)

    def meeting(of, scheduled, kind, mode, event=None, on=None):
        item = add_meeting(lena, of.id, scheduled_for=scheduled, meeting_kind=kind, mode=mode, participants=["region"])
        if event:
            apply(lena, item.id, event, on=on)

    plan_a, plan_b = plan(_d(1, 5), "PA"), plan(_d(2, 1), "PB")
    meeting(plan_a, _d(1, 10), "sip", "in_person", "hold", _d(1, 10))
    meeting(plan_a, _d(2, 10), "multi_party", "digital", "hold", _d(2, 11))
    meeting(plan_b, _d(2, 5), "sip", "digital", "hold", _d(2, 6))
    meeting(plan_b, _d(3, 3), "sip", "in_person", "cancel", _d(3, 4))
    apply(lena, plan_a.id, "close", on=_d(3, 15))
    plan(_d(2, 15), "PD")  # initiated, never met: open in February and March
    plan(_d(3, 1), "PC")

    def measure(number, start_on, *events):
        item = create_measure(lena, unit=lena.unit, plan="Plan", number=number, title=f"Åtgärd {number}",
                              start_on=start_on)
        for name, on in events:
            apply(lena, item.id, name, on=on)
        return item

    m1 = measure(1, _d(1, 2), ("start", _d(1, 10)), ("pause", _d(2, 5)), ("resume", _d(3, 1)))
    m2 = measure(2, _d(1, 15), ("cancel", _d(2, 20)))
    m3 = measure(3, _d(2, 1), ("start", _d(3, 2)), ("complete", _d(3, 10)))
    measure(4, _d(3, 5))
    measure(5, _d(3, 8))
    for item, month in ((m1, 202501), (m1, 202502), (m3, 202502), (m2, 202502)):  # m2's: cancelled by then
        write_note(lena, item.id, month, "Följs upp.")

    def check(unit, case, on, actor, persons):
        record_checks([{"case_ref": case, "performed_on": on, "actor": actor, "persons_checked": persons}], unit.id)

    check(e6, "H1", _d(1, 5), "robot", 3)
    check(e6, "H1", _d(1, 20), "caseworker", 4)
    check(e6, "H2", _d(2, 3), "robot", 2)
    check(e2, "H3", _d(2, 4), "robot", 5)
    check(e6, "H2", _d(2, 10), "caseworker", 1)
    check(e2, "H2", _d(2, 12), "robot", 6)
    check(e6, "H4", _d(3, 3), "caseworker", 1)
    check(e6, "H5", _d(3, 4), "caseworker", 2)

    sara = User(username="sara", display_name="Sara", role=Role.CASEWORKER, unit_id=e6.id, password_hash="x")
    omar = User(username="omar", display_name="Omar", role=Role.CASEWORKER, unit_id=e2.id, password_hash="x")
    db.session.add_all([sara, omar])
    db.session.flush()

    def review(reviewer, item, started, completed, planning, error, above, measures, child, visits, no_shows, calls):
        apply(reviewer, item.id, "start", on=started)
        save_review(reviewer, item.id, {
            "review_date": started, "planning": planning, "payment_error": error, "housing_above_level": above,
            "housing_measures_taken": measures, "child_perspective": child, "visits": visits, "no_shows": no_shows,
            "calls": calls, "note_types_used": True})
        if completed:
            apply(reviewer, item.id, "complete", on=completed)

    january = {r.case_ref: r for r in draw(lena, unit=e6, month=202501, n=4, on=_d(2, 1), seed=1).reviews}
    assert sorted(january) == ["H-P1", "H-PA", "S-2025-01-03", "S-2025-01-20"]  # all of Lena's January work
    review(sara, january["H-P1"], _d(2, 3), _d(2, 10), False, True, True, False, "fully", 2, 0, 1)
    review(sara, january["S-2025-01-03"], _d(2, 3), _d(2, 12), True, True, False, None, "partly", 1, 1, 3)
    review(sara, january["S-2025-01-20"], _d(2, 3), _d(2, 14), False, False, False, None, "partly", 0, 2, 0)
    review(sara, january["H-PA"], _d(2, 3), _d(3, 3), False, False, True, True, "not_documented", 3, 0, 2)
    february = {r.case_ref: r for r in draw(olle, unit=e2, month=202502, n=2, on=_d(3, 1), seed=1).reviews}
    assert sorted(february) == ["H-P2", "H-P3"]
    review(omar, february["H-P3"], _d(3, 2), _d(3, 5), False, True, True, False, "not_applicable", 1, 1, 1)
    review(omar, february["H-P2"], _d(3, 2), None, True, True, True, False, "fully", 5, 5, 5)
    db.session.commit()


@pytest.fixture(scope="module")
def scenario(_session_app):
    """The scenario, built once for the module; every test's transaction is nested in its own."""
    yield from built_once(_session_app, _build_scenario)


def _rolled_up(metrics) -> dict:
    """Roll the three months up; ``{metric: {unit code or "all": (jan, feb, mar)}}`` of the stored rows."""
    rollup_months(MONTHS[0], MONTHS[-1])
    db.session.flush()
    codes = dict(db.session.execute(sa.select(Unit.id, Unit.code)).all()) | {ALL_UNITS: "all"}
    stored = {(m.metric, m.month, m.unit_id): int(m.value) for m in db.session.scalars(
        sa.select(MonthlyCount).where(MonthlyCount.metric.in_(metrics), MonthlyCount.month.in_(MONTHS)))}
    return {metric: {code: tuple(stored.get((metric, month, unit)) for month in MONTHS)
                     for unit, code in codes.items()} for metric in metrics}


def _expected(metric: str) -> dict:
    return {"all": (0, 0, 0), "E6": (0, 0, 0), "E2": (0, 0, 0)} | EXPECTED[metric]


def test_the_rollup_gives_the_hand_counted_numbers(scenario, app):
    counted = [metric.key for metric in catalog.CATALOG if metric.is_counted]
    assert set(EXPECTED) == set(counted) and len(counted) == 36
    got = _rolled_up(counted)
    assert {metric: got[metric] for metric in counted} == {metric: _expected(metric) for metric in counted}


# Mutants -----------------------------------------------------------------------------------------

def _shifted(scan: Scan) -> Scan:
    """The scan, reading the month before the one asked for: every month's flows one month late."""
    def statement(first: int, last: int, per_unit: bool):
        assert first == last  # the rollup scans one month at a time
        earlier = scan.statement(Month(first).previous, Month(last).previous, per_unit).subquery()
        return select(*(literal(first).label("month") if c.name == "month" else c for c in earlier.c))
    return dataclasses.replace(scan, name=f"{scan.name}, a month late", statement=statement)


_SHIFTED_TRANSITIONS = _shifted(TRANSITIONS)


@dataclasses.dataclass(frozen=True)
class _LateStock(Stock):
    scan = _SHIFTED_TRANSITIONS


@dataclasses.dataclass(frozen=True)
class _LateToDate(ToDate):
    scan = _SHIFTED_TRANSITIONS


#: Other values a filter could wrongly name, and other columns a count could wrongly read.
OTHER_VALUE = {"start": "accept", "complete": "start", "reject": "approve", "hold": "cancel", "work": "studies",
               "studies": "other_support", "robot": "caseworker", "caseworker": "robot", "referral": "measure",
               "sublease_case": "referral", "sip_meeting": "sip_plan", "not_applicable": "not_documented",
               "not_documented": "partly", "partly": "fully", "fully": "not_applicable"}
OTHER_COLUMN = {("referral_creations", "persons"): "rejected", ("referral_creations", "rejected"): "persons",
                ("kir_checks", "n"): "suspected", ("kir_checks", "suspected"): "n",
                ("sip_meetings_held", "multi"): "digital", ("sip_meetings_held", "digital"): "multi",
                ("quality_reviews_completed", "n"): "planning", ("quality_reviews_completed", "planning"): "payment_error",
                ("quality_reviews_completed", "payment_error"): "housing_without_measures",
                ("quality_reviews_completed", "housing_without_measures"): "planning",
                ("quality_reviews_completed", "visits"): "no_shows", ("quality_reviews_completed", "no_shows"): "calls",
                ("quality_reviews_completed", "calls"): "visits"}
OTHER_EVENT = {"reject": "appeal", "hold": "cancel"}
OTHER_STATE = {"planned": "in_progress", "in_progress": "paused", "paused": "completed", "completed": "cancelled",
               "cancelled": "planned", "initiated": "closed", "active": "closed"}


def _mutants(value) -> list[tuple[str, object]]:
    """Each way the value's declared rule can be got wrong: (name, mutant value)."""
    if isinstance(value, Count):
        found = [("a month late", dataclasses.replace(value, scan=_shifted(value.scan)))]
        for i, (column, wanted) in enumerate(value.where):
            rest = value.where[:i] + value.where[i + 1:]
            found.append((f"filter {column} dropped", dataclasses.replace(value, where=rest)))
            if isinstance(wanted, frozenset):  # any of several values: each forgotten in turn
                found.extend((f"{column} without {member}",
                              dataclasses.replace(value, where=(*rest, (column, wanted - {member}))))
                             for member in sorted(wanted))
                continue
            found.append((f"{column} {OTHER_VALUE[wanted]} not {wanted}",
                          dataclasses.replace(value, where=(*rest, (column, OTHER_VALUE[wanted])))))
        if other := OTHER_COLUMN.get((value.scan.name, value.column)):
            found.append((f"column {other} not {value.column}", dataclasses.replace(value, column=other)))
        return found
    if isinstance(value, Stock):
        found = [("a month late", _LateStock(value.kind, value.states))]
        for state in sorted(value.states):
            found.append((f"state {OTHER_STATE[state]} not {state}",
                          dataclasses.replace(value, states=value.states - {state} | {OTHER_STATE[state]})))
            if len(value.states) > 1:
                found.append((f"state {state} dropped", dataclasses.replace(value, states=value.states - {state})))
        return found
    if isinstance(value, ToDate):
        return [("a month late", _LateToDate(value.kind, value.event)),
                (f"event {OTHER_EVENT[value.event]} not {value.event}",
                 dataclasses.replace(value, event=OTHER_EVENT[value.event])),
                ("the month's, not to date", Count(TRANSITIONS, "n", (("kind", value.kind), ("event", value.event))))]
    if isinstance(value, OpenWithoutNote):
        found = [(f"{key} not open", dataclasses.replace(value, open_keys=tuple(k for k in value.open_keys
                                                                                 if k != key)))
                 for key in value.open_keys]
        found.append(("notes a month late", dataclasses.replace(value, noted=dataclasses.replace(
            value.noted, scan=_shifted(value.noted.scan)))))
        return found
    raise AssertionError(value)


MUTANTS = [pytest.param(metric.key, name, mutant, id=f"{metric.key}: {name}")
           for metric in catalog.CATALOG if metric.is_counted for name, mutant in _mutants(metric.value)]
#: Mutants that cannot be told apart from the rule by any data, with why: (metric, mutant name) -> reason.
EQUIVALENT: dict[tuple[str, str], str] = {
    **{(key, f"filter {column} dropped"): "only a referral's completion records an outcome (workflow.apply "
       "refuses an outcome on any other event), so a transition with this outcome is that event of that kind"
       for key in ("referrals_completed_work", "referrals_completed_studies", "referrals_completed_self_sufficient")
       for column in ("kind", "event")},
    ("sip_meetings_held", "filter kind dropped"): "no other kind has an event named hold (the machines of "
    "tests/items/test_state_tables.py)",
}


@pytest.mark.parametrize("key, name, mutant", MUTANTS)
def test_a_mutant_is_killed(scenario, app, monkeypatch, key, name, mutant):
    mutated = tuple(dataclasses.replace(metric, value=mutant) if metric.key == key else metric
                    for metric in catalog.CATALOG)
    monkeypatch.setattr(compute, "CATALOG", mutated)
    monkeypatch.setattr(stocks, "CATALOG", mutated)
    monkeypatch.setattr(stocks, "CUMULATIVE", [metric for metric in mutated if metric.value.cumulative])
    got = _rolled_up([key])[key]
    if (key, name) in EQUIVALENT:
        assert got == _expected(key)
    else:
        assert got != _expected(key), f"the mutant {key}: {name} survived"

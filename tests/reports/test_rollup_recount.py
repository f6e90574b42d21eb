"""Randomized: the rollup's SQL agrees with a plain-Python recount of the same rows, for every counted
metric of the catalog.

The recount reads the raw rows and applies DESIGN.md's rules with loops and sets, sharing nothing with
the aggregates but the data. Every example starts from empty tables (its writes are rolled back at its
end), every operation the test asks for is either done or refused for the one rule that applies (the
transition tables of tests/items/test_state_tables.py, an own date after the first event), and items
are edited as well as moved through their states.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from caseflow.checks.models import ControlCheck
from caseflow.checks.services import record_checks
from caseflow.errors import Conflict, ValidationError
from caseflow.extensions import db
from caseflow.items.models import Transition, WorkItem
from caseflow.items.services import apply, edit_item
from caseflow.measures.models import MeasureNote
from caseflow.measures.services import create_measure, write_note
from caseflow.permissions import Role
from caseflow.quality.models import QualityReview
from caseflow.referrals.models import Referral
from caseflow.referrals.services import create_referral
from caseflow.reports import catalog
from caseflow.reports.models import ALL_UNITS, MonthlyCount
from caseflow.reports.rollup import rollup_dirty, rollup_months
from caseflow.sip.models import SipMeeting
from caseflow.sip.services import add_meeting, create_plan
from caseflow.sublease.models import SubleaseCase
from caseflow.sublease.services import create_sublease_case
from tests.factories import ITEM_FACTORIES
from tests.items.test_state_tables import DESIGN_TABLES

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py

START = date(2025, 1, 1)
LAST_DAY = START + timedelta(days=89)
MONTHS = [202501, 202502, 202503]
KINDS = ["referral", "sublease_case", "sip_plan", "sip_meeting", "measure", "quality_review"]
#: The events people apply, per kind, from the hand-written tables (a plan's ``activate`` is Caseflow's);
#: void, which takes an item out of every count, is drawn by tests/reports/test_counts_follow_every_change.py.
EVENTS = {kind: sorted(name for name in DESIGN_TABLES[kind] if name != "void") for kind in KINDS}
OUTCOMES = ["work", "studies", "other_support", "dropped_out"]

#: Hypothesis's phases without "explain", which reran a failing rollup for many minutes.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

day = st.integers(0, 85)
#: (kind, unit, person, day, events as (index into the kind's events, days later, outcome), edits, notes)
item_spec = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, 1),  # unit
    st.integers(0, 3),  # person
    day,
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 30), st.sampled_from(OUTCOMES)), min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(0, 3), day, st.booleans()), max_size=2),  # edits: which, a day, a flag
    st.sets(st.sampled_from(MONTHS), max_size=2),  # months a measure gets a follow-up note for
)
check_spec = st.tuples(st.integers(0, 1), st.integers(0, 4), day, st.sampled_from(["robot", "caseworker"]),
                       st.integers(1, 6))

#: Every metric the rollup counts (imported figures are not counted): 35 of them.
COUNTED = [metric.key for metric in catalog.CATALOG if metric.is_counted]


def test_the_recount_covers_every_counted_metric():
    assert len(COUNTED) == 36


def _month(day_: date) -> int:
    return day_.year * 100 + day_.month


def _create(kind, leader, person, on, n):
    if kind == "referral":
        return create_referral(leader, unit=leader.unit, person_ref=f"P{person}", case_ref=f"H{n}", sent_on=on)
    if kind == "sublease_case":
        return create_sublease_case(leader, unit=leader.unit, case_ref=f"H{n}", applied_on=on, contract_type="sublease")
    if kind == "sip_plan":
        return create_plan(leader, unit=leader.unit, person_ref=f"P{person}", case_ref=f"H{n}", initiated_on=on,
                           consent_on=on)
    if kind == "sip_meeting":
        plan = create_plan(leader, unit=leader.unit, person_ref=f"P{person}", case_ref=f"H{n}", initiated_on=on,
                           consent_on=on)
        return add_meeting(leader, plan.id, scheduled_for=on, meeting_kind="sip", mode="in_person",
                           participants=["region"])
    if kind == "quality_review":  # a household its caseworker worked on in the month, drawn on ``on``
        return ITEM_FACTORIES["quality_review"](None, leader, leader.unit, n, on, {})
    return create_measure(leader, unit=leader.unit, plan="Plan", number=n, title="Åtgärd", start_on=on)


def _edit(kind: str, which: int, on: date, flag: bool) -> dict:
    """An edit of a field the counts read: a person, a counted date, a meeting's kind or mode, an own date,
    a review's answer."""
    own = {"referral": "sent_on", "sublease_case": "applied_on", "sip_plan": "initiated_on",
           "sip_meeting": "scheduled_for", "measure": "start_on", "quality_review": "drawn_on"}[kind]
    choices = {
        "referral": [{"person_ref": f"P{on.day % 4}"}, {own: on}],
        "sublease_case": [{"kir_checked_on": on}, {"double_rent_suspected": flag}, {own: on}],
        "sip_plan": [{own: on}],
        "sip_meeting": [{"mode": "digital" if flag else "in_person"},
                        {"meeting_kind": "multi_party" if flag else "sip"}],
        "measure": [{own: on}, {"title": f"Åtgärd {on.day}"}],
        "quality_review": [{"planning": flag}, {"payment_error": flag},
                           {"housing_above_level": True, "housing_measures_taken": flag},
                           {"child_perspective": "fully" if flag else "not_documented", "visits": on.day % 7}],
    }[kind]
    return choices[which % len(choices)]


class Register:
    """Carries the items out on the services and keeps, by hand, the state each must then be in."""

    def __init__(self, leaders):
        self.leaders, self.ids, self.states, self.last_on, self.first_event_on = leaders, {}, {}, {}, {}
        #: A sublease case's application and KIR check dates: the check is never dated before the application.
        self.kir_dates = {}

    def create(self, n, kind, unit, person, on):
        item = _create(kind, self.leaders[unit], person, on, n)
        db.session.commit()
        self.ids[n], self.states[n], self.last_on[n] = item.id, item.state, on
        if kind == "sublease_case":
            self.kir_dates[n] = {"applied_on": on, "kir_checked_on": None}

    def event(self, n, kind, unit, index, later, outcome):
        name = EVENTS[kind][index % len(EVENTS[kind])]
        on = self.last_on[n] = min(self.last_on[n] + timedelta(days=later), LAST_DAY)
        sources, target = DESIGN_TABLES[kind][name]
        call = lambda: apply(self.leaders[unit], self.ids[n], name, on=on,  # noqa: E731
                             reason="Skäl" if name == "reject" and kind == "referral" else None,
                             outcome=outcome if name == "complete" and kind == "referral" else None)
        if self.states[n] in sources:
            call()
            db.session.commit()
            self.states[n] = target
            self.first_event_on.setdefault(n, on)
        else:  # the table has no such event from this state
            with pytest.raises(Conflict):
                call()
            db.session.rollback()

    def edit(self, n, kind, unit, which, on, flag):
        changes = _edit(kind, which, on, flag)
        own = changes.keys() & {"sent_on", "applied_on", "initiated_on", "scheduled_for", "start_on"}
        moved_after_first_event = own and kind != "sip_meeting" and n in self.first_event_on \
            and on > self.first_event_on[n]
        dates = {**self.kir_dates.get(n, {}), **{k: v for k, v in changes.items() if k in self.kir_dates.get(n, {})}}
        checked_before_application = dates.get("kir_checked_on") is not None and \
            dates["kir_checked_on"] < dates["applied_on"]
        # A review's checklist is answered only while the review is under way.
        # (An edit that changes nothing is no edit, and is refused nowhere.)
        not_under_review = kind == "quality_review" and self.states[n] != "in_review" and any(
            getattr(db.session.get(QualityReview, self.ids[n]), name) != value for name, value in changes.items())
        # Refused: its history would no longer run forward, or its KIR check would precede the application.
        if moved_after_first_event or checked_before_application or not_under_review:
            with pytest.raises(ValidationError):
                edit_item(self.leaders[unit], self.ids[n], changes)
            db.session.rollback()
        else:
            edit_item(self.leaders[unit], self.ids[n], changes)
            db.session.commit()
            if n in self.kir_dates:
                self.kir_dates[n] = dates
        db.session.expire_all()
        assert db.session.get(WorkItem, self.ids[n]).state == self.states[n]  # an edit never moves a state

    def note(self, n, unit, month):
        write_note(self.leaders[unit], self.ids[n], month, f"Uppföljning {month}")
        db.session.commit()


def _register(register: Register, items, checks, phase=None):
    """Create the items, apply their events and edits, write the notes and record the checks.

    With ``phase`` 0 or 1, half the work each: phase 0 creates the even items with the first half of
    their events; phase 1 creates the odd ones with all of theirs, gives the even ones the rest, and
    makes every edit and note, all dated in months phase 0's rollup already covered, as late
    registrations are.
    """
    for n, (kind, unit, person, offset, events, edits, notes) in enumerate(items, start=1):
        half = len(events) // 2
        if phase == 0 and n % 2:
            continue
        if phase is None or phase == n % 2:
            register.create(n, kind, unit, person, START + timedelta(days=offset))
        todo = events if phase is None or n % 2 else (events[:half] if phase == 0 else events[half:])
        for index, later, outcome in todo:
            register.event(n, kind, unit, index, later, outcome)
        if phase == 0:
            continue
        for which, edit_day, flag in edits:
            register.edit(n, kind, unit, which, START + timedelta(days=edit_day), flag)
        for month in sorted(notes) if kind == "measure" else []:
            register.note(n, unit, month)
    for n, (unit, case, offset, actor, persons) in enumerate(checks):
        if phase is None or phase == n % 2:
            record_checks([{"case_ref": f"H{case}", "performed_on": START + timedelta(days=offset), "actor": actor,
                            "persons_checked": persons}], register.leaders[unit].unit_id)
    db.session.commit()


def _recount(unit_ids) -> dict:
    """DESIGN.md's rules over the raw rows, in Python: {(metric, month, unit): value}."""
    items = {i.id: i for i in db.session.scalars(sa.select(WorkItem))}
    persons = dict(db.session.execute(sa.select(Referral.id, Referral.person_ref)).all())
    transitions = sorted(db.session.scalars(sa.select(Transition)), key=lambda t: (t.effective_on, t.id))
    meetings = {m.id: m for m in db.session.scalars(sa.select(SipMeeting))}
    cases = list(db.session.scalars(sa.select(SubleaseCase)))
    notes = {(n.measure_id, n.month) for n in db.session.scalars(sa.select(MeasureNote))}
    checks = list(db.session.scalars(sa.select(ControlCheck)))
    reviews = {r.id: r for r in db.session.scalars(sa.select(QualityReview))}
    counts = defaultdict(int)
    sets = defaultdict(set)
    for unit in [ALL_UNITS, *unit_ids]:
        def ours(unit_id):
            return unit == ALL_UNITS or unit_id == unit

        for month in MONTHS:
            def add(metric, n=1):
                counts[(metric, month, unit)] += n

            for t in transitions:
                m = _month(t.effective_on)
                if not ours(t.unit_id):
                    continue
                if t.kind == "referral" and t.event == "create" and m == month:
                    if items[t.item_id].state == "rejected":
                        add("referrals_rejected")
                    else:
                        sets[("referrals_sent", month, unit)].add(persons[t.item_id])
                if t.kind == "referral" and m == month and t.event in ("start", "complete"):
                    add(f"referrals_{t.event}ed" if t.event == "start" else "referrals_completed")
                    if t.event == "complete" and t.outcome in ("work", "studies"):
                        add(f"referrals_completed_{t.outcome}")
                        add("referrals_completed_self_sufficient")
                if t.kind == "sublease_case" and t.event == "reject" and m <= month:
                    add("sublease_rejections_total")
                    if m == month:
                        add("sublease_rejections_new")
                if t.kind == "sip_meeting" and t.event == "hold" and m <= month:
                    add("sip_meetings_held_total")
                    if m == month:
                        add("sip_meetings_held")
                        meeting = meetings[t.item_id]
                        add("sip_meetings_held_multi_party", meeting.meeting_kind == "multi_party")
                        add("sip_meetings_held_digital", meeting.mode == "digital")
                if t.kind == "quality_review" and t.event == "complete" and m == month \
                        and items[t.item_id].state != "voided":
                    review = reviews[t.item_id]
                    add("quality_reviews_completed")
                    add("quality_with_planning", review.planning is True)
                    add("quality_with_payment_error", review.payment_error is True)
                    add("quality_housing_without_measures",
                        review.housing_above_level is True and review.housing_measures_taken is not True)
                    add(f"quality_child_{review.child_perspective}")
                    add("quality_visits", review.visits or 0)
                    add("quality_no_shows", review.no_shows or 0)
                    add("quality_calls", review.calls or 0)
            latest = {}
            for t in transitions:  # in date order: the last one up to the month's end is the state then
                if _month(t.effective_on) <= month and t.kind in ("sip_plan", "measure") and ours(t.unit_id):
                    latest[t.item_id] = t
            for item_id, t in latest.items():
                if t.kind == "sip_plan" and t.to_state in ("initiated", "active"):
                    add("sip_plans_active")
                if t.kind == "measure":
                    add(f"measures_{t.to_state}")
                    if t.to_state in ("planned", "in_progress", "paused") and (item_id, month) not in notes:
                        add("measures_missing_note")
            for case in cases:
                if case.kir_checked_on and _month(case.kir_checked_on) == month and ours(items[case.id].unit_id):
                    add("kir_checks")
                    add("double_rent_suspicions", case.double_rent_suspected)
            largest = defaultdict(int)
            for c in checks:
                if c.performed_on.year * 100 + c.performed_on.month == month and ours(c.unit_id):
                    add(f"ssbtek_lookups_{c.actor}")
                    largest[c.case_ref] = max(largest[c.case_ref], c.persons_checked)
            add("individuals_checked", sum(largest.values()))
    for key, members in sets.items():
        counts[key] = len(members)
    return counts


def _assert_stored_equals_recount(leaders):
    units = [leader.unit_id for leader in leaders]
    expected = _recount(units)
    stored = {(m.metric, m.month, m.unit_id): int(m.value) for m in db.session.scalars(
        sa.select(MonthlyCount).where(MonthlyCount.metric.in_(COUNTED), MonthlyCount.unit_id.in_([ALL_UNITS, *units])))}
    for metric in COUNTED:
        for month in MONTHS:
            for unit in [ALL_UNITS, *units]:
                assert stored.get((metric, month, unit)) == expected.get((metric, month, unit), 0), \
                    (metric, month, unit)


def _leaders(make_unit, make_user):
    return [make_user(Role.UNIT_LEADER, make_unit(code)) for code in ("R1", "R2")]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], phases=PHASES)
@given(items=st.lists(item_spec, max_size=10), checks=st.lists(check_spec, max_size=12))
def test_rollup_equals_a_plain_recount(make_unit, make_user, example_rolled_back, items, checks):
    with example_rolled_back():
        leaders = _leaders(make_unit, make_user)
        _register(Register(leaders), items, checks)
        rollup_months(MONTHS[0], MONTHS[-1])
        db.session.commit()
        _assert_stored_equals_recount(leaders)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], phases=PHASES)
@given(items=st.lists(item_spec, max_size=10), checks=st.lists(check_spec, max_size=12))
def test_late_registrations_rolled_up_incrementally_equal_a_plain_recount(make_unit, make_user, example_rolled_back,
                                                                          items, checks):
    """The dirty rollup recomputes only the months changed and carries the stocks' difference forward."""
    with example_rolled_back():
        leaders = _leaders(make_unit, make_user)
        register = Register(leaders)
        _register(register, items, checks, phase=0)
        rollup_months(MONTHS[0], MONTHS[-1])
        db.session.commit()
        _register(register, items, checks, phase=1)
        rollup_dirty()
        db.session.commit()
        _assert_stored_equals_recount(leaders)


#: Edits of a field a metric reads, made after the month was rolled up: (kind, events, the edit).
LATE_EDITS = {
    "meeting mode": ("sip_meeting", [(1, 3, "work")], {"mode": "digital"}),
    "meeting kind": ("sip_meeting", [(1, 3, "work")], {"meeting_kind": "multi_party"}),
    "double rent": ("sublease_case", [], {"kir_checked_on": START + timedelta(days=5)}),
    "double rent suspected": ("sublease_case", [], {"double_rent_suspected": True}),
    "person": ("referral", [], {"person_ref": "P9"}),
    "own date": ("referral", [], {"sent_on": START + timedelta(days=40)}),
}


@pytest.mark.parametrize("edit", list(LATE_EDITS))
def test_a_late_edit_of_a_counted_field_is_rolled_up(make_unit, make_user, edit):
    kind, events, changes = LATE_EDITS[edit]
    leaders = _leaders(make_unit, make_user)
    register = Register(leaders)
    register.create(1, kind, 0, 1, START + timedelta(days=2))
    if kind == "sublease_case":
        edit_item(leaders[0], register.ids[1], {"kir_checked_on": START + timedelta(days=4)})
        db.session.commit()
    for index, later, outcome in events:
        register.event(1, kind, 0, index, later, outcome)
    rollup_months(MONTHS[0], MONTHS[-1])
    db.session.commit()
    edit_item(leaders[0], register.ids[1], changes)
    db.session.commit()
    rollup_dirty()
    db.session.commit()
    _assert_stored_equals_recount(leaders)

"""Randomized: the rollup's SQL agrees with a plain-Python recount of the same rows, metric by metric.

The recount reads the raw rows and applies DESIGN.md's rules with loops and sets, sharing nothing
with the aggregates but the data.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseflow.checks.models import ControlCheck
from caseflow.checks.services import record_checks
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.items.kinds import MACHINES
from caseflow.items.models import Transition, WorkItem
from caseflow.items.services import apply
from caseflow.measures.services import create_measure
from caseflow.permissions import Role
from caseflow.referrals.models import Referral
from caseflow.referrals.services import create_referral
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount
from caseflow.reports.rollup import rollup_dirty, rollup_months
from caseflow.sip.services import create_plan
from caseflow.sublease.services import create_sublease_case

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py

START = date(2025, 1, 1)
MONTHS = [202501, 202502, 202503]
OPEN_MEASURE = {"planned", "in_progress", "paused"}

day = st.integers(0, 85)
item_spec = st.tuples(
    st.sampled_from(["referral", "sublease_case", "sip_plan", "measure"]),
    st.integers(0, 1),  # unit
    st.integers(0, 3),  # person
    day,
    # Events as indexes into the kind's own table, so most of them can happen.
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 30)), max_size=4),
)
check_spec = st.tuples(st.integers(0, 1), st.integers(0, 4), day, st.sampled_from(["robot", "caseworker"]),
                       st.integers(1, 6))


def _create(kind, leader, person, on, n):
    if kind == "referral":
        return create_referral(leader, unit=leader.unit, person_ref=f"P{person}", case_ref="H1", sent_on=on)
    if kind == "sublease_case":
        return create_sublease_case(leader, unit=leader.unit, case_ref="H1", applied_on=on, contract_type="sublease")
    if kind == "sip_plan":
        return create_plan(leader, unit=leader.unit, person_ref=f"P{person}", case_ref="H1", initiated_on=on)
    return create_measure(leader, unit=leader.unit, plan="Plan", number=n, title="Åtgärd", start_on=on)


def _recount():
    """DESIGN.md's rules over the raw rows, in Python."""
    items = {i.id: i for i in db.session.scalars(sa.select(WorkItem))}
    persons = dict(db.session.execute(sa.select(Referral.id, Referral.person_ref)).all())
    transitions = db.session.scalars(sa.select(Transition)).all()
    counts = defaultdict(int)
    sets = defaultdict(set)
    for unit_key in ("unit", "all"):
        for t in transitions:
            unit = t.unit_id if unit_key == "unit" else ALL_UNITS
            if t.kind == "referral" and t.event == "create" and items[t.item_id].state != "rejected":
                sets[("referrals_sent", t.month, unit)].add(persons[t.item_id])
            if t.kind == "referral" and t.event == "start":
                sets[("referrals_started", t.month, unit)].add(t.item_id)
            for month in MONTHS:
                if t.kind == "sublease_case" and t.event == "reject" and t.month <= month:
                    sets[("sublease_rejections_total", month, unit)].add(t.item_id)
        for month in MONTHS:
            latest = {}
            for t in sorted(transitions, key=lambda t: (t.effective_on, t.id)):
                if t.month <= month and t.kind in ("sip_plan", "measure"):
                    latest[t.item_id] = t
            for t in latest.values():
                unit = t.unit_id if unit_key == "unit" else ALL_UNITS
                if t.kind == "sip_plan" and t.to_state in ("initiated", "active"):
                    counts[("sip_plans_active", month, unit)] += 1
                if t.kind == "measure":
                    counts[(f"measures_{t.to_state}", month, unit)] += 1
        largest = defaultdict(int)
        for c in db.session.scalars(sa.select(ControlCheck)):
            unit = c.unit_id if unit_key == "unit" else ALL_UNITS
            key = (c.month, unit, c.case_ref)
            largest[key] = max(largest[key], c.persons_checked)
        for (month, unit, _), persons_checked in largest.items():
            counts[("individuals_checked", month, unit)] += persons_checked
    for key, members in sets.items():
        counts[key] = len(members)
    return counts


METRICS = ["referrals_sent", "referrals_started", "sublease_rejections_total", "sip_plans_active",
           "measures_planned", "measures_in_progress", "measures_paused", "measures_completed",
           "measures_cancelled", "individuals_checked"]


def _register(leaders, items, checks, ids, phase=None):
    """Create the items, apply their events and record the checks.

    With ``phase`` 0 or 1, half the work each: phase 0 creates the even items with the first half
    of their events; phase 1 creates the odd ones with all of theirs and gives the even ones the
    rest, all dated in months phase 0's rollup already covered, as late registrations are.
    """
    for n, (kind, unit, person, offset, events) in enumerate(items, start=1):
        leader, half = leaders[unit], len(events) // 2
        create = phase is None or phase == n % 2
        if phase == 0 and n % 2:
            continue
        todo = events if phase is None or create and phase == 1 else (events[:half] if phase == 0 else events[half:])
        if create:
            try:
                ids[n] = _create(kind, leader, person, START + timedelta(days=offset), n + 1000 * len(MONTHS)).id
                db.session.commit()
            except ServiceError:
                db.session.rollback()
                continue
        if n not in ids:
            continue
        on = START + timedelta(days=offset)
        for _, later in ([] if create else events[:half]):  # where phase 0 left the dates
            on = min(on + timedelta(days=later), START + timedelta(days=89))
        names = MACHINES[kind].event_names()
        for index, later in todo:
            name = names[index % len(names)]
            on = min(on + timedelta(days=later), START + timedelta(days=89))
            try:
                needs = MACHINES[kind].event(name).needs
                apply(leader, ids[n], name, on=on, reason="Skäl" if "reason" in needs else None,
                      outcome="work" if "outcome" in needs else None)
                db.session.commit()
            except ServiceError:
                db.session.rollback()
    for n, (unit, case, offset, actor, persons) in enumerate(checks):
        if phase is None or phase == n % 2:
            record_checks([{"case_ref": f"H{case}", "performed_on": START + timedelta(days=offset), "actor": actor,
                            "persons_checked": persons}], leaders[unit].unit_id)
    db.session.commit()


def _assert_stored_equals_recount(leaders):
    expected = _recount()
    units = [ALL_UNITS, *(leader.unit_id for leader in leaders)]
    stored = {(m.metric, m.month, m.unit_id): int(m.value) for m in db.session.scalars(
        sa.select(MonthlyCount).where(MonthlyCount.metric.in_(METRICS), MonthlyCount.unit_id.in_(units)))}
    for metric in METRICS:
        for month in MONTHS:
            for unit in units:
                assert stored.get((metric, month, unit), 0) == expected.get((metric, month, unit), 0), \
                    (metric, month, unit)


def _fresh(make_user):
    db.session.execute(sa.delete(MonthlyCount))
    db.session.execute(sa.delete(ControlCheck))
    db.session.execute(sa.delete(DirtyMonth))
    db.session.commit()
    return [make_user(Role.UNIT_LEADER, code) for code in ("R1", "R2")]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(item_spec, max_size=10), checks=st.lists(check_spec, max_size=12))
def test_rollup_equals_a_plain_recount(make_user, items, checks):
    leaders = _fresh(make_user)
    _register(leaders, items, checks, {})
    rollup_months(MONTHS[0], MONTHS[-1])
    db.session.commit()
    _assert_stored_equals_recount(leaders)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(item_spec, max_size=10), checks=st.lists(check_spec, max_size=12))
def test_late_registrations_rolled_up_incrementally_equal_a_plain_recount(make_user, items, checks):
    """The dirty rollup recomputes only the months changed and carries the stocks' difference forward."""
    leaders, ids = _fresh(make_user), {}
    _register(leaders, items, checks, ids, phase=0)
    rollup_months(MONTHS[0], MONTHS[-1])
    db.session.commit()
    _register(leaders, items, checks, ids, phase=1)
    rollup_dirty()
    db.session.commit()
    _assert_stored_equals_recount(leaders)

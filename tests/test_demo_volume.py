"""Demo data at volume: deterministic, in the seeds' proportions, every history valid, counted by the rollup.

Expected numbers come from plain SQL recounts of the rows, never from the generator.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from caseflow.db import today_local
from caseflow.demo.volume import generate_volume
from caseflow.extensions import db
from caseflow.kinds import MACHINES
from caseflow.months import Month
from caseflow.reference.services import DEFAULT_REF_PATTERN
from caseflow.reports.models import ALL_UNITS
from caseflow.reports.rollup import rollup_months
from caseflow.workflow.machine import CREATE
from tests.conftest import _empty_tables

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py

GENERATED = ("work_item", "referral", "sublease_case", "sip_plan", "sip_meeting", "sip_meeting_participant",
             "measure", "measure_note", "transition", "control_check")
MONTHS = {202401: (date(2024, 1, 1), date(2024, 1, 31)), 202402: (date(2024, 2, 1), date(2024, 2, 29))}


def _rows(sql: str, **params) -> list:
    return list(db.session.execute(sa.text(sql), params))


def _one(sql: str, **params):
    return db.session.execute(sa.text(sql), params).scalar_one()


def _digest() -> str:
    """A hash of every generated row, in id order, plus the staff and action plans they point to."""
    digest = hashlib.sha256()
    for table in GENERATED:
        key = "meeting_id, participant" if table == "sip_meeting_participant" else "id"
        for row in _rows(f"SELECT * FROM {table} ORDER BY {key}"):
            digest.update(repr(tuple(row)).encode())
    for row in _rows("SELECT u.id, u.username, u.role, n.code FROM user_account u "
                     "LEFT JOIN unit n ON n.id = u.unit_id ORDER BY u.id"):
        digest.update(repr(tuple(row)).encode())
    for row in _rows("SELECT id, name, created_at FROM action_plan ORDER BY id"):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_the_same_seed_makes_the_same_data(app):
    _empty_tables()  # the identities restarted for both runs: PostgreSQL's sequences outlive rolled-back tests
    generate_volume(1_000, 202401, 202402, checks_per_household=1.0)
    db.session.commit()
    first = _digest()
    assert _one("SELECT count(*) FROM work_item") > 100
    _empty_tables()
    generate_volume(1_000, 202401, 202402, checks_per_household=1.0)
    db.session.commit()
    assert _digest() == first
    _empty_tables()
    generate_volume(1_000, 202401, 202402, seed=7, checks_per_household=1.0)
    db.session.commit()
    assert _digest() != first


def test_proportions_follow_the_seeds_and_the_rollup_counts_them(app):
    counts = generate_volume(3_700, 202401, 202402)
    db.session.commit()
    for table, count in counts.items():
        assert _one(f"SELECT count(*) FROM {table}") == count, table
    assert _one("SELECT count(*) FROM unit") == 7  # one per ~500 households, E6 and E2 among them
    assert {"E6", "E2"} <= {r[0] for r in _rows("SELECT code FROM unit")}
    items = _one("SELECT count(*) FROM work_item")
    # Two months of the seeds' city: 300 referrals, 2/0.7 sublease cases, 15/0.9 meetings, 6 plans, 1 measure.
    assert items == pytest.approx(2 * (300 + 2 / 0.7 + 15 / 0.9 + 6 + 1), rel=0.1)
    for month, (first, last) in MONTHS.items():
        span = {"first": first, "last": last, "month": month}
        referrals = _one("SELECT count(*) FROM referral WHERE sent_on BETWEEN :first AND :last", **span)
        assert referrals == pytest.approx(300, rel=0.1)
        held = _one("SELECT count(*) FROM transition WHERE kind = 'sip_meeting' AND event = 'hold' "
                    "AND effective_on BETWEEN :first AND :last", **span)
        assert 8 <= held <= 25  # 15 a month
        checks = _one("SELECT count(*) FROM control_check WHERE month = :month", **span)
        assert checks == pytest.approx(27_000, rel=0.03)
        robot = _one("SELECT count(*) FROM control_check WHERE month = :month AND actor = 'robot'", **span)
        assert robot / checks == pytest.approx(0.61, abs=0.02)
    rejected = _one("SELECT count(DISTINCT item_id) FROM transition WHERE kind = 'sublease_case' "
                    "AND event = 'reject'")
    assert 1 <= rejected <= 12  # two a month
    assert _one("SELECT count(*) FROM transition WHERE kind = 'referral' AND event = 'reject'") > 20
    assert _one("SELECT count(*) FROM sublease_case WHERE kir_checked_on IS NOT NULL") > 0
    assert _one("SELECT count(*) FROM measure_note") > 0
    assert _one("SELECT min(persons_checked) FROM control_check") == 1
    assert _one("SELECT max(persons_checked) FROM control_check") == 6
    pattern = re.compile(DEFAULT_REF_PATTERN)
    refs = [r[0] for r in _rows("SELECT DISTINCT case_ref FROM control_check UNION "
                                "SELECT DISTINCT case_ref FROM work_item WHERE case_ref IS NOT NULL")]
    assert refs and all(pattern.fullmatch(ref) for ref in refs)

    rollup_months(202401, 202402)
    db.session.commit()
    for month, (first, last) in MONTHS.items():
        span = {"first": first, "last": last, "month": month}
        sent = _one("SELECT count(DISTINCT r.person_ref) FROM referral r JOIN work_item w ON w.id = r.id "
                    "WHERE r.sent_on BETWEEN :first AND :last AND w.state <> 'rejected'", **span)
        assert _count("referrals_sent", month) == sent
        for actor in ("robot", "caseworker"):
            lookups = _one("SELECT count(*) FROM control_check WHERE performed_on BETWEEN :first AND :last "
                           "AND actor = :actor", actor=actor, **span)
            assert _count(f"ssbtek_lookups_{actor}", month) == lookups


def _count(metric: str, month: int) -> int:
    return int(_one("SELECT value FROM monthly_count WHERE metric = :metric AND month = :month AND unit_id = :all",
                    metric=metric, month=month, all=ALL_UNITS))


def test_every_history_replays_through_its_machine(app):
    today = today_local()
    first = Month.of(date(today.year - 1, today.month, 1))
    generate_volume(1_500, first, Month.of(today), checks_per_household=0.2)
    db.session.commit()
    items = {r.id: r for r in _rows("SELECT * FROM work_item")}
    history: dict[int, list] = {i: [] for i in items}
    for t in _rows("SELECT * FROM transition ORDER BY id"):
        history[t.item_id].append(t)
    edits = {r.id: r.n for r in _rows(
        "SELECT id, (CASE WHEN kir_checked_on IS NULL THEN 0 ELSE 1 END) AS n FROM sublease_case UNION ALL "
        "SELECT id, (CASE WHEN consent_on IS NULL OR consent_on = initiated_on THEN 0 ELSE 1 END) "
        "+ (CASE WHEN consent_withdrawn_on IS NULL THEN 0 ELSE 1 END) FROM sip_plan")}
    kinds_seen = set()
    for item_id, item in items.items():
        chain = history[item_id]
        machine = MACHINES[item.kind]
        create, later = chain[0], chain[1:]
        kinds_seen.add(item.kind)
        assert (create.event, create.from_state, create.to_state) == (CREATE, None, machine.initial.value)
        assert _day(create.effective_on) == _day(item.opened_on) and create.recorded_at == item.created_at
        assert machine.replay([t.event for t in chain]).value == item.state == chain[-1].to_state
        for before, after in zip(chain, later):
            assert after.from_state == before.to_state
        days = [_day(t.effective_on) for t in later]
        assert days == sorted(days) and all(d <= today for d in days + [_day(create.effective_on)])
        assert all(t.month == Month.of(_day(t.effective_on)) for t in chain)
        assert all(t.unit_id == item.unit_id and t.actor_user_id is not None for t in chain)
        stamps = [t.recorded_at for t in chain]
        assert stamps == sorted(stamps) and item.updated_at >= stamps[-1]
        edited = edits.get(item_id, 0)
        assert item.version == 1 + len(later) + edited, (item.kind, item_id)
        assert edited or item.updated_at == stamps[-1]
    assert kinds_seen == {"referral", "sublease_case", "sip_plan", "sip_meeting", "measure"}
    # Completions carry an outcome of the reference data; rejections of referrals a reason.
    outcomes = {r[0] for r in _rows("SELECT code FROM referral_outcome")}
    completed = _rows("SELECT outcome FROM transition WHERE kind = 'referral' AND event = 'complete'")
    assert completed and all(outcome in outcomes for outcome, in completed)
    assert {"work", "studies"} <= {outcome for outcome, in completed}
    assert _one("SELECT count(*) FROM transition WHERE kind = 'referral' AND event = 'reject' "
                "AND reason IS NULL") == 0
    # After a year, each caseworker has roughly 60 open items.
    open_states = {s.value for machine in MACHINES.values() for s in machine.open_states}
    load = [n for n, in _rows(f"SELECT count(*) FROM work_item w JOIN user_account u ON u.id = w.owner_id "
                               f"WHERE u.role = 'caseworker' AND w.state IN ({', '.join(map(repr, open_states))}) "
                               f"GROUP BY w.owner_id")]
    assert 40 <= sum(load) / len(load) <= 90
    # A plan becomes active on its first meeting held, and never meets without consent.
    for plan_id, consent_on, activated_on, first_held in _rows(
            "SELECT p.id, p.consent_on, a.effective_on, min(h.effective_on) FROM sip_plan p "
            "JOIN transition a ON a.item_id = p.id AND a.event = 'activate' "
            "JOIN sip_meeting m ON m.plan_id = p.id "
            "JOIN transition h ON h.item_id = m.id AND h.event = 'hold' GROUP BY p.id, p.consent_on, a.effective_on"):
        assert _day(activated_on) == _day(first_held) and _day(consent_on) <= _day(first_held), plan_id


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@pytest.mark.committed  # it VACUUMs on PostgreSQL, on a connection of its own
def test_the_command_adds_volume_and_reports_its_rows(app, runner):
    result = runner.invoke(args=["demo-data", "--households", "600", "--from", "2024-01", "--to", "2024-01",
                                 "--checks-per-household", "0.5"])
    assert result.exit_code == 0, result.output
    assert "rows/s" in result.output and re.search(r"^referral: \d+ rows$", result.output, re.M)
    assert _one("SELECT count(*) FROM user_account WHERE username IN ('handlaggare', 'enhetschef', 'analytiker')") == 3
    dirty = {r[0] for r in _rows("SELECT month FROM dirty_month")}
    assert {202401, Month.of(today_local())} <= dirty
    assert _one("SELECT count(*) FROM monthly_count") == 0  # counted by a worker or `flask rollup`, not here
    # The transitions written in bulk are counted for the rollup as the services would have counted them.
    counted = _rows("SELECT month, kind, event, unit_id, coalesce(from_state, ''), to_state, coalesce(outcome, ''), "
                    "count(*) FROM transition GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7")
    assert len(counted) > 5
    assert counted == _rows("SELECT month, kind, event, unit_id, from_state, to_state, outcome, n FROM transition_flow "
                            "WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7")


@pytest.mark.parametrize("args, message", [
    (["--households", "10", "--from", "2024-03", "--to", "2024-01"], "after the last"),
    (["--households", "0", "--from", "2024-01", "--to", "2024-01"], "--households"),
    (["--households", "10", "--from", "2024-13", "--to", "2024-12"], "not a month"),
    (["--households", "10", "--from", "jan", "--to", "2024-12"], "not a month"),
    (["--households", "10", "--from", "2024-01"], "together"),
    (["--households", "10", "--from", "2024-01", "--to", "2099-01"], "after the current month"),
])
def test_the_command_checks_its_options(app, runner, args, message):
    result = runner.invoke(args=["demo-data", *args])
    assert result.exit_code == 2 and message in result.output, result.output
    assert _one("SELECT count(*) FROM work_item") == 0


def test_volume_is_refused_in_production(app, runner):
    app.config["CASEFLOW_ENV"] = "production"
    result = runner.invoke(args=["demo-data", "--households", "10", "--from", "2024-01", "--to", "2024-01"])
    assert result.exit_code == 1 and "production" in result.output
    assert _one("SELECT count(*) FROM user_account") == 0


def test_ids_continue_after_the_generated_ones(app, make_user):
    """On PostgreSQL the sequences move past the ids assigned in Python, so the services insert after them."""
    generate_volume(600, 202401, 202401, checks_per_household=0.1)
    db.session.commit()
    from caseflow.referrals.services import create_referral
    from caseflow.units.models import Unit
    worker = make_user("caseworker", "E6")
    top = _one("SELECT max(id) FROM work_item")
    item = create_referral(worker, unit=db.session.get(Unit, worker.unit_id), person_ref="P1", case_ref="H1",
                           sent_on=today_local() - timedelta(days=1))
    db.session.commit()
    assert item.id > top

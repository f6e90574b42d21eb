"""The schema comes only from the migrations, and they agree with the models on every backend."""

import json

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from caseflow.extensions import db
from caseflow.reports.models import DirtyMonth, ReportSnapshot, RolledMonth
from caseflow.reports.plan_lines import PlanLine

# Migrations run on their own connection (Alembic's), so on committed tables; the dialects differ.
pytestmark = [pytest.mark.both_databases, pytest.mark.committed]


def _drift():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, db.metadata)


def test_models_and_migrations_agree(app):
    assert _drift() == []


def test_migrations_go_down_and_up_again(app):
    db.session.remove()
    downgrade(revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert _drift() == []


def test_a_month_dirty_before_dirty_months_had_sources_is_dirty_for_every_source(app):
    """0070 keeps the months a rollup still owes: each becomes dirty for every source, and back."""
    db.session.remove()
    downgrade(revision="0060")
    with db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO dirty_month (month, marked_at) VALUES (202011, :at), (202012, :at)"),
                     {"at": "2026-11-23 08:00:00.000000"})
    upgrade()
    rows = db.session.execute(sa.select(DirtyMonth.month, DirtyMonth.source)).all()
    assert sorted((month, str(source)) for month, source in rows) == sorted(
        (month, source) for month in (202011, 202012)
        for source in ("control_check", "figure_value", "referral", "sublease_case", "sip", "measure"))
    assert {marked_at.year for marked_at in db.session.scalars(sa.select(DirtyMonth.marked_at))} == {2026}
    db.session.remove()
    downgrade(revision="0060")
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT month FROM dirty_month ORDER BY month")).scalars().all() == [202011, 202012]
    upgrade()
    assert _drift() == []


def test_a_report_frozen_before_plan_lines_named_their_kind_still_reads_its_states(app):
    """0100 gives each frozen action-plan line the kind behind it (every one a measure then), and back."""
    db.session.remove()
    downgrade(revision="0090")
    line = {"plan": "Plan 2019", "number": 1, "title": "Uppsökande", "state": "paused", "note": None,
            "is_note_missing": True}
    with db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO report_snapshot (month, version, frozen_at, action_plan) "
                             "VALUES (202001, 1, :at, :plan)"),
                     {"at": "2026-11-23 08:00:00.000000", "plan": json.dumps([line])})
    upgrade()
    snapshot = db.session.scalars(sa.select(ReportSnapshot)).one()
    assert snapshot.action_plan == [{"kind": "measure", **line}]
    assert [PlanLine.from_json(d).state_label for d in snapshot.action_plan] == ["Pausad"]
    db.session.remove()
    downgrade(revision="0090")
    with db.engine.connect() as conn:
        frozen = sa.table("report_snapshot", sa.column("action_plan", sa.JSON))
        assert conn.execute(sa.select(frozen.c.action_plan)).scalar_one() == [line]
    upgrade()
    assert _drift() == []


def test_the_months_with_counts_are_recorded_as_rolled_up(app):
    """0110 records as rolled up every month the counts hold, when it was last computed."""
    db.session.remove()
    downgrade(revision="0100")
    with db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO monthly_count (metric, month, unit_id, value, computed_at) VALUES "
                             "('kir_checks', 202011, 0, 1, '2026-11-23 08:00:00.000000'), "
                             "('kir_checks', 202011, 3, 1, '2026-11-24 08:00:00.000000'), "
                             "('kir_checks', 202012, 0, 0, '2026-11-25 08:00:00.000000')"))
    upgrade()
    rolled = db.session.execute(sa.select(RolledMonth.month, RolledMonth.rolled_at).order_by(RolledMonth.month)).all()
    assert [(month, at.day) for month, at in rolled] == [(202011, 24), (202012, 25)]
    db.session.remove()
    downgrade(revision="0100")
    upgrade()
    assert _drift() == []


def test_a_plan_shared_by_two_units_is_split_so_each_unit_keeps_its_own_measures(app):
    """0091 gives every plan its unit: a plan whose measures lie in E2 and E6 becomes one of each."""
    db.session.remove()
    downgrade(revision="0090")
    at = "2026-01-05 08:00:00.000000"
    with db.engine.begin() as conn:
        for unit_id, code in ((1, "E2"), (2, "E6")):
            conn.execute(sa.text("INSERT INTO unit (id, code, name, is_active, created_at) "
                                 "VALUES (:id, :code, :code, true, :at)"), {"id": unit_id, "code": code, "at": at})
        conn.execute(sa.text("INSERT INTO action_plan (id, name, created_at) VALUES (1001, 'Plan 2026', :at), "
                             "(1002, 'Oanvänd', :at)"), {"at": at})
        for item_id, unit_id, number in ((10, 2, 1), (11, 1, 2), (12, 2, 3)):
            conn.execute(sa.text(
                "INSERT INTO work_item (id, kind, unit_id, state, version, opened_on, created_at, updated_at) "
                "VALUES (:id, 'measure', :unit, 'planned', 1, '2026-01-05', :at, :at)"),
                {"id": item_id, "unit": unit_id, "at": at})
            conn.execute(sa.text("INSERT INTO measure (id, plan_id, number, title, start_on) "
                                 "VALUES (:id, 1001, :n, 'Åtgärd', '2026-01-05')"), {"id": item_id, "n": number})
    upgrade()
    with db.engine.connect() as conn:
        plans = conn.execute(sa.text("SELECT p.unit_id, p.name, m.number FROM action_plan p "
                                     "JOIN measure m ON m.plan_id = p.id ORDER BY m.number")).all()
        assert [tuple(p) for p in plans] == [(2, "Plan 2026", 1), (1, "Plan 2026", 2), (2, "Plan 2026", 3)]
        assert conn.execute(sa.text("SELECT count(*) FROM action_plan")).scalar() == 2  # the unused one is gone
    assert _drift() == []


def test_a_new_install_has_seed_001s_report_groups_and_seed_004s_targets(app):
    """0210 sets up the six report groups of seed 001's table and the committee's two targets of seed 004."""
    db.session.remove()
    downgrade(revision="0200")
    upgrade()
    groups = db.session.scalars(sa.text("SELECT name_sv FROM barrier_report_group ORDER BY sort_order")).all()
    assert groups == ["Arbetslös och SFI-studier utanför etablering", "Sjukskrivning och aktivitetsersättning",
                      "Sociala skäl", "Etablering och flykting", "Övriga försörjningshinder",
                      "Arbete med otillräcklig inkomst"]
    targets = db.session.execute(sa.text("SELECT metric, direction, value, period FROM report_target ORDER BY id")).all()
    assert [(m, d, float(v), p) for m, d, v, p in targets] == [
        ("adult_recipients_share_pct", "at_most", 1.0, "month"),
        ("referrals_completed_self_sufficient", "at_least", 1000.0, "mandate")]

"""The rollup: a row for every metric × month × unit, by upsert, dirty months cleared with their counts."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from caseflow.checks.models import CheckActor, ControlCheck
from caseflow.checks.services import record_checks
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.figures.models import ImportSource
from caseflow.figures.services import Figure, record_import
from caseflow.figures.keys import FigureKey
from caseflow.reports import catalog, rollup
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount, RolledMonth
from caseflow.reports.rollup import rollup_dirty, rollup_months

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py


def _counts(metric=None):
    stmt = sa.select(MonthlyCount.metric, MonthlyCount.month, MonthlyCount.unit_id, MonthlyCount.value)
    if metric:
        stmt = stmt.where(MonthlyCount.metric == metric)
    return {(m, month, unit): value for m, month, unit, value in db.session.execute(stmt)}


def _dirty():
    return db.session.scalars(sa.select(DirtyMonth.month).order_by(DirtyMonth.month)).all()


def _computed_at():
    return {(m, month, unit): at for m, month, unit, at in db.session.execute(
        sa.select(MonthlyCount.metric, MonthlyCount.month, MonthlyCount.unit_id, MonthlyCount.computed_at))}


def _check(case_ref, day, actor="robot", persons=1):
    return {"case_ref": case_ref, "performed_on": day, "actor": actor, "persons_checked": persons}


def test_every_month_and_unit_gets_a_row_zero_when_counted_null_when_never_imported(make_unit):
    e6, e2 = make_unit("E6"), make_unit("E2")
    record_checks([_check("AA-1", date(2020, 12, 3), "robot", 2)], e6.id)
    db.session.commit()
    result = rollup_months(202011, 202101)
    db.session.commit()
    assert result.months == [202011, 202012, 202101]
    counts = _counts()
    # 36 counted metrics (DESIGN.md's catalog: 3 check metrics and 21 item metrics, seed 004's target's
    # and the quality review's 11 of issue 21) × 3 months × (2 units + all), and 9 imported figures × 3
    # months (all units only).
    assert len(counts) == 36 * 3 * 3 + 9 * 3 == result.rows
    assert counts[("ssbtek_lookups_robot", 202012, e6.id)] == 1
    assert counts[("ssbtek_lookups_robot", 202012, ALL_UNITS)] == 1
    assert counts[("individuals_checked", 202012, ALL_UNITS)] == 2
    assert counts[("ssbtek_lookups_robot", 202012, e2.id)] == 0
    assert counts[("ssbtek_lookups_robot", 202011, e6.id)] == 0
    assert counts[("ssbtek_lookups_caseworker", 202101, ALL_UNITS)] == 0
    assert counts[("households_applied", 202012, ALL_UNITS)] is None
    assert ("households_applied", 202012, e6.id) not in counts


def test_rolling_up_twice_gives_identical_rows_and_updates_in_place(make_unit):
    e6 = make_unit("E6")
    record_checks([_check("AA-1", date(2020, 11, 3), "caseworker", 3)], e6.id)
    db.session.commit()
    rollup_months(202011, 202011)
    db.session.commit()
    first = _counts()
    rollup_months(202011, 202011)
    db.session.commit()
    assert _counts() == first
    record_checks([_check("BB-2", date(2020, 11, 4), "caseworker", 2)], e6.id)
    rollup_months(202011, 202011)
    db.session.commit()
    again = _counts()
    assert len(again) == len(first)
    assert again[("ssbtek_lookups_caseworker", 202011, e6.id)] == 2
    assert again[("individuals_checked", 202011, ALL_UNITS)] == 5


def test_imported_figures_roll_up_with_the_latest_import_winning(make_unit):
    make_unit("E6")
    record_import([Figure(202011, FigureKey.HOUSEHOLDS_APPLIED, Decimal(3700)),
                   Figure(202011, FigureKey.E_APPLICATION_SHARE_PCT, Decimal("41.4"))], source=ImportSource.CLI)
    record_import([Figure(202011, FigureKey.HOUSEHOLDS_APPLIED, Decimal(3713))], source=ImportSource.CLI)
    db.session.commit()
    rollup_months(202011, 202011)
    db.session.commit()
    counts = _counts()
    assert counts[("households_applied", 202011, ALL_UNITS)] == Decimal(3713)
    assert counts[("e_application_share_pct", 202011, ALL_UNITS)] == Decimal("41.4")
    assert counts[("decisions_total", 202011, ALL_UNITS)] is None


def test_rollup_dirty_recomputes_exactly_the_dirty_months_and_clears_them(make_unit):
    e6 = make_unit("E6")
    record_checks([_check("AA-1", date(2020, 10, 5)), _check("AA-2", date(2020, 11, 5))], e6.id)
    db.session.commit()
    assert _dirty() == [202010, 202011]
    # A December check that (wrongly, for the test) marked nothing: December must stay unrolled.
    db.session.add(ControlCheck(case_ref="AA-3", performed_on=date(2020, 12, 5), month=202012,
                                actor=CheckActor.ROBOT, persons_checked=1, unit_id=e6.id))
    db.session.commit()
    result = rollup_dirty()
    db.session.commit()
    assert result.months == [202010, 202011]
    assert _dirty() == []
    months = {month for (_, month, _) in _counts()}
    assert months == {202010, 202011}
    assert _counts("ssbtek_lookups_robot")[("ssbtek_lookups_robot", 202011, e6.id)] == 1
    assert rollup_dirty().months == []


def test_a_month_never_rolled_up_between_dirty_months_is_rolled_up_with_them(make_unit):
    e6 = make_unit("E6")
    record_checks([_check("AA-1", date(2020, 10, 5)), _check("AA-2", date(2020, 12, 5))], e6.id)
    db.session.commit()
    assert rollup_dirty().months == [202010, 202011, 202012]  # November: a row of zeros, not a hole
    db.session.commit()
    assert _counts("ssbtek_lookups_robot")[("ssbtek_lookups_robot", 202011, e6.id)] == 0


def test_rollup_months_takes_the_dirty_months_before_its_range_but_not_after(make_unit):
    e6 = make_unit("E6")
    record_checks([_check("AA-1", date(2020, 10, 5)), _check("AA-2", date(2021, 1, 5))], e6.id)
    db.session.commit()
    # The stocks of December start from October's: October's flows must be rolled up first.
    assert rollup_months(202012, 202012).months == [202010, 202011, 202012]
    db.session.commit()
    assert _dirty() == [202101]


def test_dirty_months_stay_dirty_when_the_rollup_fails(make_unit, monkeypatch):
    e6 = make_unit("E6")
    record_checks([_check("AA-1", date(2020, 10, 5))], e6.id)
    db.session.commit()

    def broken(first, last, unit_ids, sources):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(rollup, "compute_span", broken)
    with pytest.raises(RuntimeError):
        rollup_dirty()
    db.session.rollback()
    assert _dirty() == [202010]
    assert _counts() == {}
    monkeypatch.undo()
    rollup_dirty()
    db.session.rollback()  # counts and the cleared month go together, or not at all
    assert _dirty() == [202010] and _counts() == {}


def test_a_bad_range_is_refused():
    with pytest.raises(ValidationError):
        rollup_months(202012, 202011)
    with pytest.raises(ValidationError):
        rollup_months(200001, 209912)


def test_the_catalog_declares_each_key_once_with_both_labels():
    keys = [metric.key for metric in catalog.CATALOG]
    # DESIGN.md's metric catalog, copied by hand.
    # Beside it, seed 004's target's metric: referrals completed into work or studies (self-sufficiency).
    design = """referrals_sent referrals_rejected referrals_started referrals_completed referrals_completed_work
        referrals_completed_studies referrals_completed_self_sufficient sublease_rejections_new sublease_rejections_total kir_checks
        double_rent_suspicions sip_meetings_held sip_meetings_held_multi_party sip_meetings_held_digital
        sip_meetings_held_total sip_plans_active measures_planned measures_in_progress measures_paused
        measures_completed measures_cancelled measures_missing_note ssbtek_lookups_caseworker
        ssbtek_lookups_robot individuals_checked households_applied decisions_total executions_opened
        households_ongoing avg_cost_per_household temporary_housing_cost adult_recipients
        adult_recipients_share_pct e_application_share_pct""".split()
    # Issue 21's quality review (DESIGN.md, "Quality review": "counted per month and unit like every other metric").
    design += """quality_reviews_completed quality_with_planning quality_with_payment_error
        quality_housing_without_measures quality_child_not_applicable quality_child_not_documented
        quality_child_partly quality_child_fully quality_visits quality_no_shows quality_calls""".split()
    assert len(keys) == len(set(keys)) == len(design) == 45
    assert set(keys) == set(design)
    assert all(metric.label_sv and metric.label_en for metric in catalog.CATALOG)
    assert catalog.METRICS["individuals_checked"].empty == 0
    assert catalog.METRICS["households_ongoing"].empty is None


@pytest.mark.postgres
@pytest.mark.committed
def test_on_postgresql_a_rollup_holds_the_rollup_lock_until_it_commits(app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("advisory locks are PostgreSQL's; SQLite has a single writer")
    rollup_months(202011, 202012)
    other = sa.create_engine(database_url)
    try:
        with other.connect() as conn:
            try_lock = sa.text("SELECT pg_try_advisory_xact_lock(:cls, 0)")
            assert conn.scalar(try_lock, {"cls": rollup.ROLLUP_LOCK_CLASS}) is False
            conn.rollback()
            db.session.commit()
            assert conn.scalar(try_lock, {"cls": rollup.ROLLUP_LOCK_CLASS}) is True
    finally:
        other.dispose()


def _reachable(machine, state) -> set:
    seen, todo = set(), [state]
    while todo:
        current = todo.pop()
        for event in machine.events:
            if current in event.sources and event.target not in seen:
                seen.add(event.target)
                todo.append(event.target)
    return seen


def test_events_counted_as_items_happen_at_most_once_per_item():
    """Counts of transitions stand for counts of items only if no item can repeat the event."""
    from caseflow.kinds import MACHINES
    from caseflow.reports.aggregates import TRANSITIONS, Count, ToDate
    counted = set()
    for metric in catalog.CATALOG:
        value = metric.value
        if isinstance(value, ToDate):
            counted.add((value.kind, value.event))
        elif isinstance(value, Count) and value.scan is TRANSITIONS:
            where = dict(value.where)
            counted.add((where["kind"], where["event"]))
    assert ("referral", "start") in counted and ("sip_meeting", "hold") in counted
    for kind, name in counted:
        event = MACHINES[kind].event(name)
        assert not _reachable(MACHINES[kind], event.target) & event.sources, (kind, name)


def test_no_stock_counts_a_kind_whose_history_may_run_backwards():
    from caseflow.items.models import WorkItem
    from caseflow.reports.aggregates import Stock
    models = {mapper.polymorphic_identity: mapper.class_ for mapper in WorkItem.__mapper__.self_and_descendants}
    stocked = {metric.value.kind for metric in catalog.CATALOG if isinstance(metric.value, Stock)}
    assert stocked == {"sip_plan", "measure"}
    assert not any(models[kind].EVENTS_BEFORE_OWN_DATE for kind in stocked)


def test_every_kind_marks_the_source_its_metrics_are_declared_with():
    """A change to an item marks its months dirty for its kind's source; a metric counting that
    kind must be declared with that source, or the rollup of a dirty month would skip it."""
    from caseflow.kinds import ItemKind
    from caseflow.reports.aggregates import TRANSITIONS, Count, Stock, ToDate
    from caseflow.kinds import KIND_SOURCES
    from caseflow.reports.sources import Source
    assert set(KIND_SOURCES) == {kind.value for kind in ItemKind}
    kinds_of = {}
    for metric in catalog.CATALOG:
        value = metric.value
        if isinstance(value, Stock | ToDate):
            kinds_of[metric.key] = value.kind
        elif isinstance(value, Count) and value.scan is TRANSITIONS:
            kinds_of[metric.key] = dict(value.where)["kind"]
    assert kinds_of["referrals_started"] == "referral" and kinds_of["sip_plans_active"] == "sip_plan"
    for key, kind in kinds_of.items():
        assert catalog.METRICS[key].source == KIND_SOURCES[kind], key
    assert {metric.source for metric in catalog.CATALOG} == set(Source)


def test_a_late_referral_rewrites_only_the_referral_counts_it_changed(make_user):
    from caseflow.auth.models import Role
    from caseflow.referrals.services import create_referral
    leader = make_user(Role.UNIT_LEADER, "E6")
    record_checks([_check("AA-1", date(2020, 11, 3), "robot", 2)], leader.unit_id)
    db.session.commit()
    rollup_months(202011, 202012)
    db.session.commit()
    written = _computed_at()

    create_referral(leader, unit=leader.unit, person_ref="PL-1", case_ref="L-1", sent_on=date(2020, 11, 10))
    db.session.commit()
    assert [(month, str(source)) for month, source in db.session.execute(
        sa.select(DirtyMonth.month, DirtyMonth.source))] == [(202011, "referral")]
    result = rollup_dirty()
    db.session.commit()

    # Seven referral metrics for the unit and for all units: only the rows of the month recomputed.
    assert result.months == [202011] and result.rows == 7 * 2
    counts = _counts()
    assert counts[("referrals_sent", 202011, leader.unit_id)] == 1
    assert counts[("referrals_sent", 202011, ALL_UNITS)] == 1
    assert counts[("ssbtek_lookups_robot", 202011, leader.unit_id)] == 1
    assert counts[("individuals_checked", 202011, ALL_UNITS)] == 2
    rewritten = {cell for cell, at in _computed_at().items() if at != written[cell]}
    assert rewritten == {("referrals_sent", 202011, leader.unit_id), ("referrals_sent", 202011, ALL_UNITS)}
    assert _dirty() == []


def test_the_months_rolled_up_are_recorded_with_their_counts(make_unit):
    """Which months have been rolled up is recorded in the rollup's transaction, month by month: a
    dirty month after a gap is rolled up alone (its stocks from the history), the gap stays unrolled."""
    e6 = make_unit("E6")
    record_checks([_check("AA-1", date(2020, 11, 3))], e6.id)
    db.session.commit()
    rollup_months(202011, 202012)
    db.session.commit()
    assert db.session.scalars(sa.select(RolledMonth.month).order_by(RolledMonth.month)).all() == [202011, 202012]

    record_checks([_check("AA-2", date(2021, 2, 3))], e6.id)
    db.session.commit()
    assert rollup_dirty().months == [202102]
    db.session.commit()
    assert db.session.scalars(sa.select(RolledMonth.month).order_by(RolledMonth.month)).all() == [
        202011, 202012, 202102]
    assert _counts("ssbtek_lookups_robot")[("ssbtek_lookups_robot", 202102, ALL_UNITS)] == 1

    rollup.forget_rollups()
    db.session.commit()
    assert db.session.scalars(sa.select(RolledMonth.month)).all() == [] and _counts() == {}

"""Frozen snapshots: every figure the report shows, all units and each unit, versioned, never changed."""

from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.checks.services import record_checks
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.reports.freeze import freeze_report, snapshot_contents, snapshots_of
from caseflow.reports.models import ReportSnapshot, ReportSnapshotValue, SnapshotImmutable
from caseflow.reports.rollup import rollup_months
from caseflow.reports.services import changes_since, frozen_report, live_report
from tests.reports.conftest import put

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py


def _checks(unit_id, day, n, persons=2):
    record_checks([{"case_ref": f"AB-{i}", "performed_on": day, "actor": "robot", "persons_checked": persons}
                   for i in range(n)], unit_id)


def test_freezing_rolls_up_first_and_keeps_all_units_and_each_unit(app, make_unit, make_user):
    e6, e7 = make_unit("E6"), make_unit("E7")
    analyst = make_user("analyst")
    _checks(e6.id, date(2020, 11, 3), 3)
    _checks(e7.id, date(2020, 11, 4), 2)
    db.session.commit()
    snapshot = freeze_report(202011, actor=analyst)
    db.session.commit()
    assert (snapshot.month, snapshot.version, snapshot.frozen_by_id) == (202011, 1, analyst.id)
    figures, _lines = snapshot_contents(snapshot)
    assert figures.get("ssbtek_lookups_robot", 202011) == 5  # the rollup ran before the copy
    assert figures.for_unit(e6.id).get("ssbtek_lookups_robot", 202011) == 3
    assert figures.for_unit(e7.id).get("ssbtek_lookups_robot", 202011) == 2
    months = set(db.session.scalars(sa.select(ReportSnapshotValue.month).distinct()))
    assert min(months) == 201801 and max(months) == 202011  # the year tables go two years back
    audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "report.freeze"))
    assert audit.actor_user_id == analyst.id and audit.after == {"month": 202011, "version": 1}


def test_freezing_again_makes_version_two_and_keeps_one_unchanged(app, make_unit):
    e6 = make_unit("E6")
    _checks(e6.id, date(2020, 11, 3), 3)
    db.session.commit()
    first = freeze_report(202011)
    db.session.commit()
    _checks(e6.id, date(2020, 11, 20), 4)  # a late registration
    db.session.commit()
    second = freeze_report(202011)
    db.session.commit()
    assert [s.version for s in snapshots_of(202011)] == [2, 1]
    assert snapshot_contents(first)[0].get("ssbtek_lookups_robot", 202011) == 3
    assert snapshot_contents(second)[0].get("ssbtek_lookups_robot", 202011) == 7


def test_a_snapshot_is_never_updated_nor_deleted(app):
    put("households_applied", 202011, 3713)
    db.session.commit()
    snapshot = freeze_report(202011)
    db.session.commit()
    snapshot.version = 5
    with pytest.raises(SnapshotImmutable):
        db.session.flush()
    db.session.rollback()
    value = db.session.scalar(sa.select(ReportSnapshotValue).where(ReportSnapshotValue.metric == "households_applied",
                                                                  ReportSnapshotValue.month == 202011))
    value.value = 1
    with pytest.raises(SnapshotImmutable):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(ReportSnapshot, snapshot.id))
    with pytest.raises(SnapshotImmutable):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(ReportSnapshot, snapshot.id).version == 1


def test_a_month_not_begun_cannot_be_frozen(app):
    with pytest.raises(ValidationError):
        freeze_report(209901)


def test_the_frozen_report_is_what_was_shown_and_the_changes_since(app, make_unit):
    e6 = make_unit("E6")
    put("households_applied", 202011, 3713)
    _checks(e6.id, date(2020, 11, 3), 3)
    db.session.commit()
    snapshot = freeze_report(202011)
    db.session.commit()
    _checks(e6.id, date(2020, 11, 9), 2, persons=4)  # registered late, after the freeze
    db.session.commit()
    rollup_months(202011, 202011)  # the live side sees it after a rollup: beat's, or the page's button
    db.session.commit()
    changes = changes_since(frozen_report(snapshot), live_report(202011))
    nov = 10  # the November row of "Checks and decisions"
    robot = changes[("controls", nov, 3)]
    assert (robot.frozen.value, robot.live.value, robot.difference) == (3, 5, 2)
    assert robot.row_label == "nov-20" and robot.column == "Antal slagningar i SSBTEK (robot)"
    # Individuals: each household's largest check counts; AB-0 and AB-1 now count 4 each, not 2.
    assert changes[("controls", nov, 4)].difference == 4
    assert ("controls", nov, 0) not in changes  # households unchanged

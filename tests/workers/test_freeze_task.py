"""``caseflow.freeze_report`` on a real worker: it rolls up first, then freezes the next version."""

from datetime import date

import pytest

from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.reports.freeze import snapshot_contents, snapshots_of

pytestmark = [pytest.mark.both_databases, pytest.mark.committed]


def test_a_worker_freezes_the_report_with_current_counts(app, make_unit, make_user, celery_session_app,
                                                         celery_session_worker):
    e6 = make_unit("E6")
    analyst = make_user("analyst")
    record_checks([{"case_ref": "AA-1", "performed_on": date(2020, 11, 3), "actor": "robot",
                    "persons_checked": 3}], e6.id)
    db.session.commit()  # not rolled up: the task must do it before it copies
    result = celery_session_app.send_task("caseflow.freeze_report", args=("2020-11", analyst.id))
    first = result.get(timeout=60)
    assert first["month"] == "2020-11" and first["version"] == 1
    second = celery_session_app.send_task("caseflow.freeze_report", args=("2020-11",)).get(timeout=60)
    assert second["version"] == 2
    db.session.rollback()  # read what the worker committed
    snapshots = snapshots_of(202011)
    assert [(s.version, s.frozen_by_id) for s in snapshots] == [(2, None), (1, analyst.id)]
    figures, _lines = snapshot_contents(snapshots[1])
    assert figures.get("individuals_checked", 202011) == 3
    assert figures.for_unit(e6.id).get("ssbtek_lookups_robot", 202011) == 1


def test_a_freeze_of_a_bad_month_fails_and_writes_nothing(app, celery_session_app, celery_session_worker):
    result = celery_session_app.send_task("caseflow.freeze_report", args=("2020-13",))
    result.get(timeout=30, propagate=False)
    assert result.state == "FAILURE"
    db.session.rollback()
    assert snapshots_of(202011) == []

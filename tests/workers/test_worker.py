"""The tasks run for real in a Celery worker, fed through Redis."""

from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount

pytestmark = [pytest.mark.both_databases, pytest.mark.committed]


def _value(metric, month, unit=ALL_UNITS):
    return db.session.scalar(sa.select(MonthlyCount.value).where(
        MonthlyCount.metric == metric, MonthlyCount.month == month, MonthlyCount.unit_id == unit))


def test_a_worker_rolls_up_months_sent_by_name(app, make_unit, celery_session_app, celery_session_worker):
    e6 = make_unit("E6")
    record_checks([{"case_ref": "AA-1", "performed_on": date(2020, 11, 3), "actor": "robot", "persons_checked": 3},
                   {"case_ref": "AA-1", "performed_on": date(2020, 11, 9), "actor": "caseworker",
                    "persons_checked": 4}], e6.id)
    db.session.commit()
    result = celery_session_app.send_task("caseflow.rollup_months", args=("2020-10", "2020-11"))
    # 2 months × 36 counted metrics × (E6 + all units), and 2 months × 9 imported figures.
    assert result.get(timeout=30) == {"months": ["2020-10", "2020-11"], "rows": 2 * 36 * 2 + 2 * 9}
    db.session.rollback()  # read what the worker committed
    assert _value("individuals_checked", 202011) == 4
    assert _value("ssbtek_lookups_robot", 202011, e6.id) == 1
    assert _value("ssbtek_lookups_caseworker", 202010) == 0
    assert db.session.scalars(sa.select(DirtyMonth.month)).all() == []


def test_a_worker_rolls_up_the_dirty_months(app, make_unit, celery_session_app, celery_session_worker):
    e6 = make_unit("E6")
    record_checks([{"case_ref": "BB-2", "performed_on": date(2021, 3, 3), "actor": "robot",
                    "persons_checked": 2}], e6.id)
    db.session.commit()
    result = celery_session_app.send_task("caseflow.rollup_dirty")
    assert result.get(timeout=30)["months"] == ["2021-03"]
    db.session.rollback()
    assert _value("individuals_checked", 202103, e6.id) == 2
    assert db.session.scalars(sa.select(DirtyMonth.month)).all() == []


def test_a_task_refusing_bad_months_fails_and_changes_nothing(app, celery_session_app, celery_session_worker):
    result = celery_session_app.send_task("caseflow.rollup_months", args=("2020-13", "2020-11"))
    result.get(timeout=30, propagate=False)
    assert result.state == "FAILURE"
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MonthlyCount)) == 0

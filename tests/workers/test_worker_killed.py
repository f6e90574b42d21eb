"""A worker process killed with SIGKILL in the middle of a rollup loses nothing and leaves nothing
half-written: its transaction rolls back, the months stay dirty, and once a worker runs again (Redis
hands the unacknowledged message to it: ``acks_late``) the rows are those of an undisturbed rollup.

The worker is a real ``celery worker`` process (``tests/workers/slow_worker.py``, the project's app
with a pause after each month it writes), on the test's database and on a queue and Redis keys of its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from celery.exceptions import TimeoutError as ResultTimeout

from caseflow import create_app
from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount
from caseflow.reports.rollup import ROLLUP_LOCK_CLASS, forget_rollups, rollup_months
from tests.conftest import test_config
from tests.workers.redis_keys import transport_options
from tests.workers.waiting import wait_for
from workers.celery_app import create_celery

pytestmark = [pytest.mark.both_databases, pytest.mark.committed]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MONTHS = Month.range(201901, 202012)
#: Every wait is bounded: a worker that never starts or never finishes fails the test, never hangs it.
WAIT = 60



class Worker:
    """A ``celery worker`` process; stopped (killed if it must be) when the test ends."""

    def __init__(self, database_url: str, broker_url: str, queue: str, keyprefix: str, progress: Path,
                 delay: float, log: Path):
        env = os.environ | {
            "CASEFLOW_DATABASE_URL": database_url, "CASEFLOW_BROKER_URL": broker_url,
            "CASEFLOW_SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
            "CASEFLOW_TEST_KEYPREFIX": keyprefix, "CASEFLOW_TEST_PROGRESS": str(progress),
            "CASEFLOW_TEST_UPSERT_DELAY": str(delay),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
        }
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "--app", "tests.workers.slow_worker", "worker", "--pool=solo",
             "--queues", queue, "--hostname", f"{queue}-{uuid.uuid4().hex[:4]}@%h", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--prefetch-multiplier=1"],
            cwd=PROJECT_ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def workers(database_url, test_broker_url, tmp_path):
    """Starts workers on a queue and Redis keys of this test's own; stops every one at the end."""
    queue = f"caseflow-kill-{uuid.uuid4().hex[:8]}"
    keyprefix = f"{queue}:"
    started: list[Worker] = []

    def start(delay: float) -> Worker:
        worker = Worker(database_url, test_broker_url, queue, keyprefix, tmp_path / "progress", delay,
                        tmp_path / "worker.log")
        started.append(worker)
        return worker

    flask_app = create_app(test_config(database_url) | {"CASEFLOW_BROKER_URL": test_broker_url})
    client = create_celery(flask_app)
    client.conf.update(task_default_queue=queue, broker_transport_options=transport_options(keyprefix))
    start.client, start.progress, start.log = client, tmp_path / "progress", tmp_path / "worker.log"
    yield start
    for worker in started:
        worker.stop()
    client.close()
    with flask_app.app_context():
        db.engine.dispose()


def _checks(make_unit) -> tuple[int, int]:
    """Two units' checks in each of 24 months; counted by hand below."""
    north, south = make_unit("E1"), make_unit("E2")
    for month in MONTHS:
        year, m = divmod(month, 100)
        record_checks([
            {"case_ref": f"N-{month}", "performed_on": date(year, m, 3), "actor": "robot", "persons_checked": 2},
            {"case_ref": f"N-{month}", "performed_on": date(year, m, 9), "actor": "caseworker", "persons_checked": 3},
            {"case_ref": f"NN-{month}", "performed_on": date(year, m, 20), "actor": "caseworker",
             "persons_checked": 1},
        ], north.id)
        record_checks([{"case_ref": f"S-{month}", "performed_on": date(year, m, 28), "actor": "robot",
                        "persons_checked": 5}], south.id)
    db.session.commit()
    return north.id, south.id


def _rows() -> set[tuple]:
    db.session.rollback()  # see what the others committed
    return set(db.session.execute(sa.select(MonthlyCount.metric, MonthlyCount.month, MonthlyCount.unit_id,
                                            MonthlyCount.value)).all())


def _value(metric: str, month: int, unit_id: int = ALL_UNITS):
    return db.session.scalar(sa.select(MonthlyCount.value).where(
        MonthlyCount.metric == metric, MonthlyCount.month == month, MonthlyCount.unit_id == unit_id))


def _dirty() -> list[int]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(DirtyMonth.month).order_by(DirtyMonth.month)))


def _advisory_locks() -> int:
    db.session.rollback()
    # This test's database only: the server may hold other databases' rollup locks.
    return db.session.scalar(sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = :c "
                                     "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
                             {"c": ROLLUP_LOCK_CLASS})


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_a_worker_killed_mid_rollup_and_restarted_leaves_the_rows_of_an_undisturbed_run(app, make_unit, workers):
    north, south = _checks(make_unit)
    is_postgres = db.engine.dialect.name == "postgresql"
    assert _dirty() == MONTHS and _rows() == set()

    # 24 months × (36 counted metrics × (2 units + all) + 9 imported figures) = 2 808 rows, one insert a month.
    slow = workers(delay=3)
    result = workers.client.send_task("caseflow.rollup_months", args=("2019-01", "2020-12"))
    wait_for(lambda: _lines(workers.progress) >= 1, "the rollup's first month written", WAIT)
    # Rows written in the worker's open transaction, and the rollup lock held, but nothing visible.
    assert _rows() == set() and _dirty() == MONTHS
    if is_postgres:
        assert _advisory_locks() == 1
    slow.kill()
    assert _lines(workers.progress) < len(MONTHS), "the rollup finished before it was killed; make it slower"

    # The killed transaction rolled back: no partial counts, every month still dirty, no lock left.
    assert _rows() == set() and _dirty() == MONTHS
    if is_postgres:
        wait_for(lambda: _advisory_locks() == 0, "PostgreSQL to release the killed worker's locks", 10)
    assert not result.ready()

    workers(delay=0)  # the same message comes back to the new worker: it was never acknowledged
    try:
        assert result.get(timeout=WAIT)["rows"] == 2808
    except ResultTimeout:
        pytest.fail("the restarted worker did not finish the rollup:\n" + workers.log.read_text()[-3000:])
    after_restart = _rows()
    assert _dirty() == []
    # Counted by hand from _checks: per month, north 1 robot + 2 caseworker lookups and 3 + 1
    # individuals (a household counts once, with its largest persons_checked); south 1 robot, 5.
    for month in (201901, 202006, 202012):
        assert [_value(k, month, unit) for k in ("ssbtek_lookups_robot", "ssbtek_lookups_caseworker",
                                                 "individuals_checked")
                for unit in (north, south, ALL_UNITS)] == [1, 1, 2, 2, 0, 2, 4, 5, 9]
    assert _value("referrals_sent", 202012) == 0 and _value("households_applied", 202012) is None
    assert len(after_restart) == 2808

    # An undisturbed rollup of the same data, in process, writes exactly the same rows.
    forget_rollups()
    db.session.commit()
    rollup_months(201901, 202012)
    db.session.commit()
    assert _rows() == after_restart

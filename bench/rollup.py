"""The rollup: a full rollup of the 24 months, and the incremental ones, against one scan of each table.

The physical limit is one ``SELECT month, count(*) … GROUP BY month`` over the month range of each
table the rollup reads in bulk (``transition`` and ``control_check``), over their covering indexes:
no rollup can read its rows in less. The incremental rollups are timed as they are (goals in
seconds): the current month after a day's ingest, and an old month after one late registration.
"""

from __future__ import annotations

import os
import random
import time
from datetime import date, timedelta

from sqlalchemy import text

from bench.common import Recorder, Setup, app
from bench.recorder import median
from caseflow.months import Month

FULL_GOAL, DAY_GOAL, LATE_GOAL = "≤5×", "<1000 ms", "<100 ms"


def run(setup: Setup, out: Recorder) -> None:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    flask_app = app(setup)
    with flask_app.app_context():
        from caseflow.extensions import db
        from caseflow.reports.rollup import forget_rollups, rollup_dirty, rollup_months

        full, scans = [], []
        for _ in range(runs):
            scans.append(_timed(lambda: _physical_limit(db, setup.first, setup.last)))
            forget_rollups()
            db.session.commit()
            full.append(_timed(lambda: (rollup_months(setup.first, setup.last), db.session.commit())))
        out.record("rollup", "full rollup, 24 months", median(full) * 1000, "ms", baseline=median(scans) * 1000,
                   goal=FULL_GOAL)

        day, late = [], []
        for n in range(runs):
            _a_days_ingest(db, setup, seed=n)
            day.append(_timed(lambda: (rollup_dirty(), db.session.commit())))
            _a_late_registration(db, setup, seed=n)
            late.append(_timed(lambda: (rollup_dirty(), db.session.commit())))
        out.record("rollup", "current month after a day's ingest", median(day) * 1000, "ms", goal=DAY_GOAL)
        out.record("rollup", "old month after one late registration", median(late) * 1000, "ms", goal=LATE_GOAL)
        if int(os.environ.get("BENCH_CELERY_WORKERS", "0")):
            _on_the_workers(flask_app, db, setup, out, runs, baseline=median(scans) * 1000)
        db.session.remove()
    with flask_app.app_context():
        from caseflow.extensions import db
        db.engine.dispose()


def _on_the_workers(flask_app, db, setup: Setup, out: Recorder, runs: int, *, baseline: float) -> None:
    """The scaled-out run: the same rollups sent through the broker to the Celery workers
    (``common.celery_workers``), timed from sending to the result, as the UI and the CLI wait."""
    from caseflow.reports.rollup import forget_rollups
    from workers.celery_app import create_celery

    celery = create_celery(flask_app)
    span = (str(Month(setup.first)), str(Month(setup.last)))
    full, day = [], []
    for n in range(runs):
        forget_rollups()  # as for the in-process full rollup
        db.session.commit()
        full.append(_timed(lambda: celery.send_task("caseflow.rollup_months", args=span).get(timeout=3600)))
        _a_days_ingest(db, setup, seed=100 + n)
        day.append(_timed(lambda: celery.send_task("caseflow.rollup_dirty").get(timeout=600)))
    out.record("rollup", "full rollup, 24 months, on a Celery worker", median(full) * 1000, "ms",
               baseline=baseline, goal=FULL_GOAL)
    out.record("rollup", "current month after a day's ingest, on a Celery worker", median(day) * 1000, "ms",
               goal=DAY_GOAL)


def _timed(work) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def _physical_limit(db, first: int, last: int) -> None:
    for table in ("transition", "control_check"):
        db.session.execute(text(f"SELECT month, count(*) FROM {table} WHERE month BETWEEN :first AND :last "
                                "GROUP BY month"), {"first": first, "last": last}).all()
    db.session.rollback()


def _leader(db):
    from sqlalchemy import select

    from caseflow.auth.models import User
    return db.session.scalar(select(User).where(User.username == "enhetschef"))


def _a_days_ingest(db, setup: Setup, *, seed: int) -> None:
    """A thirtieth of an average month, dated today: checks in bulk, referrals through the services."""
    from caseflow.checks.services import record_checks
    from caseflow.db import today_local
    from caseflow.referrals.services import create_referral

    rng, today, leader = random.Random(seed), today_local(), _leader(db)
    checks = [{"case_ref": f"B-{rng.randrange(10**6)}", "performed_on": today, "actor": "robot",
               "persons_checked": rng.randint(1, 6)} for _ in range(max(1, 3 * setup.size // (24 * 30)))]
    for start in range(0, len(checks), 10_000):
        record_checks(checks[start:start + 10_000], leader.unit_id)
    for n in range(max(1, setup.size // (24 * 30) // 10)):  # a tenth of the day's items: the rest are checks
        create_referral(leader, unit=leader.unit, person_ref=f"PB{seed}-{n}", case_ref=f"B-{n}", sent_on=today)
    db.session.commit()


def _a_late_registration(db, setup: Setup, *, seed: int) -> None:
    """One referral sent in the fifth month of the data, recorded today."""
    from caseflow.referrals.services import create_referral

    leader = _leader(db)
    year, month = divmod(Month.range(setup.first, setup.last)[4], 100)
    create_referral(leader, unit=leader.unit, person_ref=f"PL{seed}", case_ref="L-1",
                    sent_on=date(year, month, 10) + timedelta(days=seed))
    db.session.commit()

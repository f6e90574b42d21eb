"""The Celery app a test starts as a worker process of its own (``celery --app tests.workers.slow_worker``).

It is the project's own app (``workers.make_celery``) with two test-only changes, both made here
and not in the code under test: each month a rollup writes is followed by a note in a progress file and
a pause, so a test knows the rollup has written rows into its open transaction and has time to kill
the worker; and Redis keeps unacknowledged messages only briefly, under keys of the test's own, so a
restarted worker gets the killed worker's message back within seconds instead of an hour.

Read from the environment: ``CASEFLOW_TEST_PROGRESS`` (the file), ``CASEFLOW_TEST_UPSERT_DELAY``
(seconds) and ``CASEFLOW_TEST_KEYPREFIX``.
"""

import os
import time
from pathlib import Path

from caseflow.reports.rollup import store
from tests.workers.redis_keys import transport_options
from workers.make_celery import celery

celery.conf.broker_transport_options = (celery.conf.broker_transport_options or {}) | transport_options(
    os.environ["CASEFLOW_TEST_KEYPREFIX"])

_progress = Path(os.environ["CASEFLOW_TEST_PROGRESS"])
_delay = float(os.environ.get("CASEFLOW_TEST_UPSERT_DELAY", "0"))
_write_month = store.write_month


def _slow_write(month: int, cells: dict) -> None:
    _write_month(month, cells)
    with _progress.open("a") as f:
        f.write(f"{len(cells)}\n")
    time.sleep(_delay)


store.write_month = _slow_write

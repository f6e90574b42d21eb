"""The test run's clock: today's noon in Stockholm, ticking, in the tests and in every Python they start.

Tests compute "today" when they are imported, and the app computes it when it answers; a run that
crossed midnight in Stockholm once had the two disagree by a day (CI, 5 failures at 00:05). So a run
starts its clock at noon, twelve hours from either midnight, on the day it begins. The offset travels
in the environment, and ``sitecustomize.py`` beside this file applies it in the e2e server, its
workers and any other Python a test starts with the test's environment (``PYTHONPATH`` names this
folder). Nothing of this is in the app: it reads the time as it always does.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: Seconds to add to the real time; set once by the test run, inherited by what it starts.
SHIFT = "CASEFLOW_TEST_CLOCK_SHIFT"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOON = time(12)


def shift_to_noon(now: datetime) -> float:
    """Seconds from ``now`` to noon in Stockholm on the day ``now`` is in Stockholm."""
    local = now.astimezone(STOCKHOLM)
    return (datetime.combine(local.date(), NOON, STOCKHOLM) - local).total_seconds()


def start() -> None:
    """Moves this process's clock by the run's offset, if the run has one; it keeps ticking."""
    seconds = os.environ.get(SHIFT)
    if not seconds:
        return
    import time_machine

    time_machine.travel(datetime.now(UTC) + timedelta(seconds=float(seconds)), tick=True).start()


def start_run() -> None:
    """For the test run itself: choose the offset (unless a parent run chose it), hand it on, apply it."""
    os.environ.setdefault(SHIFT, repr(shift_to_noon(datetime.now(UTC))))
    here = os.path.dirname(os.path.abspath(__file__))
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if here not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [here, *paths] if p)
    start()

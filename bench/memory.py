"""Memory: the Celery worker's rollup task over the 24 months, its peak resident size.

The task runs in a process of its own that loads the worker's Celery app (``workers.make_celery``)
and executes ``caseflow.rollup_months`` there, as a worker process does; its peak resident set
(``VmHWM``, which, unlike ``ru_maxrss``, does not carry over the high-water mark of the
benchmark process that forked it) is what a worker would need. The baseline is the same process loading the app
without running the task, so the figure shows what the rollup itself adds.
"""

from __future__ import annotations

import subprocess
import sys

from bench.common import Recorder, Setup
from caseflow.months import Month

GOAL = "<200 MB"

_PROBE = """
import sys
from workers.make_celery import celery
if sys.argv[1] == "rollup":
    result = celery.tasks["caseflow.rollup_months"].apply(args=(sys.argv[2], sys.argv[3]))
    result.get()
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def _peak_mb(setup: Setup, *args: str) -> float:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], env=setup.env, capture_output=True, text=True,
                          check=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024  # in KiB


def run(setup: Setup, out: Recorder) -> None:
    idle = _peak_mb(setup, "idle")
    peak = _peak_mb(setup, "rollup", str(Month(setup.first)), str(Month(setup.last)))
    out.record("memory", "worker peak RSS, 24-month rollup", peak, "MB", baseline=idle, goal=GOAL)

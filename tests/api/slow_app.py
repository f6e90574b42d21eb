"""The project's app for gunicorn, with the control-check bulk pausing after its key is claimed while the
file ``CASEFLOW_TEST_PAUSE_FILE`` exists: a request to kill mid-work, deterministically."""

from __future__ import annotations

import os
import time
from pathlib import Path

import caseflow.api.views_checks as views_checks
from caseflow import create_app as _create_app

_record_checks = views_checks.record_checks


def _paused_record_checks(*args, **kwargs):
    flag = Path(os.environ["CASEFLOW_TEST_PAUSE_FILE"])
    deadline = time.monotonic() + 120
    while flag.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return _record_checks(*args, **kwargs)


def create_app():
    views_checks.record_checks = _paused_record_checks
    return _create_app()

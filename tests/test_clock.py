"""The test run's clock (tests/clock): one day from the first test to the last, here and in the processes
the tests start, so a run that begins at five to midnight cannot see two dates."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

from caseflow.db import today_local
from tests.clock.caseflow_test_clock import STOCKHOLM, shift_to_noon


def test_the_offset_moves_a_time_to_noon_in_stockholm_on_its_own_day():
    # 23:05 UTC on 6 December is 00:05 on the 7th in Stockholm (CET): noon is 11 h 55 min ahead.
    assert shift_to_noon(datetime(2026, 12, 6, 23, 5, tzinfo=UTC)) == 11 * 3600 + 55 * 60
    # 21:30 UTC on 30 June is 23:30 in Stockholm (CEST): noon was 11 h 30 min ago, the same day.
    assert shift_to_noon(datetime(2026, 6, 30, 21, 30, tzinfo=UTC)) == -(11 * 3600 + 30 * 60)


def test_the_run_lives_in_the_afternoon_far_from_midnight():
    now = datetime.now(STOCKHOLM)
    assert 12 <= now.hour < 22, now


def test_a_python_a_test_starts_lives_on_the_same_clock():
    code = "from caseflow.db import today_local, utcnow; print(today_local(), utcnow().timestamp())"
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ), capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] == today_local().isoformat()
    assert abs(float(out[1]) - datetime.now(UTC).timestamp()) < 60

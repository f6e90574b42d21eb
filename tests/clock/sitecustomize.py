"""Python runs this at start-up when ``PYTHONPATH`` names this folder, as the test run sets it: the run's
clock for a process a test starts (see ``caseflow_test_clock``)."""

import caseflow_test_clock

caseflow_test_clock.start()

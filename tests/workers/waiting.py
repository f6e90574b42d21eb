"""Waiting for another process to get somewhere, failing the test with what was awaited if it does not."""

import time

import pytest


def wait_for(condition, what: str, timeout: float, every: float = 0.1):
    """``condition()``'s first truthy value within ``timeout`` seconds, polled ``every`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")

"""Redis transport options shared by a test's Celery client and the worker process it starts."""

#: Seconds a delivered, unacknowledged message stays with its worker before another may take it.
VISIBILITY_TIMEOUT = 2


def transport_options(keyprefix: str) -> dict:
    """Keys of the test's own (the unacked set included), and a killed worker's message handed on
    within seconds instead of Redis's default hour."""
    return {"global_keyprefix": keyprefix, "visibility_timeout": VISIBILITY_TIMEOUT,
            "unacked_restore_interval": 1, "unacked_restore_throttle": 1}

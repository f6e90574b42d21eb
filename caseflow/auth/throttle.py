"""Sign-in throttling per username and per client address, counted from the audit log.

The count lives in the database (the ``auth.login_failed`` rows), not in process memory, so
every gunicorn worker and every machine sees the same count. Two attempts racing past the check
at the same instant can exceed a limit by one each; the limit is a brake, not an exact quota.

Each failed attempt's audit row keeps, in ``after``, the client address and a keyed hash of the
username typed. Never the username in clear: people type their password into the username field.

What a successful sign-in resets, and what it does not:
- per username: failures before the user's last successful sign-in no longer count. The person
  proved they know the password, so their earlier typos should not lock them out.
- per address: nothing. An attacker holding one valid account could otherwise sign in with it
  between guesses at other accounts and reset the address's count each time.
Attempts refused by the throttle write no row: a client hammering a closed door must not fill the
audit log, nor extend its own lock-out forever; the lock ends one window after the failures that
caused it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.db import utcnow
from caseflow.errors import ServiceError
from caseflow.extensions import db

FAILED = "auth.login_failed"
#: A wrong current password on the password change: a guess like a failed sign-in, counted alike.
PASSWORD_FAILED = "auth.password_failed"
COUNTED = (FAILED, PASSWORD_FAILED)

log = logging.getLogger(__name__)


class Throttled(ServiceError):
    """Too many recent failures for this username or address; nothing was checked or changed."""

    code = "throttled"
    status = 429

    def __init__(self, retry_after: timedelta):
        self.retry_after_seconds = max(1, math.ceil(retry_after.total_seconds()))
        minutes = math.ceil(self.retry_after_seconds / 60)
        super().__init__(ngettext("Too many sign-in attempts. Try again in %(num)d minute.",
                                  "Too many sign-in attempts. Try again in %(num)d minutes.", minutes))


def username_key(username: str) -> str:
    """A keyed hash of the (normalised) username, to count attempts by without storing it."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"login:" + username.encode(), hashlib.sha256).hexdigest()[:32]


def failure_details(key: str, address: str | None) -> dict:
    """What a failed attempt's audit row keeps, and the throttle counts by."""
    return {"username_key": key, "address": address}


def _retry_after(limit: int, since: datetime, window: timedelta, field: str, value: str) -> timedelta | None:
    """How long until fewer than ``limit`` failures with this value remain in the window; None if already."""
    # The `at` index keeps this to the last window's rows; the newest `limit` failures are enough:
    # once the oldest of them leaves the window, fewer than `limit` remain.
    recent = db.session.scalars(
        select(AuditEvent.at)
        .where(AuditEvent.action.in_(COUNTED), AuditEvent.at > since,
               AuditEvent.after[field].as_string() == value)
        .order_by(AuditEvent.at.desc())
        .limit(limit)
    ).all()
    if len(recent) < limit:
        return None
    return recent[-1] + window - utcnow()


def check(key: str, address: str | None, last_success_at: datetime | None) -> None:
    """Raise Throttled if this username or this address has failed too often of late."""
    config = current_app.config
    window = timedelta(minutes=config["CASEFLOW_LOGIN_WINDOW_MINUTES"])
    window_start = utcnow() - window
    waits = [_retry_after(config["CASEFLOW_LOGIN_MAX_FAILURES_PER_USERNAME"],
                          max(window_start, last_success_at or window_start), window, "username_key", key)]
    if address:
        waits.append(_retry_after(config["CASEFLOW_LOGIN_MAX_FAILURES_PER_ADDRESS"], window_start, window,
                                  "address", address))
    waits = [w for w in waits if w is not None]
    if waits:
        log.warning("sign-in throttled for address %s", address)
        raise Throttled(max(waits))

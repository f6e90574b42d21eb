"""``Idempotency-Key``: exactly one effect per key, the first answer given again to every retry.

A key is **claimed** before the work, in a row of its own committed at once (unique on token and key,
so of requests arriving together exactly one claims it); the work then runs, and the row is
**completed** with the answer in the work's own transaction, so the change and its answer are
committed together or not at all. A request that finds the key claimed but not completed waits a
bounded time for the answer, then answers 409 ``in_progress``. A claim older than any request can
live (gunicorn kills a worker after 30 s) was left by a request that died: the next retry takes it
over. 5xx answers are not kept: the claim is given up and a retry runs anew.

Every write to a row gives it a new ``claim`` version and is conditional on the version its writer
read, so a completion after a takeover, or two takeovers at once, change nothing.
"""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from flask import Response, current_app
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from caseflow.api.errors import ApiError
from caseflow.api.models import ApiToken, IdempotencyRecord
from caseflow.db import utcnow
from caseflow.extensions import db

HEADER = "Idempotency-Key"
LIFETIME = timedelta(hours=24)
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
#: How often a waiting request looks for the answer.
POLL_SECONDS = 0.1
#: The config keys (``caseflow.config``) of the wait and of a claim's life.
WAIT_SETTING = "CASEFLOW_IDEMPOTENCY_WAIT_SECONDS"
CLAIM_TIMEOUT_SETTING = "CASEFLOW_IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS"

R = IdempotencyRecord.__table__  # the Core table: every read fresh, no identity map between polls


@dataclass(frozen=True)
class Claim:
    """A key this request holds: its row and the version it wrote."""

    id: int
    version: str


class ClaimLost(Exception):
    """The claim was taken over (its request was thought dead): this request's work must not count."""


def check_key(key: str) -> str:
    if not _KEY.match(key):
        raise ApiError(400, "An Idempotency-Key is 1 to 255 visible ASCII characters.", {HEADER: "Malformed."})
    return key


def request_hash(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def in_progress() -> ApiError:
    return ApiError(409, "A request with this Idempotency-Key is still being processed; retry later for its answer.",
                    {HEADER: "In progress."}, code="in_progress")


def _version() -> str:
    return uuid.uuid4().hex


def claim(token: ApiToken, key: str, digest: str) -> Claim | Response:
    """Claim the key for this request (committed), or the stored answer of the request that had it.

    Raises 409 if the key came with another request, or ``in_progress`` if its request is still
    running after the wait.
    """
    config = current_app.config
    deadline = time.monotonic() + config.get(WAIT_SETTING, 10)
    claim_timeout = timedelta(seconds=config.get(CLAIM_TIMEOUT_SETTING, 60))
    while True:
        record = db.session.execute(select(R.c.id, R.c.claim, R.c.request_hash, R.c.status, R.c.body,
                                           R.c.created_at).where(R.c.token_id == token.id, R.c.key == key)).first()
        now, version = utcnow(), _version()
        if record is None:
            try:
                row_id = db.session.execute(insert(R).values(token_id=token.id, key=key, request_hash=digest,
                                                             claim=version, created_at=now)).inserted_primary_key[0]
                db.session.commit()
                return Claim(row_id, version)
            except IntegrityError:  # another request claimed it first: look again
                db.session.rollback()
                continue
        age = now - record.created_at
        if age >= LIFETIME or (record.status is None and age >= claim_timeout):
            # An expired key is used afresh; a dead request's claim is taken over.
            taken = db.session.execute(update(R).where(R.c.id == record.id, R.c.claim == record.claim).values(
                request_hash=digest, claim=version, status=None, body=None, created_at=now)).rowcount
            db.session.commit()
            if taken:
                return Claim(record.id, version)
            continue
        if record.request_hash != digest:
            raise ApiError(409, "This Idempotency-Key was used with another request.",
                           {HEADER: "Used with another body."})
        if record.status is not None:
            db.session.commit()
            response = Response(record.body, status=record.status, mimetype="application/json")
            response.headers["Idempotent-Replayed"] = "true"
            return response
        if time.monotonic() >= deadline:
            raise in_progress()
        db.session.rollback()  # end the read, so the next one sees what the claimant commits
        time.sleep(POLL_SECONDS)


def complete(held: Claim, response: Response) -> None:
    """Store the answer in the session's transaction, to commit with the change it answers."""
    done = db.session.execute(update(R).where(R.c.id == held.id, R.c.claim == held.version).values(
        claim=_version(), status=response.status_code, body=response.get_data(as_text=True))).rowcount
    if not done:
        raise ClaimLost


def release(held: Claim) -> None:
    """Give the key up (the request failed with a 5xx): a retry runs anew. Commits on its own."""
    db.session.rollback()
    db.session.execute(delete(R).where(R.c.id == held.id, R.c.claim == held.version))
    db.session.commit()


def purge_expired() -> int:
    """Delete the records older than 24 hours; returns how many."""
    return db.session.execute(delete(R).where(R.c.created_at < utcnow() - LIFETIME)).rowcount

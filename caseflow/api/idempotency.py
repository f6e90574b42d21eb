"""``Idempotency-Key``: the first answer to a write, kept 24 hours and given again to a retry.

The record is written in the same transaction as the change it answers, so either both exist or
neither: a retry after a lost answer finds the record and changes nothing, a retry after a failed
commit runs the request anew. 5xx answers are not kept (the client should try again for real).
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from flask import Response
from sqlalchemy import delete, select

from caseflow.api.errors import ApiError
from caseflow.api.models import ApiToken, IdempotencyRecord
from caseflow.db import utcnow
from caseflow.extensions import db

HEADER = "Idempotency-Key"
LIFETIME = timedelta(hours=24)
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


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


def replay(token: ApiToken, key: str, digest: str) -> Response | None:
    """The stored answer to this key, if any and fresh; a 409 if the key came with another request."""
    record = db.session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.token_id == token.id,
                                                               IdempotencyRecord.key == key))
    if record is None or utcnow() - record.created_at >= LIFETIME:
        return None
    if record.request_hash != digest:
        raise ApiError(409, "This Idempotency-Key was used with another request.", {HEADER: "Used with another body."})
    response = Response(record.body, status=record.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def remember(token: ApiToken, key: str, digest: str, response: Response) -> None:
    """Add the answer to the session, to commit with the change it answers."""
    if response.status_code >= 500:
        return
    # An expired record of the same key gives way: after 24 hours the key may be used afresh.
    db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.token_id == token.id,
                                                       IdempotencyRecord.key == key))
    db.session.add(IdempotencyRecord(token_id=token.id, key=key, request_hash=digest, status=response.status_code,
                                     body=response.get_data(as_text=True)))


def purge_expired() -> int:
    """Delete the records older than 24 hours; returns how many."""
    table = IdempotencyRecord.__table__  # the Core table: no deleted keys fetched back for the session
    return db.session.execute(delete(table).where(table.c.created_at < utcnow() - LIFETIME)).rowcount

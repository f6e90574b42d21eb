"""API tokens: stored only as a hash, scoped, optionally bound to one unit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import UTCDateTime, str_enum, utcnow
from caseflow.extensions import db
from caseflow.permissions import SCOPE_PERMISSIONS, ItemScope, Permission, Scope, token_item_scope
from caseflow.units.models import Unit

TOKEN_PREFIX = "cf_"


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough; a password hash would only add latency.
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    scope: Mapped[Scope] = mapped_column(str_enum(Scope, "scope"))
    #: None: the token acts for all units.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def can(self, permission: Permission) -> bool:
        return permission in SCOPE_PERMISSIONS[self.scope]

    @property
    def item_scope(self) -> ItemScope:
        return token_item_scope(self.scope, self.unit_id is not None)

    #: What every actor (a user or an API token) answers: who it is, as the audit log records it.
    user_id = None

    @property
    def token_id(self) -> int:
        return self.id

    @property
    def label(self) -> str:
        return self.name


class IdempotencyRecord(db.Model):
    """A ``POST``, ``PUT`` or ``PATCH`` sent with an ``Idempotency-Key``: claimed (no answer yet) in a
    committed row of its own before the work starts, then completed with the first answer in the work's
    transaction, and kept 24 hours so a retry gets that answer again instead of repeating the change."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("token_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_token.id"))
    #: The client's key, unique per token across all endpoints.
    key: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of method, path and body: the same key with another request is refused.
    request_hash: Mapped[str] = mapped_column(String(64))
    #: The row's version, new at every write: a completion or a takeover changes the row only if it
    #: still holds the version its writer read.
    claim: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    #: The answer's status and JSON text, returned as they were; NULL while the request runs.
    status: Mapped[int | None]
    body: Mapped[str | None] = mapped_column(Text)
    #: When the key was claimed: the 24 hours, and a claim's age, run from here.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

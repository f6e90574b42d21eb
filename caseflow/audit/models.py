"""Audit rows: who changed what (before and after), and who looked at which item."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import UTCDateTime, utcnow
from caseflow.extensions import db


class AuditEvent(db.Model):
    """One change. Never updated or deleted: the log the unit's review relies on."""

    __tablename__ = "audit_event"
    #: A leader's review reads the unit's rows newest first (``caseflow.audit.review``).
    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id"),
                      Index("ix_audit_event_unit_id_at", "unit_id", "at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    actor_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"))
    #: What happened, e.g. ``item.create``, ``user.deactivate``, ``auth.login_failed``.
    action: Mapped[str] = mapped_column(String(64))
    #: The table of the thing changed and its id.
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None]
    #: The unit the changed thing belongs to, so a leader's log review can filter on it.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


class AccessLog(db.Model):
    """One read of one item, by a user or a token."""

    __tablename__ = "access_log"
    #: A leader's review reads the unit's rows newest first (``caseflow.audit.review``).
    __table_args__ = (Index("ix_access_log_unit_id_at", "unit_id", "at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"))
    item_id: Mapped[int] = mapped_column(index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    #: Where the read came from: ``web`` or ``api``.
    channel: Mapped[str] = mapped_column(String(8))

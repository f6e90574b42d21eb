"""The user table."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import UTCDateTime, str_enum, utcnow
from caseflow.extensions import db
from caseflow.permissions import (
    ROLE_ITEM_SCOPE,
    ROLE_PERMISSIONS,
    ROLES_WITH_UNIT,
    ItemScope,
    Permission,
    Role,
)
from caseflow.units.models import Unit


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        # Caseworkers and leaders work in one unit; analysts and admins across all.
        CheckConstraint(
            "(role IN ('caseworker', 'unit_leader')) = (unit_id IS NOT NULL)", name="unit_matches_role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    #: Where the committee calendar's reminders go; None sends none (they show in the app only).
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    #: Flask-Login's alternative id: rotating it ends every session of the user.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit | None] = relationship()

    def get_id(self) -> str:
        return self.session_token

    def end_all_sessions(self) -> None:
        self.session_token = new_session_token()

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def item_scope(self) -> ItemScope:
        return ROLE_ITEM_SCOPE[self.role]

    #: What every actor (a user or an API token) answers: who it is, as the audit log records it.
    @property
    def user_id(self) -> int:
        return self.id

    token_id = None

    @property
    def label(self) -> str:
        return self.display_name

    @property
    def needs_unit(self) -> bool:
        return self.role in ROLES_WITH_UNIT

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"

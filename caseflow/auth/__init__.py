"""Users, sign-in and sign-out."""

from __future__ import annotations


def init_login(login_manager) -> None:
    from flask_babel import lazy_gettext as _l
    from sqlalchemy import select

    from caseflow.auth.models import User
    from caseflow.extensions import db

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_token: str) -> User | None:
        # The session holds the rotating token, not the id: rotating it signs the user out everywhere.
        return db.session.scalar(
            select(User).where(User.session_token == session_token, User.is_active.is_(True)))

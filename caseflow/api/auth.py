"""Bearer-token authentication for the API: who the token is, and that its scope allows the request."""

from __future__ import annotations

from datetime import timedelta

from flask import g, request
from sqlalchemy import update

from caseflow.api.errors import ApiError
from caseflow.api.models import ApiToken
from caseflow.api.tokens import token_for
from caseflow.db import utcnow
from caseflow.extensions import db
from caseflow.permissions import Permission

#: A token's last use is written at most this often: one row update a minute, not one per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def authenticate() -> ApiToken:
    """The active token of the ``Authorization: Bearer`` header, kept in ``g.api_token``; 401 otherwise."""
    scheme, _sep, plain = request.headers.get("Authorization", "").partition(" ")
    token = token_for(plain.strip()) if scheme.lower() == "bearer" and plain.strip() else None
    if token is None:
        raise ApiError(401, "A valid API token is required: Authorization: Bearer <token>.")
    g.api_token = token
    _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    """Record the token's last use, in a transaction of its own so a refused request keeps it too."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    db.session.commit()


def require(token: ApiToken, permission: Permission) -> None:
    if not token.can(permission):
        raise ApiError(403, f"A token of scope {token.scope} may not do this.")

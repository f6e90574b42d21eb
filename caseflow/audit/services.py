"""Writing the audit and access logs; callers commit with the change they log."""

from __future__ import annotations

from flask import g, has_request_context
from flask_login import current_user

from caseflow.audit.models import AccessLog, AuditEvent
from caseflow.extensions import db


def current_actor() -> tuple[int | None, int | None]:
    """(user id, token id) of whoever makes the current request, if anyone."""
    if not has_request_context():
        return None, None
    token = g.get("api_token")
    if token is not None:
        return None, token.id
    if current_user and current_user.is_authenticated:
        return current_user.id, None
    return None, None


def actor_ids(actor) -> tuple[int | None, int | None]:
    """(user id, token id) of an actor: a user, an API token, or None for whoever makes the request."""
    if actor is None:
        return current_actor()
    return actor.user_id, actor.token_id


def record_change(action: str, entity: str, entity_id: int | None, *, actor=None, before: dict | None = None,
                  after: dict | None = None, unit_id: int | None = None) -> AuditEvent:
    """Add an audit row to the session; it commits or rolls back with the change itself."""
    user_id, token_id = actor_ids(actor)
    event = AuditEvent(
        action=action, entity=entity, entity_id=entity_id, unit_id=unit_id, before=before, after=after,
        actor_user_id=user_id, actor_token_id=token_id,
    )
    db.session.add(event)
    return event


def record_access(item_id: int, unit_id: int | None, channel: str, actor=None) -> None:
    user_id, token_id = actor_ids(actor)
    db.session.add(AccessLog(item_id=item_id, unit_id=unit_id, user_id=user_id, token_id=token_id,
                             channel=channel))

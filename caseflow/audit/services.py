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


def record_list(name: str, filters: dict, shown: list[int], total: int, unit_id: int | None) -> None:
    """A list of items shown to the current user: which list, the filter, which rows of how many.

    Lists show ``case_ref`` and ``person_ref`` fifty at a time, so a look at one is an access like
    opening an item. The row keeps item ids and the filter as chosen (a ``case_ref`` prefix under
    that key, masked to admins as every reference is), never the references shown.
    """
    record_change("items.list", "work_item", None, unit_id=unit_id,
                  after={"list": name, "filter": {k: v for k, v in filters.items() if v}, "rows": total,
                         "shown": shown})


def record_refusal(action: str, entity: str, entity_id: int | None, *, unit_id: int | None = None,
                   after: dict | None = None) -> None:
    """An audit row of a refused attempt, kept although the request that made it rolls back.

    Refusals happen deep in services whose callers roll back; the row waits in ``g`` and
    ``commit_refusals`` writes it once the request is answered. Outside a request (a task, the CLI)
    it joins the caller's transaction like any change.
    """
    if not has_request_context():
        record_change(action, entity, entity_id, unit_id=unit_id, after=after)
        return
    user_id, token_id = current_actor()
    g.setdefault("refusals", []).append(dict(
        action=action, entity=entity, entity_id=entity_id, unit_id=unit_id, after=after,
        actor_user_id=user_id, actor_token_id=token_id))


def commit_refusals(response):
    """After every request: write the refusals it recorded in a transaction of their own."""
    refusals = g.pop("refusals", None)
    if refusals:
        db.session.rollback()  # whatever the refused request left in the session is not kept
        db.session.add_all(AuditEvent(**fields) for fields in refusals)
        db.session.commit()
    return response

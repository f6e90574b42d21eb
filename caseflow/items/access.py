"""Who sees which items, enforced in the queries themselves (the scopes of ``caseflow.permissions``)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, false, select

from caseflow.audit.services import record_access, record_refusal
from caseflow.errors import Forbidden, NotFound
from caseflow.extensions import db
from caseflow.items.models import WorkItem
from caseflow.auth.models import User
from caseflow.permissions import ItemScope, Permission, roles_that_may_hold, write_permission
from caseflow.units.models import Unit


def visible(actor, stmt: Select | None = None, model=WorkItem) -> Select:
    """``stmt`` narrowed to the items ``actor`` may see: none, its unit's, or (a unit-less token) all."""
    stmt = select(model) if stmt is None else stmt
    if model is not WorkItem:
        # Redundant with the join to the kind's table, but lets (unit_id, kind, state) serve the query.
        stmt = stmt.where(WorkItem.kind == model.__mapper__.polymorphic_identity)
    scope = actor.item_scope if actor.can(Permission.ITEMS_READ) else ItemScope.NONE
    if scope is ItemScope.OWN_UNIT:
        return stmt.where(model.unit_id == actor.unit_id)
    if scope is ItemScope.ALL_UNITS:
        return stmt
    return stmt.where(false())


def get_item(actor, item_id: int, model=WorkItem) -> WorkItem:
    """The item, if ``actor`` may see it; missing and not-yours answer alike (NotFound)."""
    item = db.session.scalar(visible(actor, model=model).where(model.id == item_id))
    if item is None:
        # An item that exists but is not the actor's to see: a probe the item's unit should know of.
        unit_id = db.session.scalar(select(WorkItem.unit_id).where(WorkItem.id == item_id))
        if unit_id is not None:
            record_refusal("item.access_refused", "work_item", item_id, unit_id=unit_id)
        raise NotFound(_("No such item."))
    return item


def read_item(actor, item_id: int, channel: str, model=WorkItem) -> WorkItem:
    """``get_item``, and the read goes into the access log."""
    item = get_item(actor, item_id, model)
    record_access(item.id, item.unit_id, channel, actor)
    return item


def require_write(actor, unit: Unit, kind: str | None = None) -> None:
    """Refuse unless ``actor`` may write items (of ``kind``) in ``unit``."""
    if not actor.can(write_permission(kind)):
        raise Forbidden(_("Your role may not change these items."))
    scope = actor.item_scope
    if scope is ItemScope.OWN_UNIT and unit.id != actor.unit_id:
        raise NotFound(_("Unknown unit."), {"unit": _("Unknown unit.")})
    if not unit.is_active:
        raise NotFound(_("Unknown unit."), {"unit": _("Unknown unit.")})


def unit_members(actor, kind: str | None = None) -> list[User]:
    """The active users of the actor's unit who may be named on its items (of ``kind``): their owners,
    coordinators, responsible leaders (``caseflow.permissions.roles_that_may_hold``)."""
    return list(db.session.scalars(
        select(User).where(User.unit_id == actor.unit_id, User.is_active.is_(True),
                           User.role.in_(sorted(roles_that_may_hold(kind))))
        .order_by(User.display_name, User.username)))

"""Creating, changing, editing and reassigning work items, for any kind, through the workflow."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from caseflow.audit.services import record_change
from caseflow.auth.models import User
from caseflow.db import MAX_ID
from caseflow.errors import Conflict, Forbidden, ValidationError
from caseflow.extensions import db
from caseflow.items import counting
from caseflow.items.access import get_item, require_write, visible
from caseflow.items.flows import count_flow
from caseflow.items.models import Transition, WorkItem
from caseflow.items.state_labels import kind_label
from caseflow.items.validation import validate_fields
from caseflow.kinds import MACHINES
from caseflow.months import Month
from caseflow.permissions import Permission, roles_that_may_hold
from caseflow.units.models import Unit
from caseflow.workflow.machine import CREATE, VOIDED
from caseflow.workflow.transitions import apply_event, check_version, flush_versioned, record_creation


def create_item(actor, model: type[WorkItem], unit: Unit, fields: dict, *, owner: User | None = None,
                confirm_late: bool = False, **related) -> WorkItem:
    """A new item of ``model`` in ``unit`` with ``fields`` validated, in its initial state.

    ``related`` are values the kind's service has already checked (a meeting's plan). Dated into a
    month whose report is frozen, it is refused unless ``confirm_late``.
    """
    kind = model.__mapper__.polymorphic_identity
    require_write(actor, unit, kind)
    validate_fields(kind, fields, unit.id)
    if owner is None and actor.user_id is not None and actor.unit_id == unit.id:
        owner = actor
    item = model(unit_id=unit.id, state=MACHINES[kind].initial, owner_id=owner.id if owner else None,
                 opened_on=model.opened_for(fields[model.OWN_DATE]),
                 created_by_token_id=actor.token_id, **fields, **related)
    record_creation(item, actor, confirm_late=confirm_late)
    return item


def apply(actor, item_id: int, event: str, *, on: date | None, note: str | None = None,
          reason: str | None = None, outcome: str | None = None, expected_version: int | None = None,
          confirm_late: bool = False) -> WorkItem:
    """Apply a person's or a client's event to a visible item."""
    item = get_item(actor, item_id)
    require_write(actor, item.unit, item.kind)
    apply_event(item, event, on=on, actor=actor, note=note, reason=reason, outcome=outcome,
                expected_version=expected_version, confirm_late=confirm_late)
    return item


def edit_item(actor, item_id: int, changes: dict, *, expected_version: int | None = None,
              confirm_late: bool = False, action: str = "item.edit", keep_all: bool = False) -> WorkItem:
    """Change an item's fields (never its state); versioned and audited as ``action`` (the history's line).

    ``keep_all``: a record in its own right (a KIR check), audited with every field given, even
    unchanged ones, and even when nothing changed, so a second check never hides the first.
    Every month whose counts read a changed field is marked dirty (``caseflow.items.counting``); one
    whose report is frozen is refused unless ``confirm_late``.
    """
    item = get_item(actor, item_id)
    require_write(actor, item.unit, item.kind)
    check_version(item, expected_version)
    not_editable = set(changes) - set(item.EDITABLE)
    if not_editable:
        raise ValidationError(_("These fields cannot be edited."), {f: _("Not editable.") for f in not_editable})
    if item.state == VOIDED:
        raise Conflict(_("The item is voided: it can no longer be corrected."), {"state": _("Voided.")})
    given = dict(changes)
    changes = {k: v for k, v in changes.items() if getattr(item, k) != v}
    if not changes and not keep_all:
        return item
    if not changes:  # the same values checked again: validated, recorded, nothing moved
        validate_fields(item.kind, given, item.unit_id)
        record_change(action, "work_item", item.id, actor=actor, before=_plain_fields(item, given),
                      after=_plain_fields(item, given), unit_id=item.unit_id)
        return item
    validate_fields(item.kind, changes, item.unit_id)
    item.check_edit(changes)
    if item.OWN_DATE in changes:
        _check_creation_move(item, changes[item.OWN_DATE])
    before = item.snapshot()
    old_values = {name: getattr(item, name) for name in changes}
    for name, value in changes.items():
        setattr(item, name, value)
    if item.OWN_DATE in changes:
        _move_creation(item)
    flush_versioned()
    counting.mark_counted(counting.of_fields(item, changes, old_values), confirmed=confirm_late,
                          fields=counting.counted(item, changes))
    recorded = given if keep_all else changes
    after = item.snapshot()
    record_change(action, "work_item", item.id, actor=actor, before={k: before[k] for k in recorded},
                  after={k: after[k] for k in recorded}, unit_id=item.unit_id)
    return item


def _plain_fields(item: WorkItem, names) -> dict:
    snapshot = item.snapshot()
    return {name: snapshot[name] for name in names}


def _check_creation_move(item: WorkItem, own_date: date) -> None:
    """Refuse an own date that would begin the item after its first event: its history runs forward."""
    if own_date is None or item.EVENTS_BEFORE_OWN_DATE:
        return
    first_event = db.session.scalar(select(func.min(Transition.effective_on))
                                    .where(Transition.item_id == item.id, Transition.event != CREATE))
    if first_event is not None and item.opened_for(own_date) > first_event:
        raise ValidationError(_("The date is after the item's first event."),
                              {item.OWN_DATE: _("The date may not be after the first event (%(d)s).",
                                                d=first_event.isoformat())})


def _move_creation(item: WorkItem) -> None:
    """The creation is effective on the item's own date, so correcting that date moves it too."""
    item.opened_on = item.opened_for(getattr(item, item.OWN_DATE))
    creation = db.session.scalar(select(Transition).where(Transition.item_id == item.id,
                                                          Transition.event == CREATE))
    creation.effective_on = item.opened_on
    if (month := Month.of(item.opened_on)) != creation.month:  # its flow moves with it
        count_flow(creation, -1)
        creation.month = month
        count_flow(creation, 1)


def reassign(actor, item_ids: Iterable[int], owner_id: int) -> list[WorkItem]:
    """Give items of the leader's unit to another caseworker or leader of that unit; all or none."""
    if not actor.can(Permission.ITEMS_REASSIGN):
        raise Forbidden(_("Only a unit leader may reassign items."))
    ids = sorted(set(item_ids))
    if any(not 1 <= item_id <= MAX_ID for item_id in ids):  # no such item; the database would overflow
        raise ValidationError(_("Choose items of your unit."), {"items": _("Unknown item.")})
    items = list(db.session.scalars(visible(actor).where(WorkItem.id.in_(ids))))
    if len(items) != len(ids) or not ids:
        raise ValidationError(_("Choose items of your unit."), {"items": _("Unknown item.")})
    owner = db.session.get(User, owner_id) if isinstance(owner_id, int) and 1 <= owner_id <= MAX_ID else None
    if owner is None or not owner.is_active or owner.unit_id != actor.unit_id:
        raise ValidationError(_("Choose an active caseworker or leader of your unit."),
                              {"owner": _("Not a member of your unit.")})
    if refused := next((item for item in items if owner.role not in roles_that_may_hold(item.kind)), None):
        message = _("%(name)s may not be responsible for an item of the kind %(kind)s.",
                    name=owner.display_name, kind=kind_label(refused.kind))
        raise ValidationError(message, {"owner": message})
    for item in items:
        if item.owner_id != owner.id:
            record_change("item.reassign", "work_item", item.id, actor=actor, before={"owner_id": item.owner_id},
                          after={"owner_id": owner.id}, unit_id=item.unit_id)
            item.owner_id = owner.id
    flush_versioned()
    return items


def history(item: WorkItem) -> list[Transition]:
    """The item's transitions, oldest first."""
    return list(db.session.scalars(select(Transition).where(Transition.item_id == item.id)
                                   .order_by(Transition.id)))

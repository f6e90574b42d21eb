"""Work items through the API: reading one, correcting one, applying an event, all through the services; each
kind's package declares its own creation (its ``api`` module) with what is shared here.

The API confirms late registrations (API.md): every write passes ``confirm_late=True``, and its
answer says when it landed in a month whose report is frozen.
"""

from __future__ import annotations

from sqlalchemy import select

from caseflow.api import schemas as s
from caseflow.api.blueprint import bp
from caseflow.api.models import ApiToken
from caseflow.api.operations import operation
from caseflow.errors import Forbidden, ValidationError
from caseflow.extensions import db
from caseflow.items.access import read_item
from caseflow.items.counting import LATE_REGISTRATION
from caseflow.items.models import WorkItem
from caseflow.items.services import apply, edit_item, history
from caseflow.items.registry import kind_spec
from caseflow.permissions import Permission
from caseflow.units.models import Unit

ITEM_ID = (("item_id", {"type": "integer", "minimum": 1}, "The item's id."),)
CREATE_ERRORS = (409, 413, 422)


def unit_for(token: ApiToken, code: str) -> Unit:
    """The unit named in a body, if the token may act for it."""
    unit = db.session.scalar(select(Unit).where(Unit.code == code, Unit.is_active.is_(True)))
    # A token of one unit may name that unit only: any other, known or not, is forbidden to it.
    if token.unit_id is not None and (unit is None or token.unit_id != unit.id):
        raise Forbidden("This token acts for another unit only.", {"unit": "Not this token's unit."})
    if unit is None:
        raise ValidationError("Nothing was saved: unknown unit.", {"unit": "Unknown unit."})
    return unit


def item_out(item: WorkItem) -> s.ItemOut:
    transitions = history(item)
    unit_ids = {item.unit_id, *(t.unit_id for t in transitions)}
    codes = dict(db.session.execute(select(Unit.id, Unit.code).where(Unit.id.in_(unit_ids))).all())
    extra = kind_spec(item.kind).api_answer(item)
    return s.ItemOut(
        id=item.id, kind=item.kind, state=item.state, version=item.version, unit=codes[item.unit_id],
        case_ref=item.case_ref, opened_on=item.opened_on, created_at=item.created_at, updated_at=item.updated_at,
        allowed_events=[e.name for e in item.machine().allowed(item.state)],
        transitions=[s.TransitionOut(event=t.event, from_state=t.from_state, to_state=t.to_state,
                                     effective_on=t.effective_on, recorded_at=t.recorded_at, unit=codes[t.unit_id],
                                     note=t.note, reason=t.reason, outcome=t.outcome) for t in transitions],
        **extra)


def written(item: WorkItem) -> s.ItemOut:
    """The answer to a write: the item as GET shows it, and the late registration the write was, if any."""
    answer = item_out(item)
    if (late := db.session.info.pop(LATE_REGISTRATION, None)) is not None:
        answer.late_registration = s.LateRegistrationOut(**late.as_dict())
    return answer


@operation(bp, "GET", "/items/<int:item_id>", summary="An item of the token's unit, with its transitions.",
           permission=Permission.ITEMS_READ, response=s.ItemOut, errors=(404,), path_params=ITEM_ID)
def item(token: ApiToken, item_id: int):
    return item_out(read_item(token, item_id, "api"))


def declare_corrections() -> None:
    """``PATCH /items/{id}``, declared once every kind's package has registered its correctable fields
    (``caseflow.api.views`` calls it after loading them)."""

    @operation(bp, "PATCH", "/items/<int:item_id>", summary="Correct an item's fields, as its page does.",
               permission=Permission.ITEMS_WRITE, body=s.item_patch_model(), response=s.ItemOut,
               errors=(404, 409, 413, 422), path_params=ITEM_ID)
    def correct(token: ApiToken, item_id: int, body):
        changes = body.model_dump(exclude_unset=True, exclude={"version"})
        return written(edit_item(token, item_id, changes, expected_version=body.version, confirm_late=True))


@operation(bp, "POST", "/items/<int:item_id>/events", summary="Apply an event to an item.",
           permission=Permission.ITEMS_WRITE, body=s.EventIn, response=s.ItemOut,
           errors=(404, 409, 413, 422), path_params=ITEM_ID)
def events(token: ApiToken, item_id: int, body: s.EventIn):
    changed = apply(token, item_id, body.event, on=body.on, note=body.note, reason=body.reason,
                    outcome=body.outcome, expected_version=body.version, confirm_late=True)
    return written(changed)

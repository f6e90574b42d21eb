"""The lists of items per kind: filtered, sorted and narrowed to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from caseflow.items.access import unit_members, visible
from caseflow.items.models import WorkItem
from caseflow.items.state_labels import STATE_LABELS, VOIDED_LABEL
from caseflow.months import Month
from caseflow.workflow.machine import VOIDED

#: Owner filter values besides a user's id.
MINE, UNASSIGNED = "me", "none"


@dataclass(frozen=True)
class ListFilter:
    state: str | None = None
    #: ``me``, ``none`` (unassigned), or a user id as text.
    owner: str | None = None
    #: A month bucket, ``202011``: the month of the item's own date.
    month: int | None = None
    case_ref: str | None = None
    sort: str = "newest"


def list_items(actor, model: type[WorkItem], chosen: ListFilter, *options) -> Select:
    """The items of ``model`` ``actor`` may see, narrowed by ``chosen``; the owner is loaded with them."""
    own_date = getattr(model, model.OWN_DATE)
    stmt = visible(actor, model=model).options(selectinload(model.owner), *options)
    if chosen.state:
        stmt = stmt.where(model.state == chosen.state)
    if chosen.owner == MINE:
        stmt = stmt.where(model.owner_id == actor.id)
    elif chosen.owner == UNASSIGNED:
        stmt = stmt.where(model.owner_id.is_(None))
    elif chosen.owner and chosen.owner.isdigit():
        stmt = stmt.where(model.owner_id == int(chosen.owner))
    if chosen.month:
        month = Month(chosen.month)
        stmt = stmt.where(own_date >= month.first_day, own_date <= month.last_day)  # a range, so the index serves it
    if chosen.case_ref:
        stmt = stmt.where(model.case_ref.startswith(chosen.case_ref.strip(), autoescape=True))
    if chosen.sort == "oldest":
        return stmt.order_by(own_date, model.id)
    if chosen.sort == "state":
        return stmt.order_by(model.state, own_date.desc(), model.id.desc())
    return stmt.order_by(own_date.desc(), model.id.desc())


def fill_filter_choices(form, kind, actor) -> None:
    """The kind's states and the unit's members as the filter form's choices."""
    form.state.choices = [("", _l("All states"))] + [(s, label) for s, label in STATE_LABELS[kind].items()] + [
        (VOIDED, VOIDED_LABEL)]
    form.owner.choices = [("", _l("Everyone")), (MINE, _l("Me")), (UNASSIGNED, _l("Unassigned"))] + [
        (str(u.id), u.display_name) for u in unit_members(actor) if u.id != actor.id]


def chosen_filter(form) -> ListFilter:
    """What the (validated) filter form asks for; a field with an error filters nothing."""
    def value(field):
        return None if field.errors or not field.data else field.data
    return ListFilter(state=value(form.state), owner=value(form.owner), month=form.month_bucket(),
                      case_ref=value(form.case_ref), sort=value(form.sort) or "newest")

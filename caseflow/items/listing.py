"""The lists of items per kind: filtered, sorted and narrowed to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select
from sqlalchemy.orm import aliased, selectinload

from caseflow.auth.models import User
from caseflow.items.access import unit_members, visible
from caseflow.items.models import WorkItem
from caseflow.items.registry import kind_spec
from caseflow.items.state_labels import STATE_LABELS, VOIDED_LABEL
from caseflow.months import Month
from caseflow.workflow.machine import VOIDED

#: Owner filter values besides a user's id.
MINE, UNASSIGNED = "me", "none"
#: The state filter's value for every item but the voided ones.
NOT_VOIDED = "not_voided"


#: The columns a list sorts by, each ascending or, with a leading ``-``, descending: the item's own
#: date, its case, its state, its owner's name, its due date (a kind with due dates).
SORT_KEYS = ("date", "case_ref", "state", "owner", "due")
DEFAULT_SORT = "-date"
#: The sort drop-down's values before the sortable headers, kept so old bookmarks still sort.
_OLD_SORTS = {"newest": "-date", "oldest": "date", "state": "state"}


def sort_key(value: str | None) -> str:
    """A known sort (``-date``, ``case_ref`` …), or the default."""
    value = _OLD_SORTS.get(value or "", value or "")
    return value if value.removeprefix("-") in SORT_KEYS else DEFAULT_SORT


@dataclass(frozen=True)
class ListFilter:
    state: str | None = None
    #: ``me``, ``none`` (unassigned), or a user id as text.
    owner: str | None = None
    #: A month bucket, ``202011``: the month of the item's own date.
    month: int | None = None
    case_ref: str | None = None
    sort: str = DEFAULT_SORT
    #: Only the items whose due date has passed (a kind with due dates).
    late: bool = False
    #: The kind's own filters chosen (``KindSpec.list_filters``), as (name, code).
    codes: tuple[tuple[str, str], ...] = ()


def list_items(actor, model: type[WorkItem], chosen: ListFilter, *options, today: date) -> Select:
    """The items of ``model`` ``actor`` may see, narrowed by ``chosen``; the owner is loaded with them."""
    own_date = getattr(model, model.OWN_DATE)
    spec = kind_spec(model.__mapper__.polymorphic_identity)
    stmt = visible(actor, model=model).options(selectinload(model.owner), *options)
    if chosen.state == NOT_VOIDED:
        stmt = stmt.where(model.state != VOIDED)
    elif chosen.state:
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
        stmt = stmt.where(model.case_ref.istartswith(chosen.case_ref.strip(), autoescape=True))
    if chosen.late and spec.due_before is not None:
        stmt = stmt.where(spec.due_before(today))
    by_name = {choice.name: choice for choice in spec.list_filters}
    for name, code in chosen.codes:
        stmt = stmt.where(by_name[name].column() == code)
    return _sorted(stmt, model, spec, sort_key(chosen.sort), own_date)


def _sorted(stmt: Select, model, spec, sort: str, own_date) -> Select:
    """``stmt`` in the order of ``sort``; ties newest first, and by id, so pages never overlap."""
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    if key == "owner":
        owner = aliased(User)
        stmt = stmt.outerjoin(owner, owner.id == model.owner_id)
        column = owner.display_name
    elif key == "due" and spec.due_order is not None:
        column = spec.due_order()
    else:
        column = {"case_ref": model.case_ref, "state": model.state}.get(key, own_date)
    tie = (own_date.desc(), model.id.desc()) if column is not own_date else (model.id.desc() if descending else model.id,)
    # Items without a value (no owner, no due date) last either way, as both databases agree to.
    return stmt.order_by(column.is_(None), column.desc() if descending else column, *tie)


def fill_filter_choices(form, kind, actor) -> None:
    """The kind's states and the unit's members as the filter form's choices."""
    form.state.choices = [("", _l("All states")), (NOT_VOIDED, _l("All but the voided"))] + [(s, label) for s, label in STATE_LABELS[kind].items()] + [
        (VOIDED, VOIDED_LABEL)]
    form.owner.choices = [("", _l("Everyone")), (MINE, _l("Me")), (UNASSIGNED, _l("Unassigned"))] + [
        (str(u.id), u.display_name) for u in unit_members(actor) if u.id != actor.id]


def chosen_filter(form, codes: tuple = ()) -> ListFilter:
    """What the (validated) filter form asks for; a field with an error filters nothing."""
    def value(field):
        return None if field.errors or not field.data else field.data
    return ListFilter(state=value(form.state), owner=value(form.owner), month=form.month_bucket(),
                      case_ref=value(form.case_ref), sort=sort_key(form.sort.data), late=bool(form.late.data),
                      codes=codes)


def chosen_codes(kind, args) -> tuple[list, tuple]:
    """The kind's own filters as the page offers them, [(choice, its options, the code chosen)], and the
    codes chosen among the options; a code not offered filters nothing."""
    offered, codes = [], []
    for choice in kind_spec(kind).list_filters:
        options = choice.choices()
        code = args.get(choice.name) or ""
        if code not in dict(options):
            code = ""
        offered.append((choice, options, code))
        if code:
            codes.append((choice.name, code))
    return offered, tuple(codes)

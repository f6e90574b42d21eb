""""Mina ärenden": what needs action today, for one caseworker or leader, in a fixed number of queries.

Each kind declares its sections of the page (``KindSpec.todo``): referrals waiting for the receiving
centre's answer, SIP meetings booked within the week, SIP follow-ups due. Everything of those already
late is gathered first; the reader's own items first, then the unit's unowned ones. One query a
section, each joining its rows' owners.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, or_
from sqlalchemy.orm import joinedload

from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.items.deadlines import TimeState, time_state
from caseflow.items.models import WorkItem
from caseflow.items.registry import Summary, Todo, kinds, model_of

#: At most this many rows per query: a start page, not a list (the lists page through everything).
#: 100 made the page render up to 400 rows at a city's volume (docs/performance.md).
LIMIT = 25


@dataclass(frozen=True)
class ActionRow:
    item: WorkItem
    #: The section the row belongs to: what is awaited.
    todo: Todo
    due_on: date
    light: TimeState
    is_mine: bool
    #: The page to act on: the item's own, or for a follow-up the plan's (where the next meeting is booked).
    target_id: int
    #: Who (the person reference) and what (a referral's target, a meeting's kind) the row is about.
    summary: Summary


@dataclass
class Today:
    late: list[ActionRow] = field(default_factory=list)
    #: Each kind's sections in the kinds' order, with their rows that are not late.
    sections: list[tuple[Todo, list[ActionRow]]] = field(default_factory=list)
    #: Whether a query hit LIMIT, so the page says the list is cut short.
    truncated: bool = False


def section_rows(actor, today: date, items_of, limit: int):
    """Each kind's start-page sections (``KindSpec.todo``), in the kinds' order, with the first ``limit``
    of their items as rows. ``items_of(model)`` gives the items to narrow, and the columns they are
    ordered by before the section's own. Yields each section, its rows, and whether ``limit`` cut it short."""
    for spec in kinds().values():
        model = model_of(spec.name)
        for todo in spec.todo:
            stmt, order_first = items_of(model)
            stmt = todo.narrow(stmt, today).order_by(*order_first, *todo.order_by)
            items = list(db.session.scalars(stmt.limit(limit)))
            rows = []
            for item in items:
                due_on = todo.due_on(item)
                rows.append(ActionRow(item, todo, due_on, time_state(due_on, today), item.owner_id == actor.id,
                                      todo.target_id(item), spec.summary(item)))
            yield todo, rows, len(items) == limit


def todays_work(actor, today: date) -> Today:
    """The reader's start page: each row with its due date and traffic light; late rows gathered first."""

    def mine_or_unowned(model):
        stmt = visible(actor, model=model).where(or_(model.owner_id == actor.id, model.owner_id.is_(None)))
        return stmt.options(joinedload(model.owner)), (case((model.owner_id == actor.id, 0), else_=1),)

    result = Today()
    for todo, rows, cut_short in section_rows(actor, today, mine_or_unowned, LIMIT):
        result.truncated = result.truncated or cut_short
        result.late.extend(row for row in rows if row.light is TimeState.LATE)
        result.sections.append((todo, [row for row in rows if row.light is not TimeState.LATE]))
    result.late.sort(key=lambda row: (not row.is_mine, row.due_on, row.item.id))
    return result

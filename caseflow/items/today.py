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


def _mine_or_unowned(actor, model):
    stmt = visible(actor, model=model).where(or_(model.owner_id == actor.id, model.owner_id.is_(None)))
    return stmt.options(joinedload(model.owner))


def todays_work(actor, today: date) -> Today:
    """The reader's start page: each row with its due date and traffic light; late rows gathered first."""
    result = Today()
    for spec in kinds().values():
        model = model_of(spec.name)
        for todo in spec.todo:
            mine_first = case((model.owner_id == actor.id, 0), else_=1)
            stmt = todo.narrow(_mine_or_unowned(actor, model), today).order_by(mine_first, *todo.order_by)
            rows = list(db.session.scalars(stmt.limit(LIMIT)))
            result.truncated = result.truncated or len(rows) == LIMIT
            section = []
            for item in rows:
                due_on = todo.due_on(item)
                row = ActionRow(item, todo, due_on, time_state(due_on, today), item.owner_id == actor.id,
                                todo.target_id(item), spec.summary(item))
                (result.late if row.light is TimeState.LATE else section).append(row)
            result.sections.append((todo, section))
    result.late.sort(key=lambda row: (not row.is_mine, row.due_on, row.item.id))
    return result

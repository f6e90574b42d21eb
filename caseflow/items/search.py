"""The search of the page header: a household's or a person's items of every kind, as one timeline.

A ``case_ref`` or ``person_ref`` (its beginning, any case) finds the items of each registered kind whose
declared references (``KindSpec.searchable``) begin so, among those the reader may see
(``caseflow.items.access.visible``); their events are listed by the day they took effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.items.models import Transition, WorkItem
from caseflow.items.registry import kinds, model_of
from caseflow.plain_text import CONTROL_CHARACTERS

#: At most this many items are shown; a wider search asks for more of the reference.
LIMIT = 200
#: The longest reference there is (``work_item.case_ref``).
MAX_LENGTH = 32


@dataclass
class SearchResult:
    query: str
    items: list[WorkItem] = field(default_factory=list)
    #: Every event of the items, by the day it took effect (then as recorded).
    timeline: list[Transition] = field(default_factory=list)
    #: More items matched than are shown.
    more: bool = False

    @property
    def item_by_id(self) -> dict[int, WorkItem]:
        return {item.id: item for item in self.items}


def cleaned(query: str | None) -> str:
    """The reference as typed, without what no reference holds (control characters such as NUL, which
    PostgreSQL refuses), at most as long as a reference is."""
    return CONTROL_CHARACTERS.sub("", query or "").strip()[:MAX_LENGTH]


def search(actor, query: str) -> SearchResult:
    """The items ``actor`` may see whose references begin with ``query``, and their events."""
    result = SearchResult(query=query)
    if not query:
        return result
    found: list[WorkItem] = []
    for name, spec in kinds().items():
        if not spec.searchable:
            continue
        model = model_of(name)
        matches = or_(*(column.istartswith(query, autoescape=True) for column in spec.searchable))
        found += db.session.scalars(visible(actor, model=model).where(matches)
                                    .options(selectinload(model.owner))
                                    .order_by(model.id).limit(LIMIT + 1))
    found.sort(key=lambda item: (item.case_ref or "", item.opened_on, item.id))
    result.more = len(found) > LIMIT
    result.items = found[:LIMIT]
    ids = [item.id for item in result.items]
    if ids:
        result.timeline = list(db.session.scalars(
            select(Transition).where(Transition.item_id.in_(ids)).options(selectinload(Transition.actor))
            .order_by(Transition.effective_on, Transition.id)))
    return result


def own_date(item: WorkItem) -> date | None:
    return getattr(item, item.OWN_DATE, None) if item.OWN_DATE else None

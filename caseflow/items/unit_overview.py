"""The unit leader's start page: the unit's late and soon-due items by caseworker, and what each kind's
rules flag for follow-up (``KindSpec.watch``), in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import joinedload

from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.items.deadlines import TimeState, time_state
from caseflow.items.registry import Summary, Watch, WatchRow, kinds, model_of
from caseflow.items.today import ActionRow

#: At most this many rows per query: enough for a unit's month, the lists page through the rest.
LIMIT = 60
#: The lights a leader follows up on this page.
FOLLOWED = (TimeState.LATE, TimeState.DUE_SOON)


@dataclass
class OwnerGroup:
    """One caseworker's (or nobody's) late and soon-due rows, late first."""

    owner: object | None
    rows: list[ActionRow] = field(default_factory=list)

    @property
    def late(self) -> int:
        return sum(row.light is TimeState.LATE for row in self.rows)

    @property
    def soon(self) -> int:
        return sum(row.light is TimeState.DUE_SOON for row in self.rows)


@dataclass
class WatchSection:
    watch: Watch
    rows: list[tuple[WatchRow, Summary]]
    #: The section's rule in a sentence, or None.
    explain: object | None


@dataclass
class Overview:
    #: Caseworkers with the most late items first; the unassigned last.
    groups: list[OwnerGroup] = field(default_factory=list)
    watches: list[WatchSection] = field(default_factory=list)
    #: Whether a query hit LIMIT, so the page says the lists hold more.
    truncated: bool = False


def unit_overview(actor, today: date) -> Overview:
    """What a unit leader follows up today: every kind's start-page sections over the whole unit, kept to
    the late and soon-due rows and grouped by owner; then each kind's watches."""
    result = Overview()
    groups: dict[int | None, OwnerGroup] = {}
    for spec in kinds().values():
        model = model_of(spec.name)
        for todo in spec.todo:
            stmt = todo.narrow(visible(actor, model=model).options(joinedload(model.owner)), today)
            items = list(db.session.scalars(stmt.order_by(*todo.order_by).limit(LIMIT)))
            result.truncated = result.truncated or len(items) == LIMIT
            for item in items:
                due_on = todo.due_on(item)
                light = time_state(due_on, today)
                if light not in FOLLOWED:
                    continue
                group = groups.setdefault(item.owner_id, OwnerGroup(item.owner))
                group.rows.append(ActionRow(item, todo, due_on, light, item.owner_id == actor.id,
                                            todo.target_id(item), spec.summary(item)))
        for watch in spec.watch:
            rows = watch.find(actor, today, LIMIT)
            result.truncated = result.truncated or len(rows) == LIMIT
            result.watches.append(WatchSection(watch, [(row, spec.summary(row.item)) for row in rows],
                                               watch.explain(today)))
    for group in groups.values():
        group.rows.sort(key=lambda row: (row.light is not TimeState.LATE, row.due_on, row.item.id))
    result.groups = sorted(groups.values(), key=lambda g: (g.owner is None, -g.late, -g.soon,
                                                           g.owner.display_name if g.owner else ""))
    return result

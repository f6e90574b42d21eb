"""The unit leader's start page: the unit's late and soon-due items by caseworker, and what each kind's
rules flag for follow-up (``KindSpec.watch``), in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import joinedload

from caseflow.items.access import visible
from caseflow.items.deadlines import TimeState
from caseflow.items.registry import Summary, Watch, WatchRow, kinds
from caseflow.items.today import ActionRow, section_rows

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

    def unit_items(model):
        return visible(actor, model=model).options(joinedload(model.owner)), ()

    result = Overview()
    groups: dict[int | None, OwnerGroup] = {}
    for _todo, rows, cut_short in section_rows(actor, today, unit_items, LIMIT):
        result.truncated = result.truncated or cut_short
        for row in rows:
            if row.light in FOLLOWED:
                groups.setdefault(row.item.owner_id, OwnerGroup(row.item.owner)).rows.append(row)
    for spec in kinds().values():
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

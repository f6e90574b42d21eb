"""Reading the unit's open items: counted by owner and kind, listed for reassignment."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.items.access import unit_members, visible
from caseflow.kinds import MACHINES, ItemKind
from caseflow.items.models import WorkItem

#: The filter value for items that have no owner.
UNASSIGNED = "none"


def is_open():
    """Each kind's own open states (DESIGN.md), as one SQL condition."""
    return or_(*(and_(WorkItem.kind == kind, WorkItem.state.in_([s.value for s in machine.open_states]))
                 for kind, machine in MACHINES.items()))


@dataclass
class CaseloadRow:
    owner: User | None  # None: the unassigned items
    counts: dict[ItemKind, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def caseload(actor) -> tuple[list[CaseloadRow], dict[ItemKind, int]]:
    """The unit's open items by owner and kind (one GROUP BY), a row for every member and the unassigned.

    Returns the rows and the column totals. An owner who has left the unit but still owns open
    items keeps a row, so no item disappears from the table.
    """
    stmt = visible(actor, select(WorkItem.owner_id, WorkItem.kind, func.count()).where(is_open())
                   .group_by(WorkItem.owner_id, WorkItem.kind))
    counted: dict[int | None, dict[ItemKind, int]] = {}
    for owner_id, kind, count in db.session.execute(stmt):
        counted.setdefault(owner_id, {})[ItemKind(kind)] = count
    members = unit_members(actor)
    known = {m.id for m in members}
    others = [o for o in counted if o is not None and o not in known]
    if others:
        members += list(db.session.scalars(select(User).where(User.id.in_(others)).order_by(User.display_name)))
    rows = [CaseloadRow(m, counted.get(m.id, {})) for m in members]
    rows.append(CaseloadRow(None, counted.get(None, {})))
    totals = {kind: sum(r.counts.get(kind, 0) for r in rows) for kind in MACHINES}
    return rows, totals


def open_items(actor, owner: str | None = None, kind: str | None = None) -> Select:
    """The unit's open items, oldest first, narrowed to an owner (an id, or ``none``) and a kind."""
    stmt = visible(actor).where(is_open()).options(selectinload(WorkItem.owner))
    if owner == UNASSIGNED:
        stmt = stmt.where(WorkItem.owner_id.is_(None))
    elif owner:
        stmt = stmt.where(WorkItem.owner_id == int(owner))
    if kind:
        stmt = stmt.where(WorkItem.kind == ItemKind(kind))
    return stmt.order_by(WorkItem.opened_on, WorkItem.id)

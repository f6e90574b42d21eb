"""Reading the unit's open items: counted by owner and kind, listed for reassignment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, false, func, or_, select

from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.items.access import unit_members, visible
from caseflow.items.deadlines import due_soon_until
from caseflow.items.registry import kinds, model_of
from caseflow.kinds import MACHINES, ItemKind
from caseflow.items.models import WorkItem

#: The filter value for items that have no owner.
UNASSIGNED = "none"
#: The filter values of the due-date filter: late, or due within the week (late ones not included).
LATE, DUE_SOON = "late", "soon"


def is_open():
    """Each kind's own open states (DESIGN.md), as one SQL condition."""
    return or_(*(and_(WorkItem.kind == kind, WorkItem.state.in_([s.value for s in machine.open_states]))
                 for kind, machine in MACHINES.items()))


@dataclass
class CaseloadRow:
    owner: User | None  # None: the unassigned items
    counts: dict[ItemKind, int] = field(default_factory=dict)
    #: Items past their due date, and items due within the week (``caseflow.items.deadlines``).
    late: int = 0
    soon: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _due_by_soon(spec, today: date):
    """The condition of ``spec``'s items that are late or due soon on ``today``."""
    return spec.due_before(due_soon_until(today) + timedelta(days=1))


def _due_window(spec, today: date, due: str):
    """The condition of ``spec``'s items that are late, or due soon (not late), on ``today``."""
    late = spec.due_before(today)
    if due == LATE:
        return late
    return and_(_due_by_soon(spec, today), ~late)


def due_counts(actor, today: date) -> dict[int | None, tuple[int, int]]:
    """The unit's late and soon-due items by owner: one GROUP BY for each kind that has due dates."""
    counts: dict[int | None, tuple[int, int]] = {}
    for spec in kinds().values():
        if spec.due_before is None:
            continue
        model = model_of(spec.name)
        late = spec.due_before(today)
        stmt = visible(actor, select(model.owner_id, func.sum(case((late, 1), else_=0)),
                                     func.sum(case((late, 0), else_=1))), model=model)
        stmt = stmt.where(_due_by_soon(spec, today)).group_by(model.owner_id)
        for owner_id, n_late, n_soon in db.session.execute(stmt):
            before = counts.get(owner_id, (0, 0))
            counts[owner_id] = (before[0] + int(n_late or 0), before[1] + int(n_soon or 0))
    return counts


def caseload(actor, today: date) -> tuple[list[CaseloadRow], dict[ItemKind, int]]:
    """The unit's open items by owner and kind (one GROUP BY), a row for every member and the unassigned,
    with each one's late and soon-due items (``due_counts``).

    Returns the rows and the column totals. An owner who has left the unit but still owns open
    or late items keeps a row, so no item disappears from the table.
    """
    stmt = visible(actor, select(WorkItem.owner_id, WorkItem.kind, func.count()).where(is_open())
                   .group_by(WorkItem.owner_id, WorkItem.kind))
    counted: dict[int | None, dict[ItemKind, int]] = {}
    for owner_id, kind, count in db.session.execute(stmt):
        counted.setdefault(owner_id, {})[ItemKind(kind)] = count
    due = due_counts(actor, today)
    members = unit_members(actor)
    known = {m.id for m in members}
    others = [o for o in {*counted, *due} if o is not None and o not in known]
    if others:
        members += list(db.session.scalars(select(User).where(User.id.in_(others)).order_by(User.display_name)))
    rows = [CaseloadRow(m, counted.get(m.id, {}), *due.get(m.id, (0, 0))) for m in members]
    rows.append(CaseloadRow(None, counted.get(None, {}), *due.get(None, (0, 0))))
    totals = {kind: sum(r.counts.get(kind, 0) for r in rows) for kind in MACHINES}
    return rows, totals


def _due_condition(today: date, due: str):
    """The items of every kind that are late (``LATE``) or due soon (``DUE_SOON``) on ``today``."""
    parts = [and_(WorkItem.kind == spec.name, _due_window(spec, today, due))
             for spec in kinds().values() if spec.due_before is not None]
    return or_(*parts) if parts else false()


def open_items(actor, owner: str | None = None, kind: str | None = None, due: str | None = None,
               today: date | None = None) -> Select:
    """The unit's open items, oldest first, narrowed to an owner (an id, or ``none``), a kind, and those
    late or due soon on ``today`` (``due``: ``LATE``, ``DUE_SOON``), with or without a due date."""
    # A held SIP meeting is closed, but its follow-up falls due: the due filters find it as they count it.
    stmt = visible(actor).where(is_open() if due is None else _due_condition(today, due))
    if owner == UNASSIGNED:
        stmt = stmt.where(WorkItem.owner_id.is_(None))
    elif owner:
        stmt = stmt.where(WorkItem.owner_id == int(owner))
    if kind:
        stmt = stmt.where(WorkItem.kind == ItemKind(kind))
    return stmt.order_by(WorkItem.opened_on, WorkItem.id)

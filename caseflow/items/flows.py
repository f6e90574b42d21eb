"""Keeping ``transition_flow``, the transitions counted by month and grouped as the rollup reads them.

Every path that writes a transition, or moves one to another month, changes the counts in its own
transaction: the workflow's creation and events (``count_flow``), the correction of an item's own
date, which moves its creation (``count_flow`` out of the old month and into the new), and bulk
loads (``rebuild_flows`` over the months they wrote).
"""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select

from caseflow.extensions import db
from caseflow.items.models import Transition, TransitionFlow, WorkItem
from caseflow.reports.dirty import dialect_insert
from caseflow.workflow.machine import VOIDED

T, F, I = Transition.__table__, TransitionFlow.__table__, WorkItem.__table__
#: The group a transition is counted in: every column of the key, in the key's order.
_KEY = list(F.primary_key.columns.keys())


#: The upsert of ``count_flow`` per dialect, built once: building it on every call doubled its cost.
_UPSERTS: dict[str, object] = {}


def _upsert():
    name = db.session.get_bind().dialect.name
    if name not in _UPSERTS:
        stmt = dialect_insert(F)
        _UPSERTS[name] = stmt.on_conflict_do_update(index_elements=_KEY,
                                                    set_={"n": F.c.n + stmt.excluded.n})
    return _UPSERTS[name]


def count_flow(transition: Transition, delta: int) -> None:
    """Add ``delta`` (1, or -1 for a transition leaving its month) to the transition's group."""
    db.session.execute(_upsert(), {
        "month": transition.month, "kind": str(transition.kind), "event": transition.event,
        "unit_id": transition.unit_id, "from_state": transition.from_state or "", "to_state": transition.to_state,
        "outcome": transition.outcome or "", "n": delta})


def rebuild_flows(first: int, last: int) -> None:
    """Recount the months ``first`` to ``last`` from their transitions, after a bulk load; a voided
    item's transitions count nowhere."""
    keys = (T.c.month, T.c.kind, T.c.event, T.c.unit_id, func.coalesce(T.c.from_state, ""), T.c.to_state,
            func.coalesce(T.c.outcome, ""))
    counted = (select(*keys, func.count()).join(I, I.c.id == T.c.item_id)
               .where(T.c.month.between(first, last), I.c.state != VOIDED).group_by(*keys))
    db.session.execute(delete(F).where(F.c.month.between(first, last)))
    db.session.execute(insert(F).from_select([*_KEY, "n"], counted))

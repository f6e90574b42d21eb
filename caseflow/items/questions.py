"""What a new item is asked before it is saved: is it one already registered, and is its date right?"""

from __future__ import annotations

from datetime import timedelta


from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.items.models import WorkItem
from caseflow.workflow.machine import VOIDED

#: Own dates this close together, for the same household (and person), are likely one registration twice.
DUPLICATE_WINDOW = timedelta(days=7)
#: An own date further back than this is asked about once: a slip of the arrow keys lands a year off.
OLD_DATE = timedelta(days=90)
#: At most this many likely duplicates are named.
SHOWN = 5


def likely_duplicates(actor, item: WorkItem) -> list[WorkItem]:
    """Items the actor sees of the same kind and household (and person, where the kind names one), not
    voided, whose own date lies within a week of the new one's; none for an item without a household."""
    if not item.case_ref:
        return []
    model = type(item)
    day, own_date = getattr(item, item.OWN_DATE), getattr(model, item.OWN_DATE)
    stmt = visible(actor, model=model).where(
        model.id != item.id, model.case_ref == item.case_ref, model.state != VOIDED,
        own_date.between(day - DUPLICATE_WINDOW, day + DUPLICATE_WINDOW))
    if getattr(item, "person_ref", None):
        stmt = stmt.where(model.person_ref == item.person_ref)
    return list(db.session.scalars(stmt.order_by(model.id).limit(SHOWN)))


def lies_far_back(item: WorkItem) -> bool:
    return getattr(item, item.OWN_DATE) < today_local() - OLD_DATE

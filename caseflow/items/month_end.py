"""An item's state at the end of a month: that of its last transition in or before the month.

The one rule the committee report's action plan, the printable follow-up and the missing-note metric
share; a correlated subquery, so each reads it in the statement it already runs.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, ScalarSelect, select

from caseflow.items.models import Transition

_LAST = Transition.__table__.alias("month_end")


def state_at_end_of(item_id: ColumnElement, month: ColumnElement | int) -> ScalarSelect:
    """The state of the item ``item_id`` at the end of ``month`` (``202011``); NULL before its creation."""
    return (select(_LAST.c.to_state)
            .where(_LAST.c.item_id == item_id, _LAST.c.month <= month)
            .order_by(_LAST.c.effective_on.desc(), _LAST.c.id.desc())
            .limit(1)
            .scalar_subquery())

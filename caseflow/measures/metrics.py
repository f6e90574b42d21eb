"""The action-plan aggregates of the metric catalog: measures by state at the month's end."""

from __future__ import annotations

from sqlalchemy import and_

from caseflow.measures.models import MeasureNote
from caseflow.measures.states import MEASURE_MACHINE, MeasureState
from caseflow.reports.aggregates import in_state_at_month_end

KIND = "measure"
_note = MeasureNote.__table__


def in_state(state: MeasureState):
    return in_state_at_month_end(KIND, [state])


#: Measures open at the month's end (planned, in progress or paused) with no follow-up note for the month.
missing_note = in_state_at_month_end(
    KIND, MEASURE_MACHINE.open_states,
    outer_join=lambda latest: (_note, and_(_note.c.measure_id == latest.c.item_id, _note.c.month == latest.c.month)),
    where_outer=lambda note: note.c.id.is_(None),
)

"""The action-plan values of the metric catalog: measures by state at the month's end."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from caseflow.items.models import WorkItem
from caseflow.items.month_end import state_at_end_of
from caseflow.measures import states
from caseflow.measures.models import MeasureNote
from caseflow.measures.states import MEASURE_MACHINE, MeasureState
from caseflow.reports.aggregates import OpenWithoutNote, Scan, Stock, count, reads, stock
from caseflow.reports.metric import Metric
from caseflow.reports.sources import Source
from caseflow.workflow.machine import CREATE, VOIDED

KIND = "measure"
_note = MeasureNote.__table__
_item = WorkItem.__table__
_OPEN = [str(s) for s in MEASURE_MACHINE.open_states]


def in_state(state: MeasureState) -> Stock:
    return stock(KIND, [state])


def _noted_open(first: int, last: int, per_unit: bool) -> Select:
    """Follow-up notes of M whose measure is open at M's end (its latest transition up to M)."""
    state_at_month_end = state_at_end_of(_note.c.measure_id, _note.c.month)
    return (select(_note.c.month, _item.c.unit_id, func.count().label("n"))
            .select_from(_note)
            .join(_item, _item.c.id == _note.c.measure_id)
            .where(_note.c.month.between(first, last), state_at_month_end.in_(_OPEN), _item.c.state != VOIDED)
            .group_by(_note.c.month, _item.c.unit_id))


#: A note counts in its own month (its writing marks it); the measure is read for its state only, which
#: its transitions carry, so a voided measure's months are those of its history.
NOTED_OPEN = Scan("measures_noted_open", _noted_open, reads=(reads(KIND, "state", event=CREATE),))

#: Measures open at the month's end (planned, in progress or paused) with no follow-up note for the month.
missing_note = OpenWithoutNote(tuple(f"measures_{state}" for state in sorted(_OPEN)), count(NOTED_OPEN))


SOURCE = Source(states.SOURCE)

# Named once here: the committee report (``caseflow.reports.committee``) reads these declarations.
PLANNED = Metric("measures_planned", "Planerade åtgärder", "Measures planned", SOURCE, in_state(MeasureState.PLANNED))
IN_PROGRESS = Metric("measures_in_progress", "Pågående åtgärder", "Measures in progress", SOURCE,
                     in_state(MeasureState.IN_PROGRESS))
PAUSED = Metric("measures_paused", "Pausade åtgärder", "Measures paused", SOURCE, in_state(MeasureState.PAUSED))
COMPLETED = Metric("measures_completed", "Genomförda åtgärder", "Measures completed", SOURCE,
                   in_state(MeasureState.COMPLETED))
CANCELLED = Metric("measures_cancelled", "Avbrutna åtgärder", "Measures cancelled", SOURCE,
                   in_state(MeasureState.CANCELLED))
MISSING_NOTE = Metric("measures_missing_note", "Åtgärder utan uppföljning för månaden",
                      "Measures without a note for the month", SOURCE, missing_note)

#: The package's metrics, in the report's order; the catalog (``caseflow.reports.catalog``) collects them.
METRICS = (PLANNED, IN_PROGRESS, PAUSED, COMPLETED, CANCELLED, MISSING_NOTE)

"""The measures as the committee report's action plan lists them (``caseflow.reports.plan_lines``)."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.items.month_end import state_at_end_of
from caseflow.measures.models import ActionPlan, Measure, MeasureNote
from caseflow.measures.states import MEASURE_MACHINE
from caseflow.reports.plan_lines import PlanLine
from caseflow.workflow.machine import VOIDED


def plan_lines(month: int, unit_id: int | None = None) -> list[PlanLine]:
    """Every measure that existed at the end of ``month`` (a voided one counts nowhere), by plan and
    number, with its state then and its note for the month."""
    state = state_at_end_of(Measure.id, month).label("state")
    stmt = (select(Measure.kind, ActionPlan.name, Measure.number, Measure.title, state, MeasureNote.text,
                   Measure.unit_id)
            .join(ActionPlan, Measure.plan_id == ActionPlan.id)
            .outerjoin(MeasureNote, (MeasureNote.measure_id == Measure.id) & (MeasureNote.month == month))
            .where(Measure.state != VOIDED, state.isnot(None))
            .order_by(ActionPlan.name, Measure.number))
    if unit_id is not None:
        stmt = stmt.where(Measure.unit_id == unit_id)
    open_states = {str(s) for s in MEASURE_MACHINE.open_states}
    return [PlanLine(kind=str(kind), plan=plan, number=number, title=title, state=at_end, note=note,
                     is_note_missing=at_end in open_states and note is None, unit_id=unit)
            for kind, plan, number, title, at_end, note, unit in db.session.execute(stmt)]

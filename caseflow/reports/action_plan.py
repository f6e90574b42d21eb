"""The action plan as a month's report shows it: each measure, its state at the month's end (replayed
from the transition history) and its follow-up note for the month."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.items.models import Transition, WorkItem
from caseflow.items.state_labels import state_label
from caseflow.measures.models import ActionPlan, Measure, MeasureNote
from caseflow.measures.states import MEASURE_MACHINE
from caseflow.workflow.machine import VOIDED

KIND = "measure"


@dataclass(frozen=True)
class MeasureLine:
    """One measure in the report; plain values, so a snapshot keeps it as JSON."""

    plan: str
    number: int
    title: str
    #: The state code at the month's end (``in_progress``).
    state: str
    #: The month's follow-up note, None when none was written.
    note: str | None
    #: Open at the month's end and without a note: the report flags it.
    is_note_missing: bool

    @property
    def state_label(self) -> str:
        return state_label(KIND, self.state)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> MeasureLine:
        return cls(**{name: data.get(name) for name in cls.__dataclass_fields__})


def _states_at_end_of(month: int, unit_id: int | None) -> dict[int, str]:
    """Each measure's state after its last transition effective in or before ``month``; a measure
    whose creation lies after the month is not in the result, nor a voided one (it counts nowhere),
    nor, when ``unit_id`` is given, another unit's."""
    stmt = (select(Transition.item_id, Transition.to_state)
            .join(WorkItem, WorkItem.id == Transition.item_id)
            .where(Transition.kind == KIND, Transition.month <= month, WorkItem.state != VOIDED)
            .order_by(Transition.item_id, Transition.effective_on, Transition.id))
    if unit_id is not None:
        stmt = stmt.where(WorkItem.unit_id == unit_id)
    rows = db.session.execute(stmt)
    return {item_id: state for item_id, state in rows}  # the last row per item wins


def action_plan_lines(month: int, unit_id: int | None = None) -> list[MeasureLine]:
    """Every measure that existed at the end of ``month`` (of one unit, if given), by plan and number."""
    states = _states_at_end_of(month, unit_id)
    if not states:
        return []
    notes = dict(db.session.execute(select(MeasureNote.measure_id, MeasureNote.text)
                                    .where(MeasureNote.month == month,
                                           MeasureNote.measure_id.in_(states))).all())
    measures = db.session.execute(select(Measure.id, ActionPlan.name, Measure.number, Measure.title)
                                  .join(ActionPlan, Measure.plan_id == ActionPlan.id)
                                  .where(Measure.id.in_(states))
                                  .order_by(ActionPlan.name, Measure.number))
    open_states = {str(s) for s in MEASURE_MACHINE.open_states}
    return [MeasureLine(plan=plan, number=number, title=title, state=states[item_id],
                        note=notes.get(item_id),
                        is_note_missing=states[item_id] in open_states and item_id not in notes)
            for item_id, plan, number, title in measures]

"""A month's follow-up of the action plans: each measure of the unit, its state then, and its note for the month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.items.deadlines import TimeState, time_state
from caseflow.items.month_end import state_at_end_of
from caseflow.measures.models import ActionPlan, Measure, MeasureNote
from caseflow.measures.states import MEASURE_MACHINE, MeasureState
from caseflow.calendar.services import month_deadline
from caseflow.months import Month
from caseflow.workflow.machine import VOIDED


def note_deadline(month: int) -> date:
    """The day the committee wants ``month``'s notes by: the month's report deadline in the committee's
    calendar (``caseflow.calendar``), or, while the calendar has no meeting late enough, the month's
    last day. The traffic lights, the start pages and the reminders all ask here."""
    found = month_deadline(month)
    return found.deadline_on if found else Month(month).last_day


def deadline_is_month_end(month: int) -> bool:
    """Whether ``note_deadline`` stands in with the month's end: the calendar has no meeting for it."""
    return month_deadline(month) is None


@dataclass
class MeasureRow:
    measure: Measure
    #: The measure's state at the end of the month (``caseflow.items.month_end``).
    state: MeasureState
    note: MeasureNote | None
    #: The traffic light of the month's note: none once written, or for a paused or closed measure.
    light: TimeState

    @property
    def is_open(self) -> bool:
        return self.state in MEASURE_MACHINE.open_states

    @property
    def is_late(self) -> bool:
        """Missing past the committee's deadline: the only row the pages mark in red."""
        return self.light is TimeState.LATE

    @property
    def is_missing(self) -> bool:
        """An open measure (paused ones too, as the metric counts them) without the month's note."""
        return self.is_open and self.note is None


def follow_up(actor, month: int, today: date) -> list[MeasureRow]:
    """The unit's measures that belong to ``month``: opened by its end, and open at its start.

    Ordered by plan and number; a fixed number of queries however many measures there are.
    """
    end = note_deadline(month)
    state, before = state_at_end_of(Measure.id, month), state_at_end_of(Measure.id, Month(month).previous)
    found = db.session.execute(
        visible(actor, select(Measure, state, before), model=Measure).join(Measure.plan)
        .where(Measure.state != VOIDED, state.isnot(None))  # a voided measure is no one's work
        .options(contains_eager(Measure.plan), selectinload(Measure.responsible), selectinload(Measure.owner))
        .order_by(ActionPlan.name, Measure.number)).all()
    notes = {n.measure_id: n for n in db.session.scalars(
        select(MeasureNote).where(MeasureNote.measure_id.in_([m.id for m, _s, _b in found]),
                                  MeasureNote.month == month))}
    open_states = MEASURE_MACHINE.open_states
    rows = []
    for measure, at_end, at_start in found:
        if at_end not in open_states and at_start is not None and at_start not in open_states:
            continue  # closed before the month began: no longer followed up
        at_end = MeasureState(at_end)
        note = notes.get(measure.id)
        light = TimeState.NONE if note is not None or at_end not in open_states else \
            time_state(end, today, paused=at_end == MeasureState.PAUSED)
        rows.append(MeasureRow(measure, at_end, note, light))
    return rows


def plans_of(rows: list[MeasureRow]) -> list[tuple[ActionPlan, list[MeasureRow]]]:
    """The rows grouped by plan, in order."""
    grouped: dict[int, tuple[ActionPlan, list[MeasureRow]]] = {}
    for row in rows:
        grouped.setdefault(row.measure.plan_id, (row.measure.plan, []))[1].append(row)
    return list(grouped.values())


def unit_plan_names(actor) -> list[str]:
    """The names of the plans the unit's measures belong to, for the create form's suggestions."""
    return list(db.session.scalars(
        visible(actor, select(ActionPlan.name).distinct(), model=Measure)
        .join(Measure, Measure.plan_id == ActionPlan.id).order_by(ActionPlan.name)))



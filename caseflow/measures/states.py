"""A measure's states and events (DESIGN.md, "Action-plan measure")."""

from enum import StrEnum

from caseflow.workflow.machine import Event, Machine


class MeasureState(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


S = MeasureState
MEASURE_MACHINE = Machine(
    states=MeasureState,
    initial=S.PLANNED,
    events=(
        Event("start", frozenset({S.PLANNED}), S.IN_PROGRESS),
        Event("pause", frozenset({S.IN_PROGRESS}), S.PAUSED),  # seed 003: "pausas från och med januari 2020"
        Event("resume", frozenset({S.PAUSED}), S.IN_PROGRESS),
        Event("complete", frozenset({S.IN_PROGRESS}), S.COMPLETED),
        Event("cancel", frozenset({S.PLANNED, S.IN_PROGRESS, S.PAUSED}), S.CANCELLED),
    ),
    open_states=frozenset({S.PLANNED, S.IN_PROGRESS, S.PAUSED}),
)

#: The metric source the package's kinds feed: a change to one of them marks its months dirty for it.
SOURCE = "measure"
#: The package's kinds by name (``work_item.kind``), registered in ``caseflow.kinds``.
MACHINES = {"measure": MEASURE_MACHINE}

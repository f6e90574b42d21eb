"""A measure's states and events (DESIGN.md, "Action-plan measure")."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from caseflow.workflow.machine import Event, Labels, Machine


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

#: The words people see for each kind, its states, its events (the history) and its buttons.
LABELS = {
    "measure": Labels(
        kind=_l("Measure"),
        states={"planned": _l("Planned"), "in_progress": _l("In progress"), "paused": _l("Paused"),
                "completed": _l("Completed"), "cancelled": _l("Cancelled")},
        events={"start": _l("Started"), "pause": _l("Paused"), "resume": _l("Resumed"),
                "complete": _l("Completed"), "cancel": _l("Cancelled")},
        actions={"start": _l("Start the measure"), "pause": _l("Pause the measure"),
                "resume": _l("Resume the measure"), "complete": _l("Mark as completed"),
                "cancel": _l("Cancel the measure")}),
}

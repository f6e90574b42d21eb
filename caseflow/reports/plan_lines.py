"""The action plan as a month's report shows it: the lines the kinds that keep a plan offer
(``KindSpec.plan_lines``), each with its state at the month's end and its follow-up note."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from caseflow.items.registry import kinds
from caseflow.items.state_labels import state_label


@dataclass(frozen=True)
class PlanLine:
    """One line of the plan; plain values, so a snapshot keeps it as JSON."""

    #: The kind of the item behind the line, for its state's words.
    kind: str
    plan: str
    number: int
    title: str
    #: The state code at the month's end (``in_progress``).
    state: str
    #: The month's follow-up note, None when none was written.
    note: str | None
    #: Open at the month's end and without a note: the report flags it.
    is_note_missing: bool
    #: The unit whose plan it is, so a unit's report shows its own lines, frozen or live (None in
    #: versions frozen before units' reports).
    unit_id: int | None = None

    @property
    def state_label(self) -> str:
        return state_label(self.kind, self.state)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> PlanLine:
        return cls(**{name: data.get(name) for name in cls.__dataclass_fields__})


def plan_lines(month: int, unit_id: int | None = None) -> list[PlanLine]:
    """Every line of the action plan at the end of ``month``, of one unit or (None) of them all."""
    return [line for spec in kinds().values() if spec.plan_lines is not None
            for line in spec.plan_lines(month, unit_id)]

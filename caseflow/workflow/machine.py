"""A kind's states and events as data: the tables of DESIGN.md. Imports nothing of Caseflow, so every
kind's declaration can use it without an import circle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

#: The creation of an item is its first transition, under this event name.
CREATE = "create"
#: Every kind's event for a registration made in error (*makulera*): from any state but ``VOIDED``.
VOID = "void"
#: The state of a voided item, in every kind: it counts nowhere.
VOIDED = "voided"
#: No work item is dated before this (a typo guard: 0202 for 2020).
EARLIEST_DATE = date(2000, 1, 1)


@dataclass(frozen=True)
class Event:
    name: str
    sources: frozenset[str]
    target: str
    #: What the event needs besides its date: ``reason`` (free text) or ``outcome`` (a code).
    needs: frozenset[str] = frozenset()
    #: Applied by Caseflow itself (a plan activated by its first meeting), never offered to people.
    internal: bool = False


@dataclass(frozen=True)
class Machine:
    """One kind's states and events: the table DESIGN.md gives for it, and ``void`` from every state."""

    states: type[StrEnum]
    initial: StrEnum
    events: tuple[Event, ...]
    #: States in which the item is still open work.
    open_states: frozenset[StrEnum] = field(default_factory=frozenset)

    def __post_init__(self):
        if VOIDED in {s.value for s in self.states} or any(e.name == VOID for e in self.events):
            raise ValueError("void is every kind's own; a machine does not declare it")
        void = Event(VOID, frozenset(s.value for s in self.states), VOIDED, needs=frozenset({"reason"}))
        object.__setattr__(self, "events", (*self.events, void))

    @property
    def state_values(self) -> tuple[str, ...]:
        """Every state an item of the kind can be in, ``voided`` included."""
        return (*(s.value for s in self.states), VOIDED)

    def event(self, name: str) -> Event | None:
        return next((e for e in self.events if e.name == name), None)

    def allowed(self, state: str) -> list[Event]:
        """The events a person may apply from ``state``."""
        return [e for e in self.events if state in e.sources and not e.internal]

    def event_names(self, include_internal: bool = False) -> list[str]:
        return [e.name for e in self.events if include_internal or not e.internal]

    def replay(self, events: list[str]) -> str:
        """The state a sequence of event names leads to from the initial state."""
        state = self.initial
        for name in events:
            if name == CREATE:
                continue
            event = self.event(name)
            if event is None or state not in event.sources:
                raise ValueError(f"{name} is not allowed from {state}")
            state = event.target
        return state


@dataclass(frozen=True)
class Labels:
    """A kind's words (lazy translations): its name, its states, its events as the history lists them,
    and its events as a button says them. ``voided`` and ``void`` are every kind's, worded once."""

    kind: object
    states: dict[str, object]
    events: dict[str, object]
    actions: dict[str, object]

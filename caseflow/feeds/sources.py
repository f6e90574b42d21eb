"""Where a calendar feed's events come from: a list of sources, each ``source(user, start, end)`` → events.

Every kind that declares ``calendar_events`` (``caseflow.items.registry.KindSpec``) is a source; a
source that is no kind of item (the committee's meeting dates) is added to ``OTHER_SOURCES``.
A source returns only what the user may see and needs to recognise the event: never a case or
person reference, which Outlook, a phone or a shared calendar would show to anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

from caseflow.items.registry import kinds


@dataclass(frozen=True)
class FeedEvent:
    #: Stable across fetches, so a calendar updates the event instead of adding another.
    uid: str
    summary: str
    day: date
    #: None: an all-day event (the time is not yet known).
    start: time | None = None
    end: time | None = None
    location: str | None = None
    description: str | None = None
    #: The page of the event in Caseflow (which asks for a sign-in); no reference in it.
    url: str | None = None
    cancelled: bool = False


Source = Callable[[object, date, date], list[FeedEvent]]

#: Sources that are not kinds of item, added by the app factory (``register``).
OTHER_SOURCES: list[Source] = []


def register(source: Source) -> None:
    """Add a source that is no kind of item (the committee's dates); once, however many apps are made."""
    if source not in OTHER_SOURCES:
        OTHER_SOURCES.append(source)


def sources() -> list[Source]:
    return [spec.calendar_events for spec in kinds().values() if spec.calendar_events] + OTHER_SOURCES


def events_for(user, start: date, end: date) -> list[FeedEvent]:
    """Every source's events of ``user`` from ``start`` to ``end`` (both included), by day and time."""
    events = [event for source in sources() for event in source(user, start, end)]
    return sorted(events, key=lambda e: (e.day, e.start or time.min, e.uid))

"""The committee's dates in a leader's or analyst's calendar feed (``caseflow.feeds``): the meetings and
each month's report deadline, all-day events; nothing of a case or a person is in them."""

from __future__ import annotations

from datetime import date

from flask import url_for

from caseflow.calendar.events import dated_events
from caseflow.feeds.sources import FeedEvent
from caseflow.permissions import Permission


def committee_feed_events(user, start: date, end: date) -> list[FeedEvent]:
    """The committee's dates from ``start`` to ``end`` for a user who sees the calendar, else none."""
    if not user.can(Permission.CALENDAR_VIEW):
        return []
    page = url_for("calendar.index", _external=True)
    # A day holds one meeting and one deadline at most: the day and which names the event for good.
    return [FeedEvent(uid=f"committee-{kind}-{day.isoformat()}@caseflow", summary=summary, day=day, url=page)
            for day, kind, summary in dated_events(start, end)]

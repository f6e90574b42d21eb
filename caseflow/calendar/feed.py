"""The committee's dates in a leader's or analyst's calendar feed (``caseflow.feeds``): the meetings and
each month's report deadline, all-day events; nothing of a case or a person is in them."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _

from caseflow.calendar.events import committee_events
from caseflow.feeds.sources import OTHER_SOURCES, FeedEvent
from caseflow.permissions import Permission


def committee_feed_events(user, start: date, end: date) -> list[FeedEvent]:
    """The committee's dates from ``start`` to ``end`` for a user who sees the calendar, else none."""
    if not user.can(Permission.CALENDAR_VIEW):
        return []
    page = url_for("calendar.index", _external=True)
    meeting = _("Committee meeting")
    # A day holds one meeting and one deadline at most: the day and which names the event for good.
    return [FeedEvent(uid=f"committee-{'meeting' if summary == meeting else 'deadline'}-{day.isoformat()}@caseflow",
                      summary=summary, day=day, url=page)
            for day, summary in committee_events(start, end)]


OTHER_SOURCES.append(committee_feed_events)

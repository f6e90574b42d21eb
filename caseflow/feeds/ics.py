"""A feed's events as an iCalendar document (RFC 5545), built with the ``icalendar`` library."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from caseflow.db import STOCKHOLM, utcnow
from caseflow.feeds.sources import FeedEvent

#: A meeting whose end is not given lasts this long in the calendar.
DEFAULT_LENGTH = timedelta(hours=1)


def calendar_document(events: list[FeedEvent], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Caseflow//Calendar feed//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Stockholm")
    stamp = utcnow()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        if item.start is None:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
        else:
            start = datetime.combine(item.day, item.start, tzinfo=STOCKHOLM)
            end = (datetime.combine(item.day, item.end, tzinfo=STOCKHOLM) if item.end
                   else start + DEFAULT_LENGTH)
            if end <= start:  # past midnight
                end += timedelta(days=1)
            event.add("dtstart", start)
            event.add("dtend", end)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("class", "PRIVATE")
        event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()

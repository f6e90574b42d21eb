"""``committee_events``: the meetings and deadlines of a span, for a feed."""

from datetime import date

from caseflow.calendar.events import committee_events
from caseflow.calendar.services import add_meeting
from caseflow.extensions import db


def test_meetings_and_deadlines_in_a_span(app):
    for day in (date(2026, 5, 21), date(2026, 6, 18), date(2026, 8, 27)):
        add_meeting(day)
    db.session.commit()
    assert committee_events(date(2026, 6, 1), date(2026, 8, 31)) == [
        (date(2026, 6, 11), "Rapporten ska vara klar: maj 2026"),
        (date(2026, 6, 18), "Nämndens sammanträde"),
        (date(2026, 8, 20), "Rapporten ska vara klar: juni 2026, juli 2026"),
        (date(2026, 8, 27), "Nämndens sammanträde"),
    ]
    # The first meeting entered takes only the month before its deadline (13 May: April).
    assert committee_events(date(2026, 5, 1), date(2026, 5, 31))[0] == (date(2026, 5, 13), "Rapporten ska vara klar: april 2026")

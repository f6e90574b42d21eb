"""The committee's dates in the calendar feed of a leader or an analyst (parsed with ``icalendar``)."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from caseflow.calendar.services import add_meeting
from caseflow.extensions import db
from caseflow.feeds.services import new_feed
from caseflow.permissions import Role


def _events(client, user) -> dict[str, date]:
    token = new_feed(user)
    db.session.commit()
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    return {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}


def test_an_analyst_subscribes_to_the_committees_meetings_and_deadlines(client, make_user, monkeypatch):
    import caseflow.feeds.services as feeds
    monkeypatch.setattr(feeds, "today_local", lambda: date(2026, 12, 1))
    add_meeting(date(2026, 12, 17))  # five working days before: the deadline 2026-12-10
    analyst = make_user(Role.ANALYST, None, username="ana")
    events = _events(client, analyst)
    assert events["Nämndens sammanträde"] == date(2026, 12, 17)
    deadline = next(summary for summary in events if summary.startswith("Rapporten ska vara klar"))
    assert events[deadline] == date(2026, 12, 10)


def test_a_caseworker_sees_no_committee_dates_in_their_feed(client, make_user, monkeypatch):
    import caseflow.feeds.services as feeds
    monkeypatch.setattr(feeds, "today_local", lambda: date(2026, 12, 1))
    add_meeting(date(2026, 12, 17))
    assert _events(client, make_user(Role.CASEWORKER, "E6", username="cw")) == {}


def test_the_subscription_page_says_the_committees_dates_are_in_it_for_those_who_see_them(client, login_as):
    words = "Nämndens sammanträden och varje månads sista dag för rapporten finns också med."
    login_as(Role.ANALYST)
    assert words in client.get("/account/calendar-feed").get_data(as_text=True)
    client.post("/logout")
    login_as(Role.CASEWORKER, username="cw2")
    assert words not in client.get("/account/calendar-feed").get_data(as_text=True)

"""The calendar subscription: one's own SIP meetings as iCalendar, read by the ``icalendar`` library;
no case or person reference in it; every fetch logged; a revoked address not found."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.db import STOCKHOLM, today_local
from caseflow.extensions import db
from caseflow.feeds.models import CalendarFeed
from caseflow.items.services import apply
from caseflow.sip.services import add_meeting, create_plan
from tests.screens.caseworker_support import assert_page_shape, page_text

TODAY = today_local()
SOON = TODAY + timedelta(days=9)


def _subscribe(client) -> str:
    """Make a subscription address on the settings page; the path of the address shown once."""
    response = client.post("/account/calendar-feed", data={"csrf_token": _csrf(client)}, follow_redirects=True)
    assert response.status_code == 200
    match = re.search(r'id="feed-url" type="text" readonly value="http://localhost(/calendar/[^"]+\.ics)"',
                      page_text(response))
    assert match, page_text(response)
    return match.group(1)


def _csrf(client) -> str:
    html = page_text(client.get("/account/calendar-feed"))
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _plan(actor, leader, **fields):
    plan = create_plan(actor, unit=leader.unit, person_ref="PX0815", case_ref="HX4711",
                       initiated_on=TODAY - timedelta(days=40), consent_on=TODAY - timedelta(days=40), **fields)
    db.session.commit()
    return plan


def _meeting(actor, plan, day, **fields):
    meeting = add_meeting(actor, plan.id, scheduled_for=day, meeting_kind=fields.pop("meeting_kind", "sip"),
                          mode=fields.pop("mode", "in_person"), participants=["region", "forsakringskassan"],
                          confirm_late=True, **fields)
    db.session.commit()
    return meeting


def test_the_feed_holds_ones_own_meetings_and_never_a_reference(app, client, signed_in, leader):
    plan = _plan(signed_in, leader)
    booked = _meeting(signed_in, plan, SOON, start_time=time(9, 30), duration_minutes=90,
                      place="Stadshuset, rum 3", contact_region="Anna Berg")
    digital = _meeting(signed_in, plan, SOON + timedelta(days=1), meeting_kind="multi_party", mode="digital",
                       start_time=time(13, 0), video_link="https://meet.example.se/abc")
    untimed = _meeting(signed_in, plan, SOON + timedelta(days=2))
    cancelled = _meeting(signed_in, plan, SOON + timedelta(days=3), start_time=time(8, 0))
    apply(signed_in, cancelled.id, "cancel", on=TODAY)
    coordinated = _meeting(leader, _plan(leader, leader, coordinator_id=signed_in.id), SOON, start_time=time(15, 0))
    colleagues = _meeting(leader, _plan(leader, leader), SOON, start_time=time(16, 0))
    far_ahead = _meeting(signed_in, plan, TODAY + timedelta(days=300))
    db.session.commit()

    path = _subscribe(client)
    with app.test_client() as calendar_program:  # no sign-in: the address is the credential
        response = calendar_program.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    text = response.get_data(as_text=True)
    for reference in ("HX4711", "PX0815"):
        assert reference not in text and reference.lower() not in text.lower()
    assert "Anna Berg" not in text  # the contacts stay in Caseflow
    events = {str(e["uid"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}
    assert set(events) == {f"sip-meeting-{m.id}@caseflow" for m in (booked, digital, untimed, cancelled, coordinated)}
    first = events[f"sip-meeting-{booked.id}@caseflow"]
    assert str(first["summary"]) == "SIP-möte"
    assert first.decoded("dtstart") == datetime.combine(SOON, time(9, 30), tzinfo=STOCKHOLM)
    assert first.decoded("dtend") == datetime.combine(SOON, time(11, 0), tzinfo=STOCKHOLM)
    assert str(first["location"]) == "Stadshuset, rum 3"
    assert str(first["url"]) == f"http://localhost/items/{booked.id}"
    assert "Region" in str(first["description"]) and "Försäkringskassan" in str(first["description"])
    second = events[f"sip-meeting-{digital.id}@caseflow"]
    assert str(second["summary"]) == "Flerpartsmöte"
    assert str(second["location"]) == "https://meet.example.se/abc"
    assert second.decoded("dtend") - second.decoded("dtstart") == timedelta(hours=1)
    assert events[f"sip-meeting-{untimed.id}@caseflow"].decoded("dtstart") == SOON + timedelta(days=2)
    gone = events[f"sip-meeting-{cancelled.id}@caseflow"]
    assert str(gone["status"]) == "CANCELLED" and str(gone["summary"]) == "Inställt: SIP-möte"
    assert f"sip-meeting-{colleagues.id}@caseflow" not in events and f"sip-meeting-{far_ahead.id}@caseflow" not in events

    fetched = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "calendar_feed.fetch")).all()
    assert len(fetched) == 1 and fetched[0].actor_user_id == signed_in.id
    assert sorted(fetched[0].after["events"]) == sorted(events)
    assert "HX4711" not in str(fetched[0].after)


def test_the_address_is_stored_hashed_and_a_revoked_or_replaced_one_is_not_found(app, client, signed_in):
    first = _subscribe(client)
    token = first.removeprefix("/calendar/").removesuffix(".ics")
    feed = db.session.scalar(select(CalendarFeed))
    assert token not in feed.token_hash and len(feed.token_hash) == 64
    settings = page_text(client.get("/account/calendar-feed"))
    assert token not in settings and "En prenumerationsadress skapad" in settings  # shown only once
    second = _subscribe(client)  # a new address: the first stops working
    anonymous = app.test_client()
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    response = client.post("/account/calendar-feed/revoke", data={"csrf_token": _csrf(client)})
    assert response.status_code == 302
    assert anonymous.get(second).status_code == 404
    assert anonymous.get("/calendar/nonsense.ics").status_code == 404
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "calendar_feed")
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["calendar_feed.create", "calendar_feed.revoke", "calendar_feed.create",
                       "calendar_feed.fetch", "calendar_feed.revoke"]
    assert db.session.scalar(select(func.count()).select_from(CalendarFeed)) == 2


def test_a_deactivated_users_address_is_not_found(app, client, signed_in):
    path = _subscribe(client)
    signed_in.is_active = False
    db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_the_settings_page_speaks_swedish(client, signed_in):
    html = page_text(client.get("/account/calendar-feed"))
    assert_page_shape(html)
    assert "Kalenderprenumeration" in html and "Du har ingen prenumerationsadress." in html
    assert 'href="/account/calendar-feed"' in html  # reached from the header of every page

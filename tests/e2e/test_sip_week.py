"""SIP planning in a real browser (issue 19): a meeting booked with its time, place and link; found in the
week view by navigating to its week; the coordinator's calendar feed read by ``icalendar`` with no reference;
the printed page without forms but with who printed it and when; axe-core on the new pages."""

from __future__ import annotations

import re
import urllib.request
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from tests.e2e.conftest import shot
from tests.e2e.forms import submit_confirming_a_frozen_month
from tests.e2e.pages import serious_violations, sign_in

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = datetime.now(STOCKHOLM).date()
#: Wednesday of the week after this one (on a Sunday, of the week after the one that ends today).
NEXT_WEDNESDAY = TODAY - timedelta(days=TODAY.weekday()) + timedelta(days=9)


def test_a_meeting_booked_is_in_the_week_view_the_calendar_and_the_print(server, browser):
    # CSP bypassed only so that the test may inject axe-core (the app's pages carry their CSP as usual).
    context = browser.new_context(bypass_csp=True, locale="sv-SE", viewport={"width": 1280, "height": 900})
    try:
        _a_coordinators_week(server, context.new_page())
    finally:
        context.close()


def _a_coordinators_week(server, page):
    sign_in(page, server, "handlaggare")

    # A plan, with consent, coordinated by the caseworker herself.
    page.goto(server + "/sip-plans/new")
    page.get_by_label("Personreferens").fill("P-SIPWEEK")
    page.get_by_label("Ärendereferens (hushåll)").fill("H-SIPWEEK")
    page.get_by_label("Samtycke lämnat").fill(TODAY.isoformat())
    page.get_by_label("SIP-samordnare").select_option(label="Sara Handläggare")
    submit_confirming_a_frozen_month(page)
    page.get_by_role("link", name="Boka ett möte").click()

    # A bad link is refused beside its field; then the meeting is booked.
    assert serious_violations(page) == []
    page.get_by_label("Mötesdatum").fill(NEXT_WEDNESDAY.isoformat())
    page.get_by_label("Börjar").fill("09:30")
    page.get_by_label("Längd").select_option("90")
    page.get_by_label("Typ av möte").select_option("multi_party")
    page.get_by_label("Plats").fill("Stadshuset, rum 3")
    page.get_by_label("Länk till videomötet").fill("http://inte-krypterad.example.se/")
    page.get_by_role("checkbox", name=re.compile(r"^Regionen")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Försäkringskassan")).check()
    page.get_by_label("Kontaktperson i Regionen").fill("Karin Holm, sjuksköterska")
    page.get_by_role("button", name="Boka mötet").click()
    assert page.locator("#video_link-error").inner_text() == "En länk som börjar med https:// krävs."
    page.get_by_label("Länk till videomötet").fill("https://meet.example.se/sip-42")
    submit_confirming_a_frozen_month(page, page.get_by_role("button", name="Boka mötet"))
    meeting_path = re.sub(r"^https?://[^/]+", "", page.url)

    # The week view opens on this week; the next week holds the meeting, on Wednesday, marked as hers.
    page.get_by_role("link", name="SIP-veckan").click()
    this_week = TODAY.isocalendar()[1]
    assert page.locator("h1").inner_text() == f"SIP-möten vecka {this_week}"
    page.get_by_role("link", name="Nästa vecka").click()
    page.wait_for_url(re.compile(r".*/sip-meetings/week\?week=\d{4}-W\d{2}$"))
    assert page.locator("h1").inner_text() == f"SIP-möten vecka {NEXT_WEDNESDAY.isocalendar()[1]}"
    wednesday = page.locator("section.week-day").nth(2)
    assert wednesday.locator("h2").inner_text().startswith("onsdag")
    row = wednesday.locator("tbody tr").filter(has_text="H-SIPWEEK")
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "09:30–11:00" and cells[1].startswith("Flerpartsmöte") and "Mitt" in cells[1]
    assert "Stadshuset, rum 3" in cells[3] and "Videolänk" in cells[3]
    assert cells[4].startswith("Regionen") and "Försäkringskassan" in cells[4]
    assert row.locator("a", has_text="Flerpartsmöte").get_attribute("href") == meeting_path
    assert serious_violations(page) == []
    shot(page, "sip-week-view")

    # Printed: no forms, navigation or buttons; who printed and when, on the page.
    page.emulate_media(media="print")
    stamp = page.locator(".print-stamp")
    assert stamp.is_visible() and stamp.inner_text().startswith("Utskriven ")
    assert "av Sara Handläggare" in stamp.inner_text()
    assert not page.locator("main form.filters").is_visible() and not page.locator("nav").first.is_visible()
    page.goto(server + meeting_path)
    assert not page.get_by_text("Rätta uppgifterna").is_visible()
    assert page.get_by_text("Karin Holm, sjuksköterska", exact=True).is_visible()
    page.emulate_media(media="screen")
    assert not page.locator(".print-stamp").is_visible()

    # The calendar subscription: made once, shown once, read by a calendar program without a sign-in.
    page.get_by_role("link", name="Kalenderprenumeration").click()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Skapa en prenumerationsadress").click()
    feed_url = page.locator("#feed-url").input_value()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/calendar/[A-Za-z0-9_-]{40,}\.ics", feed_url)
    assert serious_violations(page) == []
    shot(page, "sip-calendar-subscription")
    with urllib.request.urlopen(feed_url, timeout=10) as answer:
        assert answer.headers["Content-Type"].startswith("text/calendar")
        document = answer.read()
    assert b"SIPWEEK" not in document and b"Karin Holm" not in document
    events = [e for e in Calendar.from_ical(document).walk("VEVENT") if str(e["url"]).endswith(meeting_path)]
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "Flerpartsmöte" and str(event["location"]) == "Stadshuset, rum 3"
    assert event.decoded("dtstart") == datetime.combine(NEXT_WEDNESDAY, datetime.min.time().replace(hour=9, minute=30),
                                                        tzinfo=STOCKHOLM)

    # Revoked: the address answers 404 from then on.
    page.get_by_role("button", name="Återkalla adressen").click()
    assert "Prenumerationen är återkallad" in page.locator(".flashes").inner_text()
    try:
        urllib.request.urlopen(feed_url, timeout=10)
        raise AssertionError("a revoked address still answers")
    except urllib.error.HTTPError as err:
        assert err.code == 404

"""The analyst keeps the committee's calendar in a real browser: adds a meeting after Easter, moves it,
reads each deadline (Swedish holidays skipped), and a bad date is refused beside its field."""

from __future__ import annotations

import re

from tests.e2e.conftest import shot
from tests.e2e.pages import serious_violations, sign_in


def test_the_analyst_moves_a_meeting_and_sees_the_deadline(server, browser):
    # axe-core is injected, so this context bypasses the CSP (the app's pages are served with it as usual).
    context = browser.new_context(bypass_csp=True, locale="sv-SE")
    page = context.new_page()
    sign_in(page, server, "analytiker")
    page.get_by_role("link", name="Nämndens kalender").first.click()
    page.wait_for_url(re.compile(r".*/calendar/$"))
    assert page.locator("h1").inner_text() == "Nämndens kalender"

    page.goto(server + "/calendar/?year=2027")
    # A Saturday is refused beside the field, and nothing is added.
    page.get_by_label("Datum för sammanträdet").fill("2027-04-03")
    page.get_by_role("button", name="Lägg till sammanträdet").click()
    assert page.locator("#meets_on-error").inner_text() == "Nämnden sammanträder på en vardag."
    assert page.get_by_label("Datum för sammanträdet").get_attribute("aria-invalid") == "true"

    # Thursday 1 April 2027, right after Easter: due Tuesday 23 March (26 and 29 March are holidays).
    page.get_by_label("Datum för sammanträdet").fill("2027-04-01")
    page.get_by_role("button", name="Lägg till sammanträdet").click()
    page.wait_for_url(re.compile(r".*/calendar/\?year=2027$"))
    assert "rapporten ska vara klar 2027-03-23" in page.locator(".flashes").inner_text()
    row = page.locator("table[aria-labelledby=year-meetings] tbody tr").filter(has_text="2027-04-01")
    assert "2027-03-23" in row.inner_text()

    # The committee moves it a week: the deadline follows, to Thursday 1 April.
    page.get_by_role("link", name="Ändra sammanträdet 2027-04-01").click()
    assert "ska vara klar 2027-03-23, 5 arbetsdagar före" in page.locator("main").inner_text()
    assert serious_violations(page) == []
    page.get_by_label("Datum för sammanträdet").fill("2027-04-08")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r".*/calendar/(\?.*)?$"))
    assert "Sammanträdet är flyttat till 2027-04-08; rapporten ska vara klar 2027-04-01." \
        in page.locator(".flashes").inner_text()
    page.goto(server + "/calendar/?year=2027")
    row = page.locator("table[aria-labelledby=year-meetings] tbody tr").filter(has_text="2027-04-08")
    assert "2027-04-01" in row.inner_text()
    assert serious_violations(page) == []
    shot(page, "calendar-meeting-moved")
    context.close()

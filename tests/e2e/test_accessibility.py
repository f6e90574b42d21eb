"""WCAG 2.1 AA in the browser: axe-core on every main page of every role, and work done with the keyboard alone."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import shot
from tests.e2e.pages import PASSWORD, serious_violations, sign_in

PAGES = {
    None: ["/login"],
    "handlaggare": ["/", "/referrals/", "/referrals/new", "/sublease-cases/", "/sublease-cases/new", "/sip-plans/",
                    "/sip-plans/new", "/sip-meetings/", "/sip-meetings/week", "/account/calendar-feed",
                    "/quality-reviews/", "/account/password", "/search?q=H", "/referrals/?late=y&sort=due"],
    "enhetschef": ["/", "/?view=mine", "/caseload", "/caseload/reassign", "/caseload/reassign?due=late", "/measures",
                   "/measures/new", "/quality-reviews/draw", "/logs/access", "/logs/audit",
                   "/logs/audit?user=handlaggare", "/calendar/"],
    "analytiker": ["/figures/", "/reports/", "/calendar/", "/targets/", "/reports/2020-11",
                   "/reports/2020-11/freeze"],
    "admin": ["/admin/users", "/admin/users/new", "/admin/units", "/admin/tokens/", "/admin/reference",
              "/admin/reference/patterns", "/admin/reference/rules"],
}


@pytest.fixture
def axe_page(server, browser):
    """A page in a context that lets the test inject axe-core despite the app's CSP (the app's own pages
    are served with the CSP as usual)."""
    context = browser.new_context(bypass_csp=True, locale="sv-SE")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("role", list(PAGES))
def test_no_serious_or_critical_axe_violation_on_the_main_pages(server, axe_page, role):
    if role:
        sign_in(axe_page, server, role)
    found = {}
    for path in PAGES[role]:
        response = axe_page.goto(server + path)
        assert response.status == 200, path
        if problems := serious_violations(axe_page):
            found[path] = problems
    assert found == {}


def test_an_item_page_and_the_report_pass_too(server, axe_page):
    sign_in(axe_page, server, "handlaggare")
    axe_page.goto(server + "/referrals/")
    axe_page.locator("main table a[href^='/items/']").first.click()
    axe_page.wait_for_url(re.compile(r".*/items/\d+$"))
    assert serious_violations(axe_page) == []
    axe_page.context.clear_cookies()
    sign_in(axe_page, server, "analytiker")
    axe_page.goto(server + "/reports/")
    axe_page.get_by_role("button", name="Visa rapporten").click()  # the previous month, the default
    axe_page.wait_for_url(re.compile(r".*/reports/\d{4}-\d{2}$"))
    assert serious_violations(axe_page) == []
    assert axe_page.locator("figure svg, figure img").count() >= 1
    # Each chart's text alternative is the table it shows.
    assert axe_page.locator("figure figcaption, figure [aria-describedby], svg[role=img][aria-label]").count() >= 1


def _tab_to(page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} is not reachable with Tab")


def test_signing_in_and_registering_a_referral_with_the_keyboard_alone(server, browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.goto(server + "/login")
    _tab_to(page, "username")
    page.keyboard.type("handlaggare")
    _tab_to(page, "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(server + "/")
    page.goto(server + "/referrals/new")
    _tab_to(page, "person_ref")
    page.keyboard.type("P-KEYS")
    _tab_to(page, "case_ref")
    page.keyboard.type("H-KEYS")
    page.keyboard.press("Enter")  # submits the form from a text field
    page.wait_for_url(re.compile(r".*/items/\d+$"))
    assert "H-KEYS" in page.locator("h1").inner_text()
    # The first Tab on any page reaches the skip link, and it moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    shot(page, "keyboard-referral")
    context.close()

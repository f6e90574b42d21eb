"""Issue 19 in a real browser: a household found by its case reference from the page header (its referral,
SIP plan and meeting on one page, another unit's not), and the leader's log review read in words."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.conftest import shot
from tests.e2e.forms import submit_confirming_a_frozen_month

TODAY = datetime.now(ZoneInfo("Europe/Stockholm")).date()
ITEM_URL = re.compile(r".*/items/(\d+)$")


def _referral(page, server, person_ref: str, case_ref: str) -> str:
    page.goto(server + "/referrals/new")
    page.get_by_label("Personreferens").fill(person_ref)
    page.get_by_label("Ärendereferens (hushåll)").fill(case_ref)
    page.get_by_label("Skickad").fill((TODAY - timedelta(days=5)).isoformat())
    submit_confirming_a_frozen_month(page)
    return ITEM_URL.match(page.url).group(1)


def test_a_household_found_by_its_case_reference_and_the_search_read_in_the_log(server, sign_in_as):
    page = sign_in_as("handlaggare")
    referral_id = _referral(page, server, "P-SOK-1", "H-SOK-1")
    page.goto(server + "/sip-plans/new")
    page.get_by_label("Personreferens").fill("P-SOK-1")
    page.get_by_label("Ärendereferens (hushåll)").fill("H-SOK-1")
    page.get_by_label("Initierad").fill((TODAY - timedelta(days=4)).isoformat())
    page.get_by_label("Samtycke lämnat").fill((TODAY - timedelta(days=4)).isoformat())
    submit_confirming_a_frozen_month(page)
    plan_id = ITEM_URL.match(page.url).group(1)
    page.get_by_role("link", name="Boka ett möte").click()
    page.get_by_label("Mötesdatum").fill((TODAY + timedelta(days=3)).isoformat())
    page.locator("main input[type=checkbox][name=participants]").first.check()
    submit_confirming_a_frozen_month(page, page.get_by_role("button", name="Boka mötet"))
    meeting_id = ITEM_URL.match(page.url).group(1)

    # The same case reference in another unit: not this caseworker's to find.
    elsewhere = sign_in_as("handlaggare2")
    other_id = _referral(elsewhere, server, "P-SOK-1", "H-SOK-1")

    # The box in the page header, from any page; any case.
    page.goto(server + "/referrals/")
    page.locator("header").get_by_label("Hitta hushåll eller person").fill("h-sok-1")
    page.locator("header").get_by_role("button", name="Sök").click()
    page.wait_for_url(re.compile(r".*/search\?q=h-sok-1$"))
    main = page.locator("main")
    linked = {re.search(r"/items/(\d+)$", href).group(1)
              for href in main.locator("a[href^='/items/']").evaluate_all("links => links.map(a => a.href)")}
    assert linked == {referral_id, plan_id, meeting_id} and other_id not in linked
    kinds = main.locator("table").first.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert kinds == ["Anvisning", "SIP", "SIP-möte"]  # the referral, the plan, the meeting
    timeline = page.locator("table.timeline tbody tr")
    days = [timeline.nth(i).locator("td").first.inner_text() for i in range(timeline.count())]
    assert len(days) == 3 and days == sorted(days)  # sent, initiated, booked: by the day each happened
    assert days[0] == (TODAY - timedelta(days=5)).isoformat()
    shot(page, "search-household")

    # The leader reviews the caseworker's day: each row in words, the item by its case, linked.
    leader = sign_in_as("enhetschef")
    leader.goto(server + "/logs/audit")
    leader.get_by_label("Användare").select_option(label="Sara Handläggare (handlaggare)")
    leader.get_by_role("button", name="Filtrera", exact=True).click()
    leader.wait_for_url(re.compile(r".*/logs/audit\?user=handlaggare.*"))
    rows = leader.locator("table.log tbody tr")
    searched = rows.filter(has_text="Sökte").first
    assert "Sara Handläggare" in searched.inner_text() and "Valt filter: Referens: h-sok-1" in searched.inner_text()
    created = rows.filter(has=leader.locator(f"a[href='/items/{referral_id}']")).first
    text = created.inner_text()
    assert "Registrerad" in text and "Anvisning H-SOK-1" in text
    assert "Ärendereferens (hushåll): H-SOK-1" in text and "Status: Skickad" in text
    assert "item.create" not in text and "work_item" not in text and "\\u00" not in text
    shot(leader, "log-review-in-words")
    created.get_by_role("link", name="Anvisning H-SOK-1").click()
    leader.wait_for_url(re.compile(rf".*/items/{referral_id}$"))

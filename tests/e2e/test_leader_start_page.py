"""The unit leader's start page in a real browser (issue 19): a caseworker's late referral under the
caseworker's name, with who and what, linked by its case; the measures still missing this month's note."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.conftest import shot
from tests.e2e.forms import submit_confirming_a_frozen_month

TODAY = datetime.now(ZoneInfo("Europe/Stockholm")).date()


def test_the_leaders_start_page_shows_a_late_item_and_a_missing_note(server, sign_in_as):
    # A caseworker registers a referral sent 20 days ago: its answer was due 6 days ago.
    caseworker = sign_in_as("handlaggare3")
    caseworker.goto(server + "/referrals/new")
    caseworker.get_by_label("Personreferens").fill("P-SEN-19")
    caseworker.get_by_label("Ärendereferens (hushåll)").fill("H-SEN-19")
    caseworker.get_by_label("Skickad").fill((TODAY - timedelta(days=20)).isoformat())
    submit_confirming_a_frozen_month(caseworker)
    item_url = caseworker.url
    # The caseworker's own start page says who and what on the row, and only the late row is red.
    caseworker.goto(server + "/")
    late = caseworker.locator("section[aria-labelledby='late'] tbody tr").filter(has_text="H-SEN-19")
    assert "P-SEN-19" in late.inner_text() and "Anvisning till" in late.inner_text()
    assert caseworker.locator("section[aria-labelledby='answers'] .light-late").count() == 0
    shot(caseworker, "caseworker-start-page")

    leader = sign_in_as("enhetschef")
    assert leader.locator("h1").inner_text() == "Enheten i dag"
    johan = leader.locator("section.owner-group").filter(
        has=leader.get_by_role("heading", name=re.compile("Johan Handläggare")))
    row = johan.locator("tbody tr").filter(has_text="H-SEN-19")
    assert row.count() == 1
    cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
    assert cells[0] == "Försenad" and cells[1] == (TODAY - timedelta(days=6)).isoformat()
    assert cells[2:4] == ["H-SEN-19", "P-SEN-19"] and cells[4].startswith("Anvisning till ")

    notes = leader.locator("section[aria-labelledby='missing-notes']")
    assert re.search(r"\(\d+\)", notes.locator("h2").inner_text())
    first = notes.locator("tbody tr").first
    assert re.search(r"\d+ dagars? kvar till sista dagen\.", first.inner_text()) or "dag kvar" in first.inner_text()
    assert "nämndkalendern har ännu inget sammanträde för månadens rapport" in notes.inner_text()
    assert notes.locator("tbody .light-late").count() == 0  # the month's notes are not late yet: no red
    shot(leader, "leader-start-page")

    # The row links to the item by its case, as people know it.
    row.get_by_role("link", name="H-SEN-19").click()
    leader.wait_for_url(item_url)
    assert "H-SEN-19" in leader.locator("h1").inner_text()

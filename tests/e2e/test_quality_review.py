"""A quality review in a real browser (issue 21): a leader draws the month's sample, the reviewed
caseworker cannot review their own case, a reviewer fills in the checklist and completes it, and the
committee report counts it; axe-core finds nothing serious or critical on the new pages."""

from __future__ import annotations

import re
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from caseflow.formatting import month_label
from tests.e2e.conftest import shot
from tests.e2e.pages import serious_violations, sign_in

TODAY = datetime.now(ZoneInfo("Europe/Stockholm")).date()
THIS_MONTH = f"{TODAY:%Y-%m}"
ITEM_URL = re.compile(r".*/items/(\d+)$")


def test_a_sample_drawn_reviewed_completed_and_counted(server, browser, sign_in_as):
    # Sara worked on a household this month.
    sara = sign_in_as("handlaggare")
    sara.goto(server + "/referrals/new")
    sara.get_by_label("Personreferens").fill("P-QUAL-1")
    sara.get_by_label("Ärendereferens (hushåll)").fill("H-QUAL-1")
    sara.get_by_label("Skickad").fill(TODAY.isoformat())
    sara.locator("main form button[type=submit]").click()
    sara.wait_for_url(ITEM_URL)

    # Lena, the unit's leader, draws this month's sample: one household per caseworker.
    context = browser.new_context(bypass_csp=True, locale="sv-SE")  # axe-core injected despite the CSP
    lena = context.new_page()
    sign_in(lena, server, "enhetschef")
    lena.get_by_role("link", name="Kvalitetsgranskningar").click()
    lena.get_by_role("link", name="Dra en månads urval").click()
    assert serious_violations(lena) == []
    lena.get_by_label("Månad").fill(THIS_MONTH)
    lena.get_by_label("Ärenden per handläggare").fill("1")
    lena.get_by_role("button", name="Dra urvalet").click()
    lena.wait_for_url(re.compile(r".*/quality-reviews/$"))
    assert "Urvalet är draget" in lena.locator("main").inner_text()
    assert serious_violations(lena) == []
    shot(lena, "quality-list")
    # This month's review of Sara's (the demo data's earlier samples are listed too).
    row = lena.locator("main table tbody tr", has_text="Sara Handläggare").filter(has_text=month_label(TODAY, "sv"))
    assert row.count() == 1 and "Utvald" in row.inner_text()
    row.locator("a").click()
    lena.wait_for_url(ITEM_URL)
    review_url = lena.url
    assert "Kvalitetsgranskning av" in lena.locator("h1").inner_text()
    assert "Sara Handläggare" in lena.locator("main").inner_text()

    # Sara cannot review her own case.
    sara.goto(review_url)
    sara.get_by_role("button", name="Påbörja granskningen").click()
    sara.wait_for_load_state()
    assert "Du kan inte granska ditt eget ärende" in sara.locator("main").inner_text()
    assert sara.locator("form[action$='/checklist']").count() == 0

    # Lena reviews it: starts, fills in the checklist, saves, completes.
    lena.goto(review_url)
    lena.get_by_role("button", name="Påbörja granskningen").click()
    lena.wait_for_url(review_url)
    assert serious_violations(lena) == []
    lena.get_by_label("Datum för kontroll").fill(TODAY.isoformat())
    lena.get_by_label("Planering för sökanden", exact=True).select_option(label="Ja")
    lena.get_by_label("Handläggningsfel som lett till felaktig utbetalning").select_option(label="Nej")
    lena.get_by_label("Barnperspektiv i journal").select_option(label="Delvis dokumenterat")
    lena.get_by_label("Antal dokumenterade besök").fill("2")
    lena.get_by_label("Antal dokumenterade uteblivna besök").fill("1")
    lena.get_by_label("Antal dokumenterade telefonsamtal").fill("4")
    lena.get_by_label("Aktanteckningstyp används").select_option(label="Ja")
    lena.get_by_label("Boendekostnad över FK:s nivå för högsta godtagbara kostnad").select_option(label="Nej")
    lena.get_by_label("Helhetsbedömning av dokumentation, journalföring och registrering").fill("Tydlig journal.")
    lena.get_by_role("button", name="Spara kontrollistan").click()
    lena.wait_for_url(review_url)
    assert "Kontrollistan är sparad." in lena.locator("main").inner_text()
    lena.get_by_role("button", name="Avsluta granskningen").click()
    lena.wait_for_url(review_url)
    main = lena.locator("main").inner_text()
    assert "Granskad" in main and "Granskning avslutad" in lena.locator("table.history").inner_text()
    assert serious_violations(lena) == []
    shot(lena, "quality-review-completed")
    context.close()

    # The analyst rolls the month up: the report's quality section counts the review.
    analyst = sign_in_as("analytiker")
    analyst.goto(f"{server}/reports/{THIS_MONTH}")
    analyst.get_by_role("button", name="Räkna om rapportens månader").click()
    analyst.wait_for_load_state()
    for _ in range(120):
        analyst.goto(f"{server}/reports/{THIS_MONTH}")
        section = analyst.locator("section[aria-labelledby='section-quality']")
        completed = section.locator("tr", has_text="Genomförda kvalitetsgranskningar").locator("td").first
        if completed.count() and completed.inner_text().strip() == "1":
            break
        time.sleep(1)
    else:
        raise AssertionError("the report never counted the completed review")
    share = section.locator("tr", has_text="Andel med planering för sökanden").locator("td").first.inner_text()
    assert share.strip() == "100,0"
    shot(analyst, "quality-report-section")

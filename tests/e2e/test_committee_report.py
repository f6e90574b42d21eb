"""The analyst's month in the browser: writes the tjänsteskrivelse's text, freezes the report with a
comment and the committee's date, and downloads the frozen DOCX, which says what was written."""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from docx import Document

from caseflow.months import Month
from tests.e2e.conftest import shot

NOTE = "Avdelningen bytte verksamhetssystem i maj månad och detta påverkar statistiken på antal slagningar."


def test_an_analyst_writes_the_text_freezes_with_a_comment_and_downloads_the_docx(server, sign_in_as, tmp_path):
    month = str(Month.of(datetime.now(ZoneInfo("Europe/Stockholm")).date()).previous)
    page = sign_in_as("analytiker")
    page.goto(server + f"/reports/{month}")
    assert page.get_by_label("Förvaltning", exact=True).input_value() == "Arbetsmarknadsförvaltningen"  # prefilled
    page.get_by_label("Diarienummer", exact=True).fill("AMN-2026-00102")
    page.get_by_label("Handläggare", exact=True).fill("Lena Jeremiasen")
    page.get_by_label("Kommentar under Kontroller och beslut").fill(NOTE)
    page.get_by_label("Uppgifternas källa").fill("LinQ, från Treserva")
    page.get_by_role("button", name="Spara texten").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Rapportens text är sparad." in main and NOTE in main and "Källa: LinQ, från Treserva." in main

    page.get_by_role("link", name="Frys rapporten …").click()
    page.get_by_role("button", name="Frys rapporten").click()  # without the tick: refused, nothing frozen
    page.wait_for_load_state()
    assert "Kryssa i rutan för att frysa rapporten." in page.locator("main").inner_text()
    page.get_by_label("Går till nämnden").fill("2026-12-16")
    page.get_by_label("Kommentar").fill("Till nämndens möte i december.")
    page.get_by_label("Jag har läst igenom rapporten: frys den som den är nu").check()
    shot(page, "analyst-freeze-confirm")
    page.get_by_role("button", name="Frys rapporten").click()
    page.wait_for_load_state()
    # Another browser test may have frozen the month before: this freeze is the month's latest version.
    version = int(re.search(r"Version (\d+) av rapporten är fryst", page.locator("main").inner_text()).group(1))
    versions = page.locator("table.versions").inner_text()
    assert "Till nämndens möte i december." in versions and "2026-12-16" in versions
    assert "Ida Analytiker" in versions  # who froze it: the demo's analyst, signed in
    shot(page, "analyst-frozen-with-text")

    page.get_by_role("link", name=f"Version {version}", exact=True).click()
    page.wait_for_load_state()
    with page.expect_download() as info:
        page.get_by_role("link", name="DOCX", exact=True).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == f"ekonomiskt-bistand-{month}-v{version}.docx"
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "Diarienummer: AMN-2026-00102" in text and "Handläggare: Lena Jeremiasen" in text
    assert NOTE in text and f"Fryst version {version}" in text and "Källa: LinQ, från Treserva." in text

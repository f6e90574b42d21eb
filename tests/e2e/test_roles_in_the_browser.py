"""A week's work of each role, in a real browser against a real server."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tests.e2e.conftest import shot

TODAY = datetime.now(ZoneInfo("Europe/Stockholm")).date()


def _event(page, button: str) -> None:
    """Submit the small form of one event (its date defaults to today)."""
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_a_caseworker_registers_a_referral_moves_it_and_holds_a_sip_meeting(server, sign_in_as):
    page = sign_in_as("handlaggare")
    assert page.title() == "Mina ärenden – Caseflow"
    shot(page, "caseworker-start")

    page.goto(server + "/referrals/new")
    page.get_by_label("Personreferens").fill("P-E2E-1")
    page.get_by_label("Ärendereferens (hushåll)").fill("H-E2E-1")
    page.get_by_label("Skickad").fill(TODAY.isoformat())
    page.get_by_role("button", name="Registrera").click()
    page.wait_for_url(re.compile(r".*/items/\d+$"))
    assert "Skickad" in page.locator("main").inner_text()
    _event(page, "Markera som antagen")
    _event(page, "Markera som påbörjad")
    body = page.locator("main").inner_text()
    assert "Påbörjad" in body and "Antagen" in body
    shot(page, "caseworker-referral")

    page.goto(server + "/sip-plans/new")
    page.get_by_label("Personreferens").fill("P-E2E-2")
    page.get_by_label("Ärendereferens (hushåll)").fill("H-E2E-2")
    page.get_by_label("Initierad").fill(TODAY.isoformat())
    page.get_by_label("Samtycke lämnat").fill(TODAY.isoformat())
    page.get_by_role("button", name="Registrera").click()
    page.wait_for_url(re.compile(r".*/items/\d+$"))
    page.get_by_role("link", name="Boka ett möte").click()
    page.get_by_label("Mötesdatum").fill(TODAY.isoformat())
    page.get_by_label("Regionen (hälso- och sjukvården)").check()
    page.get_by_label("Försäkringskassan", exact=True).check()  # not "Kontaktperson på Försäkringskassan"
    page.get_by_role("button", name="Boka mötet").click()
    page.wait_for_url(re.compile(r".*/items/\d+$"))
    _event(page, "Registrera som genomfört")
    assert "Genomfört" in page.locator("main").inner_text()
    shot(page, "caseworker-sip-meeting")


def test_a_caseworker_of_another_unit_gets_no_sight_of_the_first_units_items(server, sign_in_as):
    page = sign_in_as("handlaggare")
    page.goto(server + "/referrals/")
    href = page.locator("main table a[href^='/items/']").first.get_attribute("href")
    other = sign_in_as("handlaggare2")
    response = other.goto(server + href)
    assert response.status == 404
    assert "Hittades inte" in other.locator("h1").inner_text()
    not_yours = other.locator("main").inner_text()
    missing = other.goto(server + "/items/999999")
    assert missing.status == 404 and other.locator("main").inner_text() == not_yours  # alike, on purpose
    other.goto(server + "/referrals/")
    assert href not in other.content()


def test_a_unit_leader_writes_the_months_follow_up_and_reassigns_an_item(server, sign_in_as):
    page = sign_in_as("enhetschef")
    page.goto(server + "/measures")
    note = page.locator("textarea").first
    note.fill("Arbetet fortskrider enligt plan; uppföljning med AMC i december.")
    note.locator("xpath=ancestor::form").get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_load_state()
    assert "Arbetet fortskrider enligt plan; uppföljning med AMC i december." in page.locator("main").inner_text()
    shot(page, "leader-measures")

    page.goto(server + "/caseload/reassign")
    box = page.locator("input[type=checkbox][name=items]").first
    item_id = box.get_attribute("value")
    box.check()
    page.get_by_label("Ny ansvarig handläggare").select_option(label="Lena Enhetschef")
    page.get_by_role("button", name="Fördela om de valda ärendena").click()
    page.wait_for_load_state()
    page.goto(server + f"/items/{item_id}")
    assert "Lena Enhetschef" in page.locator("main").inner_text()
    shot(page, "leader-reassigned")


def test_an_analyst_imports_figures_rolls_up_freezes_and_downloads(server, sign_in_as, tmp_path):
    page = sign_in_as("analytiker")
    month = date(TODAY.year, TODAY.month, 1)
    csv = tmp_path / "figures.csv"
    csv.write_text(f"month;key;value\n{month:%Y-%m};households_applied;3 713\n{month:%Y-%m};decisions_total;7453\n",
                   encoding="utf-8")
    page.goto(server + "/figures/")
    page.get_by_label("CSV-fil").set_input_files(str(csv))
    page.get_by_role("button", name="Importera").click()
    page.wait_for_load_state()
    assert "figures.csv" in page.locator("main").inner_text()

    page.goto(server + f"/reports/{month:%Y-%m}")
    page.get_by_role("button", name="Räkna om rapportens månader").click()
    page.wait_for_load_state()
    # The worker started beside the server rolls the months up; the page's script polls its state.
    page.wait_for_function("() => document.querySelector('[data-finished]').getAttribute('data-finished') === 'true'",
                           timeout=90_000)
    assert page.locator(".rollup-label").inner_text() == "Klar"
    page.goto(server + f"/reports/{month:%Y-%m}")
    assert "3\u00a0713" in page.locator("main").inner_text()
    page.get_by_role("link", name="Frys rapporten …").click()
    page.get_by_label("Jag har läst igenom rapporten: frys den som den är nu").check()
    page.get_by_role("button", name="Frys rapporten").click()
    page.wait_for_load_state()
    assert "version 1" in page.locator("main").inner_text().lower()
    shot(page, "analyst-report")
    for label, suffix in (("XLSX", ".xlsx"), ("DOCX", ".docx")):
        with page.expect_download() as info:
            page.get_by_role("link", name=label, exact=True).first.click()
        download = info.value
        assert download.suggested_filename.endswith(suffix)
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        assert path.stat().st_size > 2000 and path.read_bytes()[:2] == b"PK"  # a zip: Office Open XML

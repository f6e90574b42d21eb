"""A caseworker's week in a real browser (issue 18): register, double-click, send one form twice at once,
correct a field and read it in the history, void, and switch language after a refused form."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.conftest import shot

TODAY = datetime.now(ZoneInfo("Europe/Stockholm")).date()
ITEM_URL = re.compile(r".*/items/(\d+)$")


def _register_referral(page, server, case_ref: str, sent_on) -> None:
    page.goto(server + "/referrals/new")
    page.get_by_label("Personreferens").fill(case_ref.replace("H-", "P-"))
    page.get_by_label("Ärendereferens (hushåll)").fill(case_ref)
    page.get_by_label("Skickad").fill(sent_on.isoformat())


def _rows_of(page, server, case_ref: str) -> int:
    page.goto(f"{server}/referrals/?case_ref={case_ref}")
    return page.locator("main table tbody tr").count()


def test_a_caseworkers_week(server, sign_in_as):
    page = sign_in_as("handlaggare")

    # Monday: a referral registered with a double click on its button: one item.
    sent_on = TODAY - timedelta(days=2)
    _register_referral(page, server, "H-WEEK-1", sent_on)
    page.locator("main form button[type=submit]").dblclick()
    page.wait_for_url(ITEM_URL)
    item_url = page.url
    assert _rows_of(page, server, "H-WEEK-1") == 1

    # The same form sent twice at the same moment (a script, a flaky network resending): one item.
    _register_referral(page, server, "H-WEEK-2", sent_on)
    statuses = page.evaluate("""async () => {
        const form = document.querySelector("main form");
        const send = () => fetch(form.action, {method: "POST", body: new FormData(form), redirect: "manual"});
        const answers = await Promise.all([send(), send()]);
        return answers.map(a => a.type === "opaqueredirect" ? 302 : a.status);
    }""")
    assert statuses == [302, 302]
    assert _rows_of(page, server, "H-WEEK-2") == 1

    # Tuesday: the sent date was a slip of the arrow keys; corrected, and the history says from what.
    page.goto(item_url)
    page.get_by_text("Rätta uppgifterna").click()
    corrected = sent_on - timedelta(days=1)
    page.locator("#edit-sent_on").fill(corrected.isoformat())
    page.get_by_role("button", name="Spara uppgifterna").click()
    page.wait_for_url(item_url)
    history = page.locator("table.history").inner_text()
    assert "Uppgifterna rättade" in history
    assert f"Skickad: {sent_on.isoformat()} → {corrected.isoformat()}" in history
    shot(page, "week-item-corrected")

    # Wednesday: a form refused (a date in the future), then the language switched: the page loads.
    page.locator("#accept-on").fill((TODAY + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Markera som antagen").click()
    page.wait_for_load_state()
    assert "Datumet får inte ligga i framtiden." in page.locator("main").inner_text()
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith(item_url.split(server)[1] + "?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "History" in page.locator("main").inner_text()
    page.get_by_role("link", name="Svenska").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"

    # Thursday: the second referral was registered in error: voided, struck through in the list.
    _register_referral(page, server, "H-WEEK-3", TODAY)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(ITEM_URL)
    page.locator("#void-reason").fill("Registrerad på fel hushåll")
    page.get_by_role("button", name="Makulera registreringen").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Makulerad" in main and "Registrerad på fel hushåll" in main
    shot(page, "week-item-voided")
    page.goto(f"{server}/referrals/?case_ref=H-WEEK-3")
    row = page.locator("main table tbody tr")
    assert row.count() == 1 and row.get_attribute("class") == "voided"
    assert "line-through" in row.locator("td").first.evaluate("cell => getComputedStyle(cell).textDecorationLine")
    shot(page, "week-list-voided")


def test_a_reassignment_and_a_withdrawn_consent_are_read_back_in_the_history(server, sign_in_as):
    page = sign_in_as("handlaggare")
    page.goto(server + "/sip-plans/new")
    page.get_by_label("Personreferens").fill("P-WEEK-4")
    page.get_by_label("Ärendereferens (hushåll)").fill("H-WEEK-4")
    page.get_by_label("Initierad").fill((TODAY - timedelta(days=3)).isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(ITEM_URL)
    plan_url = page.url
    plan_id = ITEM_URL.match(plan_url).group(1)
    page.locator("#consent-consent_on").fill((TODAY - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Spara samtycket").click()
    page.wait_for_url(plan_url)

    leader = sign_in_as("enhetschef")
    for number in range(1, 100):  # oldest first: the new plan is on one of the last pages
        leader.goto(f"{server}/caseload/reassign?kind=sip_plan&page={number}")
        if leader.locator(f"#items-{plan_id}").count():
            break
    leader.locator(f"#items-{plan_id}").check()
    leader.get_by_label("Ny ansvarig handläggare").select_option(label="Lena Enhetschef")
    leader.get_by_role("button", name="Fördela om de valda ärendena").click()
    leader.wait_for_load_state()

    page.goto(plan_url)
    page.locator("#withdraw-on").fill(TODAY.isoformat())
    page.get_by_role("button", name="Registrera återkallelsen och avsluta planen").click()
    page.wait_for_url(plan_url)
    history = page.locator("table.history").inner_text()
    assert "Samtycke givet" in history and f"Samtycke lämnat: – → {(TODAY - timedelta(days=2)).isoformat()}" in history
    assert "Omfördelat" in history and "Ansvarig handläggare: Sara Handläggare → Lena Enhetschef" in history
    assert "Samtycket återkallat." in history
    shot(page, "week-plan-history")


def test_a_late_registration_into_a_frozen_month_is_confirmed_and_marked(server, sign_in_as):
    reported = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=10)  # last month, already reported
    analyst = sign_in_as("analytiker")
    analyst.goto(f"{server}/reports/{reported:%Y-%m}")
    analyst.get_by_role("link", name="Frys rapporten …").click()
    analyst.get_by_label("Jag har läst igenom rapporten: frys den som den är nu").check()
    analyst.get_by_role("button", name="Frys rapporten").click()
    analyst.wait_for_load_state()

    page = sign_in_as("handlaggare")
    _register_referral(page, server, "H-WEEK-5", reported)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    confirm = page.get_by_label("Jag bekräftar efterregistreringen i en redan rapporterad månad")
    assert confirm.count() == 1 and _rows_of_after(page, server, "H-WEEK-5") == 0  # asked, nothing saved
    confirm.check()  # the form is shown again as it was filled in
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(ITEM_URL)
    first_line = page.locator("table.history tbody tr").first.inner_text()
    assert "Registrerad" in first_line and "Sen registrering" in first_line
    shot(page, "week-late-registration")


def _rows_of_after(page, server, case_ref: str) -> int:
    """The rows of ``case_ref``, the page one was on kept (a new tab of the same session)."""
    other = page.context.new_page()
    other.goto(f"{server}/referrals/?case_ref={case_ref}")
    rows = other.locator("main table tbody tr").count()
    other.close()
    return rows

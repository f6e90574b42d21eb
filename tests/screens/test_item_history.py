"""The item page's history shows everything that happened, in words (issue 18): reassignments,
corrections (old and new value), consent given and moved, every KIR check, the unit at the time, and
confirmed late registrations."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.services import reassign
from caseflow.kinds import ItemKind
from caseflow.measures.services import write_note
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.reports.freeze import freeze_report
from tests.conftest import sign_in
from tests.screens.caseworker_support import BASE_DAY, page_text


def history_rows(html: str) -> list[list[str]]:
    """The history table's rows, each as its cells' text: event, date, recorded, by, unit, details."""
    table = re.search(r'<table class="history">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        rows.append([" ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells])
    return rows


def test_a_corrected_field_shows_its_old_and_new_value(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    old, new = BASE_DAY, BASE_DAY + timedelta(days=1)
    response = client.post(f"/items/{referral.id}/edit", data={
        "edit-person_ref": "P1", "edit-sent_on": new.isoformat(), "edit-target": "AMC",
        "edit-barrier_group": "", "edit-version": "1"})
    assert response.status_code == 302
    rows = history_rows(page_text(client.get(f"/items/{referral.id}")))
    assert [row[0] for row in rows] == ["Registrerad", "Uppgifterna rättade"]
    details = rows[1][5]
    assert f"Skickad: {old.isoformat()} → {new.isoformat()}" in details
    assert "→ Arbetsmarknadscentrum (AMC)" in details  # the reference table's name, not its code alone
    assert "Personreferens" not in details  # unchanged fields are not listed
    assert rows[1][3] == signed_in.display_name and rows[1][4] == signed_in.unit.name


def test_a_reassignment_shows_from_whom_to_whom(client, signed_in, make_item, leader, named):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    reassign(leader, [referral.id], leader.id)
    db.session.commit()
    rows = history_rows(page_text(client.get(f"/items/{referral.id}")))
    assert rows[-1][0] == "Omfördelat"
    assert rows[-1][3] == "Lena Larsson"
    assert "Ansvarig handläggare: Sara Svensson → Lena Larsson" in rows[-1][5]


def test_every_kir_check_is_kept_and_shown(client, signed_in, make_item):
    case = make_item(ItemKind.SUBLEASE_CASE, actor=signed_in)
    first, second = BASE_DAY + timedelta(days=1), BASE_DAY + timedelta(days=5)
    for version, (on, persons, suspected) in enumerate([(first, "4", "y"), (second, "2", "")], start=1):
        data = {"kir-kir_checked_on": on.isoformat(), "kir-registered_at_address": persons, "kir-version": str(version)}
        if suspected:
            data["kir-double_rent_suspected"] = suspected
        assert client.post(f"/sublease-cases/{case.id}/kir-check", data=data).status_code == 302
    rows = [row for row in history_rows(page_text(client.get(f"/items/{case.id}"))) if row[0] == "KIR-kontroll"]
    assert len(rows) == 2
    assert f"Kontrollerad i KIR: – → {first.isoformat()}" in rows[0][5]
    assert "Personer folkbokförda på adressen: – → 4" in rows[0][5] and "Misstänkt dubbel hyra: Nej → Ja" in rows[0][5]
    assert f"Kontrollerad i KIR: {first.isoformat()} → {second.isoformat()}" in rows[1][5]
    assert "Personer folkbokförda på adressen: 4 → 2" in rows[1][5] and "Misstänkt dubbel hyra: Ja → Nej" in rows[1][5]


def test_the_same_kir_check_recorded_again_is_kept_too(client, signed_in, make_item):
    case = make_item(ItemKind.SUBLEASE_CASE, actor=signed_in)
    data = {"kir-kir_checked_on": BASE_DAY.isoformat(), "kir-registered_at_address": "3"}
    for version in (1, 2):
        assert client.post(f"/sublease-cases/{case.id}/kir-check",
                           data=data | {"kir-version": str(version)}).status_code == 302
    rows = [row for row in history_rows(page_text(client.get(f"/items/{case.id}"))) if row[0] == "KIR-kontroll"]
    assert len(rows) == 2 and "Personer folkbokförda på adressen: 3 → 3" in rows[1][5]


def test_consent_given_and_moved_are_in_the_plans_history(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in, consent_on=None)
    given, moved = BASE_DAY + timedelta(days=2), BASE_DAY + timedelta(days=4)
    for version, on in ((1, given), (2, moved)):
        response = client.post(f"/sip-plans/{plan.id}/consent",
                               data={"consent-consent_on": on.isoformat(), "consent-version": str(version)})
        assert response.status_code == 302
    rows = history_rows(page_text(client.get(f"/items/{plan.id}")))
    assert [row[0] for row in rows] == ["Registrerad", "Samtycke givet", "Samtyckets datum ändrat"]
    assert f"Samtycke lämnat: – → {given.isoformat()}" in rows[1][5]
    assert f"Samtycke lämnat: {given.isoformat()} → {moved.isoformat()}" in rows[2][5]


def test_the_unit_at_the_time_is_a_column(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    html = page_text(client.get(f"/items/{referral.id}"))
    assert '<th scope="col">Enhet</th>' in html
    assert history_rows(html)[0][4] == signed_in.unit.name


def test_a_confirmed_late_registration_is_marked(client, signed_in, make_user):
    freeze_report(202011, actor=make_user(Role.ANALYST))
    db.session.commit()
    form = {"person_ref": "P-1", "case_ref": "H-1", "sent_on": "2020-11-10", "target": "UJC", "barrier_group": "",
            "confirm_frozen": "y", "confirm_old_date": "y"}
    response = client.post("/referrals/new", data=form)
    assert response.status_code == 302
    rows = history_rows(page_text(client.get(response.headers["Location"])))
    assert rows[0][0] == "Registrerad Sen registrering"


def test_an_item_registered_on_time_is_not_marked_late(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    assert "Sen registrering" not in page_text(client.get(f"/items/{referral.id}"))


def test_a_measure_is_corrected_by_its_leader_and_headed_by_its_title(client, make_item, leader):
    measure = make_item(ItemKind.MEASURE, title="Fler hembesök")
    assert sign_in(client, leader.username).status_code == 302
    page = page_text(client.get(f"/items/{measure.id}"))
    assert f"<h1>Åtgärd {measure.number}: Fler hembesök</h1>" in page
    response = client.post(f"/items/{measure.id}/edit", data={
        "edit-title": "Fler hembesök i Östra", "edit-start_on": measure.start_on.isoformat(),
        "edit-responsible_id": str(leader.id), "edit-expected_effect": "Färre avbrott", "edit-version": "1"})
    assert response.status_code == 302
    page = page_text(client.get(f"/items/{measure.id}"))
    assert f"<h1>Åtgärd {measure.number}: Fler hembesök i Östra</h1>" in page
    details = history_rows(page)[-1][5]
    assert "Rubrik: Fler hembesök → Fler hembesök i Östra" in details
    assert "Förväntad effekt: – → Färre avbrott" in details
    assert f"Ansvarig: – → {leader.display_name}" in details


def test_a_measures_page_shows_its_monthly_notes(client, make_item, leader):
    measure = make_item(ItemKind.MEASURE)
    write_note(leader, measure.id, Month.of(today_local()), "Tre hembesök gjorda")
    db.session.commit()
    assert sign_in(client, leader.username).status_code == 302
    page = page_text(client.get(f"/items/{measure.id}"))
    assert "Månadsanteckningar" in page and "Tre hembesök gjorda" in page

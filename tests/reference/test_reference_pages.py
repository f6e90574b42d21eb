"""The admin's reference-data pages and the reference patterns: edits, new codes, validation, audit."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.reference.models import BarrierReason, ReferralTarget, Setting
from caseflow.reference.services import DEFAULT_REF_PATTERN, ref_pattern
from caseflow.permissions import Role


@pytest.fixture
def restore_reference(app):
    """The reference tables survive between tests; put back what a test changes."""
    yield
    db.session.rollback()
    db.session.execute(sa.delete(ReferralTarget).where(ReferralTarget.code == "KOMVUX"))
    db.session.execute(sa.update(BarrierReason).where(BarrierReason.code == "SOCIALA")
                       .values(name_sv="Sociala skäl", national_group="social_reasons", is_active=True))
    db.session.commit()


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_the_admin_sees_every_table_with_national_groups(client, login_as):
    login_as(Role.ADMIN)
    page = client.get("/admin/reference").get_data(as_text=True)
    assert page.count("<h1>") == 1 and "<title>Referensdata – Caseflow</title>" in page
    for heading in ("Försörjningshinder", "Mottagare av anvisningar", "Utfall av anvisningar", "SIP-parter"):
        assert f">{heading}</h2>" in page
    assert "Sjukskrivning och aktivitetsersättning" in page and "<td>Ohälsa</td>" in page
    assert 'href="/admin/reference/referral-targets/UJC"' in page


def test_the_admin_renames_deactivates_and_regroups_a_reason_audited(client, login_as, restore_reference):
    admin = login_as(Role.ADMIN)
    response = client.post("/admin/reference/barrier-reasons/SOCIALA", data={
        "name_sv": "Sociala skäl (inkl. missbruk)", "name_en": "Social reasons", "national_group": "ill_health"})
    assert response.status_code == 302
    row = db.session.get(BarrierReason, "SOCIALA")
    db.session.refresh(row)
    assert (row.name_sv, row.national_group, row.is_active) == ("Sociala skäl (inkl. missbruk)", "ill_health", False)
    [event] = _audit("reference.update")
    assert event.actor_user_id == admin.id and event.entity == "barrier_reason"
    assert event.before == {"code": "SOCIALA", "name_sv": "Sociala skäl", "is_active": True,
                            "national_group": "social_reasons"}
    assert event.after == {"code": "SOCIALA", "name_sv": "Sociala skäl (inkl. missbruk)", "is_active": False,
                           "national_group": "ill_health"}


def test_the_admin_adds_a_code(client, login_as, restore_reference):
    login_as(Role.ADMIN)
    page = client.get("/admin/reference/referral-targets/new").get_data(as_text=True)
    assert 'for="code"' in page and "national_group" not in page
    response = client.post("/admin/reference/referral-targets/new", data={
        "code": "KOMVUX", "name_sv": "Vuxenutbildningen", "name_en": "Adult education", "is_active": "y"})
    assert response.status_code == 302
    row = db.session.get(ReferralTarget, "KOMVUX")
    assert row.name_sv == "Vuxenutbildningen" and row.is_active
    assert _audit("reference.create")[0].after["code"] == "KOMVUX"


def test_reference_errors_are_swedish_next_to_their_fields(client, login_as):
    login_as(Role.ADMIN)
    response = client.post("/admin/reference/referral-targets/new", data={
        "code": "UJC", "name_sv": "Igen", "name_en": "Again"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and '<p class="error" id="code-error">Koden finns redan.</p>' in page
    response = client.post("/admin/reference/barrier-reasons/new", data={
        "code": "ny kod", "name_sv": "", "name_en": "x", "national_group": "poverty"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name_sv-error"' in page and 'id="national_group-error"' in page
    assert client.get("/admin/reference/unknown-table").status_code == 404
    assert client.get("/admin/reference/referral-targets/NOPE").status_code == 404
    assert _audit("reference.create") == []


def test_patterns_are_tried_on_an_example_then_saved_and_audited(client, login_as):
    admin = login_as(Role.ADMIN)
    page = client.get("/admin/reference/patterns").get_data(as_text=True)
    assert f'value="{DEFAULT_REF_PATTERN}"' in page
    data = {"case_ref": r"H\d{4,8}", "person_ref": DEFAULT_REF_PATTERN, "example": "H12345", "action": "try"}
    page = client.post("/admin/reference/patterns", data=data).get_data(as_text=True)
    assert "Mönster för ärendereferenser: <strong class=\"accepted\">godtas</strong>" in page
    assert "Mönster för personreferenser: <strong class=\"accepted\">godtas</strong>" in page
    page = client.post("/admin/reference/patterns", data={**data, "example": "h12"}).get_data(as_text=True)
    assert "<strong class=\"refused\">nekas</strong> – Den matchar inte mönstret." in page
    page = client.post("/admin/reference/patterns", data={
        **data, "case_ref": r"[\d-]+", "example": "19811218-9876"}).get_data(as_text=True)
    assert "Den innehåller ett personnummer, vilket alltid nekas." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Setting)) == 0  # trying saves nothing
    response = client.post("/admin/reference/patterns", data={**data, "action": "save"})
    assert response.status_code == 302
    assert ref_pattern("case_ref") == r"H\d{4,8}" and ref_pattern("person_ref") == DEFAULT_REF_PATTERN
    [event] = _audit("setting.update")
    assert event.actor_user_id == admin.id
    assert (event.before["value"], event.after["value"]) == (DEFAULT_REF_PATTERN, r"H\d{4,8}")


def test_an_invalid_pattern_is_refused_next_to_its_field(client, login_as):
    login_as(Role.ADMIN)
    for action in ("try", "save"):
        response = client.post("/admin/reference/patterns", data={
            "case_ref": "H[0-9", "person_ref": "x*", "example": "H1", "action": action})
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert '<p class="error" id="case_ref-error">Inte ett giltigt reguljärt uttryck' in page
        assert '<p class="error" id="person_ref-error">Mönstret godtar en tom referens.</p>' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Setting)) == 0
    assert _audit("setting.update") == []

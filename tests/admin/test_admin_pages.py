"""The admin's pages for users and units: create, edit, deactivate, with errors next to the fields."""

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.units.models import Unit
from tests.conftest import sign_in


def test_admin_creates_a_unit_and_a_caseworker_in_it(client, login_as):
    login_as(Role.ADMIN)
    response = client.post("/admin/units/new", data={"code": "E9", "name": "Enhet 9", "is_active": "y"})
    assert response.status_code == 302
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "E9"))
    response = client.post("/admin/users/new", data={
        "username": "Nils", "display_name": "Nils Nilsson", "role": "caseworker",
        "unit_id": str(unit.id), "password": "a-long-enough-secret"})
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.username == "nils"))
    assert (user.role, user.unit_id) == (Role.CASEWORKER, unit.id)
    assert sign_in(client.application.test_client(), "nils", "a-long-enough-secret").status_code == 302
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "unit.create" in actions and "user.create" in actions


def test_invalid_user_shows_swedish_errors_next_to_fields_and_saves_nothing(client, login_as):
    login_as(Role.ADMIN)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    response = client.post("/admin/users/new", data={
        "username": "Ö ö", "display_name": "X", "role": "caseworker", "unit_id": "", "password": "kort"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="username-error"' in page and 'id="unit_id-error"' in page and 'id="password-error"' in page
    assert "Handläggare och enhetschefer tillhör en enhet." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == before


def test_duplicate_unit_code_is_refused(client, login_as, make_unit):
    login_as(Role.ADMIN)
    make_unit("E2")
    response = client.post("/admin/units/new", data={"code": "E2", "name": "Igen"})
    assert response.status_code == 422
    assert "finns redan" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Unit).where(Unit.code == "E2")) == 1


def test_admin_deactivates_a_user_who_is_signed_out_everywhere(app, client, login_as, make_user):
    login_as(Role.ADMIN)
    victim = make_user(Role.CASEWORKER, username="sara")
    other = app.test_client()
    sign_in(other, "sara")
    assert other.get("/").status_code == 200
    response = client.post(f"/admin/users/{victim.id}", data={
        "display_name": victim.display_name, "role": "caseworker", "unit_id": str(victim.unit_id)})
    assert response.status_code == 302
    db.session.refresh(victim)
    assert victim.is_active is False
    assert other.get("/").status_code == 302
    assert sign_in(app.test_client(), "sara").status_code == 422


def test_user_list_paginates_on_the_server(client, login_as, make_user):
    login_as(Role.ADMIN)
    for i in range(55):
        make_user(Role.ANALYST, username=f"u{i:03d}")
    first = client.get("/admin/users").get_data(as_text=True)
    assert "Hittade: 56" in first and "Sida 1 av 2" in first
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert "u054" in second and "u000" not in second

"""Every change of a user's role, unit or activity leaves an audit row: who, before and after."""

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.auth.services import update_user
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.units.models import Unit
from tests.conftest import sign_in


def user_updates():
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user.update")
                              .order_by(AuditEvent.id)).all()


def test_moving_a_caseworker_to_another_unit_is_recorded_with_before_and_after(make_user, make_unit):
    sara = make_user(Role.CASEWORKER, unit="E6", username="sara", display_name="Sara Berg")
    e6 = sara.unit_id
    e2 = make_unit("E2")
    update_user(sara, display_name="Sara Berg", role="caseworker", unit=e2, is_active=True)
    db.session.commit()
    [row] = user_updates()
    assert (row.entity, row.entity_id, row.unit_id) == ("user_account", sara.id, e2.id)
    assert row.before == {"username": "sara", "display_name": "Sara Berg", "role": "caseworker",
                          "unit_id": e6, "is_active": True}
    assert row.after == {"username": "sara", "display_name": "Sara Berg", "role": "caseworker",
                         "unit_id": e2.id, "is_active": True}


def test_promoting_to_analyst_through_the_admin_page_names_the_admin_and_ends_her_sessions(
        app, client, login_as, make_user):
    admin = login_as(Role.ADMIN)
    sara = make_user(Role.CASEWORKER, unit="E6", username="sara", display_name="Sara Berg")
    e6 = sara.unit_id
    her_browser = app.test_client()
    sign_in(her_browser, "sara")
    assert her_browser.get("/").status_code == 200
    response = client.post(f"/admin/users/{sara.id}", data={
        "display_name": "Sara Berg", "role": "analyst", "unit_id": "", "is_active": "y"})
    assert response.status_code == 302
    [row] = user_updates()
    assert row.actor_user_id == admin.id
    assert (row.before["role"], row.before["unit_id"]) == ("caseworker", e6)
    assert (row.after["role"], row.after["unit_id"]) == ("analyst", None)
    # A session signed in under the old role must not carry its rights over.
    assert her_browser.get("/").status_code == 302


def test_a_refused_change_of_role_leaves_no_row_and_changes_nothing(client, login_as, make_user):
    login_as(Role.ADMIN)
    sara = make_user(Role.CASEWORKER, unit="E6", username="sara")
    response = client.post(f"/admin/users/{sara.id}", data={
        "display_name": "Sara", "role": "unit_leader", "unit_id": "", "is_active": "y"})
    assert response.status_code == 422
    assert user_updates() == []
    db.session.refresh(sara)
    assert sara.role == Role.CASEWORKER


def test_saving_a_user_unchanged_writes_no_row(make_user):
    sara = make_user(Role.UNIT_LEADER, unit="E6", username="sara", display_name="Sara Berg")
    unit = db.session.get(Unit, sara.unit_id)
    update_user(sara, display_name="Sara Berg", role="unit_leader", unit=unit, is_active=True)
    db.session.commit()
    assert user_updates() == []


def test_an_admin_may_not_give_themselves_a_units_role_but_another_admin_may(app, client, login_as, make_user,
                                                                              make_unit):
    admin = login_as(Role.ADMIN)
    e6 = make_unit("E6")
    for role, unit in (("unit_leader", str(e6.id)), ("caseworker", str(e6.id)), ("analyst", "")):
        response = client.post(f"/admin/users/{admin.id}", data={
            "display_name": "Adam", "role": role, "unit_id": unit, "is_active": "y"})
        assert response.status_code == 422
        assert "Du får inte ändra din egen roll eller enhet" in response.get_data(as_text=True)
    assert user_updates() == []
    db.session.refresh(admin)
    assert (admin.role, admin.unit_id) == (Role.ADMIN, None)
    assert client.get("/referrals/").status_code == 403
    # Their own name they may change; a second admin may change their role.
    assert client.post(f"/admin/users/{admin.id}", data={
        "display_name": "Adam Ek", "role": "admin", "unit_id": "", "is_active": "y"}).status_code == 302
    other = app.test_client()
    make_user(Role.ADMIN, username="eva")
    sign_in(other, "eva")
    assert other.post(f"/admin/users/{admin.id}", data={
        "display_name": "Adam Ek", "role": "analyst", "unit_id": "", "is_active": "y"}).status_code == 302


def test_an_e_mail_address_set_with_the_rest_of_the_user_is_one_row_and_reads_so_in_the_log(client, login_as,
                                                                                           make_user):
    login_as(Role.ADMIN)
    lena = make_user(Role.UNIT_LEADER, unit="E6", username="lena", display_name="Lena")
    form = {"display_name": "Lena Berg", "role": "unit_leader", "unit_id": str(lena.unit_id), "is_active": "y",
            "email": "lena@kommun.example"}
    assert client.post(f"/admin/users/{lena.id}", data=form).status_code == 302
    [row] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.entity == "user_account",
                                                           AuditEvent.entity_id == lena.id)).all()
    assert row.action == "user.update"
    assert (row.before["display_name"], row.before["email"]) == ("Lena", None)
    assert (row.after["display_name"], row.after["email"]) == ("Lena Berg", "lena@kommun.example")
    page = client.get("/logs/audit").get_data(as_text=True)
    assert "<td>Användare ändrad</td>" in page
    assert "<li>Namn: Lena → Lena Berg</li>" in page and "<li>E-postadress: – → lena@kommun.example</li>" in page
    # Saved again unchanged: no row; the address alone changed: one row, the address before and after.
    assert client.post(f"/admin/users/{lena.id}", data=form).status_code == 302
    assert client.post(f"/admin/users/{lena.id}", data=form | {"email": "lena.berg@kommun.example"}).status_code == 302
    rows = user_updates()
    assert len(rows) == 2
    assert (rows[1].before["email"], rows[1].after["email"]) == ("lena@kommun.example", "lena.berg@kommun.example")


def test_a_user_created_with_an_e_mail_address_is_one_row(client, login_as, make_unit):
    login_as(Role.ADMIN)
    e6 = make_unit("E6")
    response = client.post("/admin/users/new", data={
        "username": "nils", "display_name": "Nils", "role": "caseworker", "unit_id": str(e6.id),
        "password": "ett-långt-lösenord-1", "email": "nils@kommun.example"})
    assert response.status_code == 302
    [row] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.entity == "user_account",
                                                           AuditEvent.action != "auth.login")).all()
    assert row.action == "user.create" and row.after["email"] == "nils@kommun.example"

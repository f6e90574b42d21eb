"""Sign-in, sign-out, wrong passwords, deactivation and the end of every session."""

import os
import subprocess
import sys

import sqlalchemy as sa
from argon2 import PasswordHasher, Type, profiles

from caseflow.audit.models import AuditEvent
from caseflow.auth import passwords
from caseflow.auth.models import User
from caseflow.auth.services import update_user
from caseflow.extensions import db
from caseflow.permissions import Role
from tests.conftest import PASSWORD, sign_in


def test_sign_in_lands_on_start_page_and_records_it(client, make_user):
    user = make_user(Role.CASEWORKER, username="sara")
    response = sign_in(client, "sara")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Test Person" in page.get_data(as_text=True)
    db.session.refresh(user)
    assert user.last_login_at is not None
    actions = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity_id == user.id)).all()
    assert actions == ["auth.login"]


def test_sign_in_follows_next_only_within_the_site(client, make_user):
    make_user(username="sara")
    response = client.post("/login?next=//evil.example/x", data={"username": "sara", "password": PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/admin/users", data={"username": "sara", "password": PASSWORD})
    assert response.headers["Location"] == "/admin/users"


def test_wrong_password_is_refused_with_a_swedish_message(client, make_user):
    user = make_user(username="sara")
    response = sign_in(client, "sara", "not-the-password")
    assert response.status_code == 422
    assert "Fel användarnamn eller lösenord" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    failed = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")).all()
    assert [e.entity_id for e in failed] == [user.id]
    assert PASSWORD not in str([(e.before, e.after) for e in failed])


def test_unknown_user_is_refused_the_same_way(client, make_user):
    response = sign_in(client, "nobody")
    assert response.status_code == 422
    assert "Fel användarnamn eller lösenord" in response.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, make_user):
    make_user(username="sara", is_active=False)
    assert sign_in(client, "sara").status_code == 422
    assert client.get("/").status_code == 302


def test_deactivation_ends_a_running_session(client, make_user):
    user = make_user(username="sara")
    sign_in(client, "sara")
    assert client.get("/").status_code == 200
    update_user(user, display_name=user.display_name, role=user.role, unit=user.unit, is_active=False)
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_sign_out_ends_every_session_of_the_user(app, make_user):
    make_user(username="sara")
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "sara")
    sign_in(phone, "sara")
    assert phone.get("/").status_code == 200
    response = laptop.post("/logout")
    assert response.headers["Location"] == "/login"
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302


def test_sign_out_needs_post(client, login_as):
    login_as(Role.CASEWORKER)
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_password_change_keeps_this_session_and_ends_the_others(app, make_user):
    make_user(username="sara")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, "sara")
    sign_in(elsewhere, "sara")
    response = here.post("/account/password", data={"current_password": PASSWORD,
                                                     "new_password": "a-brand-new-passphrase",
                                                     "confirm": "a-brand-new-passphrase"})
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert sign_in(app.test_client(), "sara", "a-brand-new-passphrase").status_code == 302
    assert sign_in(app.test_client(), "sara").status_code == 422


def test_password_change_refuses_a_short_password_and_changes_nothing(client, make_user):
    user = make_user(username="sara")
    old_hash = user.password_hash
    sign_in(client, "sara")
    response = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "kort",
                                                       "confirm": "kort"})
    assert response.status_code == 422
    assert "minst 12 tecken" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == old_hash


def test_outdated_hash_is_rehashed_at_sign_in(client, make_user, monkeypatch):
    # The production hasher, not the test suite's cheap one (tests/conftest.py).
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(passwords.PRODUCTION_PARAMETERS))
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    user = make_user(username="sara", password_hash=weak)
    assert sign_in(client, "sara").status_code == 302
    db.session.refresh(user)
    assert user.password_hash != weak
    assert not PasswordHasher().check_needs_rehash(user.password_hash)
    assert user.password_hash.startswith("$argon2id$")


def test_no_password_is_stored_in_clear(make_user):
    make_user(username="sara")
    stored = db.session.scalar(sa.select(User.password_hash).where(User.username == "sara"))
    assert PASSWORD not in stored


def test_production_hashes_with_rfc_9106s_profile_and_tests_cannot_weaken_it():
    strong = profiles.RFC_9106_LOW_MEMORY
    assert (strong.type, strong.time_cost, strong.memory_cost, strong.parallelism) == (Type.ID, 3, 65536, 4)
    assert passwords.PRODUCTION_PARAMETERS == strong
    assert passwords.parameters({}) == strong
    switch = {passwords.TEST_SWITCH: "1"}
    assert passwords.parameters(switch) == passwords.TEST_PARAMETERS != strong
    assert passwords.parameters(switch | {"CASEFLOW_ENV": "production"}) == strong


def test_a_process_without_the_test_switch_hashes_with_the_strong_parameters():
    env = {k: v for k, v in os.environ.items() if k != passwords.TEST_SWITCH}
    code = "from caseflow.auth.passwords import hash_password; print(hash_password('x' * 12))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.startswith("$argon2id$v=19$m=65536,t=3,p=4$"), out


"""Sign-in throttling per username and per client address, kept in the database."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow import create_app
from caseflow.audit.models import AuditEvent
from caseflow.db import utcnow
from caseflow.extensions import db
from tests.conftest import PASSWORD, test_config

WRONG = "not-the-password"


def post_login(client, username, password=WRONG, address="10.0.0.1"):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def failed_rows():
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")
                              .order_by(AuditEvent.id)).all()


def test_sixth_attempt_on_a_username_is_refused_even_with_the_right_password(client, make_user):
    make_user(username="sara")
    for _ in range(5):
        assert post_login(client, "sara").status_code == 422
    response = post_login(client, "sara", PASSWORD)
    assert response.status_code == 429
    assert "För många inloggningsförsök. Försök igen om 15 minuter." in response.get_data(as_text=True)
    assert 14 * 60 < int(response.headers["Retry-After"]) <= 15 * 60
    assert client.get("/").status_code == 302
    # The refused attempt is neither a failure nor a sign-in: the lock does not grow by knocking.
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions == ["auth.login_failed"] * 5


def test_an_unknown_username_is_throttled_alike_so_the_lock_tells_no_one_who_exists(client):
    for _ in range(5):
        assert post_login(client, "nobody").status_code == 422
    assert post_login(client, "nobody").status_code == 429


def test_the_username_count_ignores_case_and_spaces(client, make_user):
    make_user(username="sara")
    for typed in ("sara", "SARA", " Sara", "sara ", "sArA"):
        post_login(client, typed)
    assert post_login(client, "sara", PASSWORD).status_code == 429


def test_a_failed_attempt_records_the_address_but_neither_password_nor_username(client, make_user):
    user = make_user(username="sara")
    post_login(client, "sara", address="192.0.2.7")
    post_login(client, PASSWORD, address="192.0.2.7")  # the password typed into the username field
    rows = failed_rows()
    assert [row.entity_id for row in rows] == [user.id, None]
    assert [row.after["address"] for row in rows] == ["192.0.2.7", "192.0.2.7"]
    stored = json.dumps([(row.before, row.after) for row in rows])
    assert PASSWORD not in stored and WRONG not in stored and "sara" not in stored


def test_a_successful_sign_in_records_the_address(client, make_user):
    make_user(username="sara")
    assert post_login(client, "sara", PASSWORD, address="192.0.2.8").status_code == 302
    row = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert row.after == {"address": "192.0.2.8"}


def test_the_address_limit_spans_usernames_and_spares_other_addresses(app, client, make_user):
    app.config["CASEFLOW_LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    make_user(username="sara")
    for name in ("anna", "bo", "cecilia"):
        assert post_login(client, name, address="198.51.100.1").status_code == 422
    assert post_login(client, "sara", PASSWORD, address="198.51.100.1").status_code == 429
    assert post_login(client, "sara", PASSWORD, address="198.51.100.2").status_code == 302


def test_the_lock_lifts_when_the_failures_leave_the_window(client, make_user):
    make_user(username="sara")
    for _ in range(5):
        post_login(client, "sara")

    def age_failures(minutes):
        db.session.execute(sa.update(AuditEvent).values(at=utcnow() - timedelta(minutes=minutes)))
        db.session.commit()

    age_failures(14)
    response = post_login(client, "sara", PASSWORD)
    assert response.status_code == 429
    assert "Försök igen om 1 minut." in response.get_data(as_text=True)
    age_failures(16)
    assert post_login(client, "sara", PASSWORD).status_code == 302


def test_success_resets_the_username_count_but_not_the_address_count(app, client, make_user):
    app.config.update(CASEFLOW_LOGIN_MAX_FAILURES_PER_USERNAME=3, CASEFLOW_LOGIN_MAX_FAILURES_PER_ADDRESS=5)
    make_user(username="sara")
    for _ in range(2):
        post_login(client, "sara")
    assert post_login(client, "sara", PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(2):
        post_login(client, "sara")
    # Four failures on sara, but only two since she signed in: under her limit of three.
    assert post_login(client, "sara", PASSWORD).status_code == 302
    client.post("/logout")
    post_login(client, "someone-else")
    # Five failures from this address all told; her successes in between wiped none of them.
    assert post_login(client, "sara", PASSWORD).status_code == 429


@pytest.mark.both_databases
@pytest.mark.committed
def test_the_count_is_shared_by_every_worker_because_it_lives_in_the_database(client, make_user, database_url):
    make_user(username="sara")
    for _ in range(5):
        post_login(client, "sara")
    other_worker = create_app(test_config(database_url))
    try:
        response = post_login(other_worker.test_client(), "sara", PASSWORD)
        assert response.status_code == 429
    finally:
        with other_worker.app_context():
            db.engine.dispose()


@pytest.mark.committed
def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(make_user, database_url):
    make_user(username="sara")
    proxied = create_app({**test_config(database_url), "CASEFLOW_TRUSTED_PROXIES": 1})
    try:
        proxied.test_client().post("/login", data={"username": "sara", "password": WRONG},
                                   headers={"X-Forwarded-For": "203.0.113.9"},
                                   environ_base={"REMOTE_ADDR": "10.0.0.254"})
        assert [row.after["address"] for row in failed_rows()] == ["203.0.113.9"]
    finally:
        with proxied.app_context():
            db.engine.dispose()


def _change_password(client, current, address="10.0.0.1"):
    return client.post("/account/password", data={"current_password": current,
                                                   "new_password": "a-brand-new-passphrase",
                                                   "confirm": "a-brand-new-passphrase"},
                       environ_base={"REMOTE_ADDR": address})


def test_the_password_change_is_no_unthrottled_oracle_for_whoever_holds_the_session(client, make_user):
    user = make_user(username="sara")
    old_hash = user.password_hash
    post_login(client, "sara", PASSWORD)
    for _ in range(5):
        assert _change_password(client, WRONG).status_code == 422
    response = _change_password(client, PASSWORD)  # the right one, but too late
    assert response.status_code == 429
    assert "För många inloggningsförsök. Försök igen om 15 minuter." in response.get_data(as_text=True)
    assert 14 * 60 < int(response.headers["Retry-After"]) <= 15 * 60
    db.session.expire_all()
    assert db.session.get(type(user), user.id).password_hash == old_hash
    guesses = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "auth.password_failed")).all()
    assert [(g.actor_user_id, g.entity_id, g.after["address"]) for g in guesses] == [(user.id, user.id, "10.0.0.1")] * 5
    assert WRONG not in json.dumps([g.after for g in guesses]) and "sara" not in json.dumps([g.after for g in guesses])
    # Counted like failed sign-ins: the guesser cannot sign in again with the password either.
    assert post_login(client.application.test_client(), "sara", PASSWORD, address="10.0.0.9").status_code == 429

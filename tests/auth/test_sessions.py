"""Sessions end after inactivity; their cookies are HttpOnly, SameSite=Lax, and Secure in production."""

import time

import pytest

from caseflow import create_app
from caseflow.auth.sessions import SEEN_AT
from caseflow.extensions import db
from tests.conftest import PASSWORD, sign_in


def session_cookie(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def idle_for(client, minutes: float) -> None:
    with client.session_transaction() as session:
        session[SEEN_AT] = int(time.time() - minutes * 60)


def test_a_session_idle_longer_than_30_minutes_ends_with_a_swedish_message(client, make_user):
    make_user(username="sara")
    sign_in(client, "sara")
    idle_for(client, 31)
    response = client.get("/admin/users?page=2")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/admin/users?page%3D2"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Du loggades ut efter 30 minuter utan aktivitet. Logga in igen." in page
    assert client.get("/").status_code == 302


def test_each_request_restarts_the_idle_clock(client, make_user):
    make_user(username="sara")
    sign_in(client, "sara")
    idle_for(client, 29)
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session[SEEN_AT] < 5
    idle_for(client, 29)
    assert client.get("/").status_code == 200


def test_the_idle_limit_comes_from_the_configuration(app, client, make_user):
    app.config["CASEFLOW_SESSION_IDLE_MINUTES"] = 5
    make_user(username="sara")
    sign_in(client, "sara")
    idle_for(client, 4)
    assert client.get("/").status_code == 200
    idle_for(client, 6)
    response = client.get("/", follow_redirects=True)
    assert "Du loggades ut efter 5 minuter utan aktivitet." in response.get_data(as_text=True)


def test_a_session_without_the_activity_mark_counts_as_expired(client, make_user):
    make_user(username="sara")
    sign_in(client, "sara")
    with client.session_transaction() as session:
        del session[SEEN_AT]
    assert client.get("/").status_code == 302


def test_a_form_posted_after_the_session_expired_changes_nothing(client, make_user):
    user = make_user(username="sara")
    old_hash = user.password_hash
    sign_in(client, "sara")
    idle_for(client, 45)
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                       "new_password": "a-brand-new-passphrase",
                                                       "confirm": "a-brand-new-passphrase"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    db.session.refresh(user)
    assert user.password_hash == old_hash


def test_the_chosen_language_survives_the_end_of_a_session(client, make_user):
    make_user(username="sara")
    client.get("/login?lang=en")
    sign_in(client, "sara")
    idle_for(client, 31)
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "You were signed out after 30 minutes without activity." in page


def test_the_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    make_user(username="sara")
    cookie = session_cookie(sign_in(client, "sara"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # the embedded run is plain http on 127.0.0.1


@pytest.fixture
def production_app(monkeypatch, database_url, tmp_path):
    monkeypatch.setenv("CASEFLOW_ENV", "production")
    monkeypatch.setenv("CASEFLOW_SECRET_KEY", "q3Zb8xK1vN0pR7tYh2LmW9sD4fG6jC5aE-uI_oPzXyVwQkTnBr8HgJ3dS1eF0lMa")
    monkeypatch.setenv("CASEFLOW_DATABASE_URL", database_url)
    monkeypatch.setenv("CASEFLOW_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.committed
def test_in_production_the_session_cookie_is_also_secure(production_app):
    # The CSRF token lives in this same session cookie (Flask-WTF), so this covers it too.
    cookie = session_cookie(production_app.test_client().get("/login?lang=en"))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_signed_in_pages_are_never_stored_in_a_cache(client, make_user):
    make_user(username="sara")
    sign_in(client, "sara")
    assert client.get("/").headers["Cache-Control"] == "no-store"


@pytest.mark.committed
def test_over_plain_http_in_production_sign_in_says_the_cookies_need_https(production_app, make_user, caplog):
    make_user(username="sara")
    browser = production_app.test_client()
    assert browser.get("/login").status_code == 200  # its Secure cookie is not sent back over http
    with caplog.at_level("WARNING", logger="caseflow.web"):
        response = browser.post("/login", data={"username": "sara", "password": PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "webbläsaren skickar dem bara över HTTPS" in page and "https://" in page
    assert any("plain HTTP" in r.getMessage() and "Secure" in r.getMessage() for r in caplog.records)

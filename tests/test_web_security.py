"""The web's defences that every page shares: CSRF tokens, escaping, bound parameters, size limits."""

import re

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.permissions import Role
from tests.conftest import PASSWORD


def test_a_form_posted_without_its_csrf_token_is_refused(app, client, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    make_user(username="sara")
    forged = client.post("/login", data={"username": "sara", "password": PASSWORD})
    assert forged.status_code == 400
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"username": "sara", "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    # Signed in, a cross-site form cannot sign the user out (nor post anything else) without the token.
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200


def test_markup_in_user_data_is_shown_as_text(client, login_as):
    login_as(Role.CASEWORKER, display_name='<script>alert("x")</script>')
    page = client.get("/").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_sql_in_the_username_is_only_a_wrong_username(client, make_user):
    make_user(username="sara")
    for attempt in ("' OR '1'='1", "sara' --", "sara'; DROP TABLE user_account; --"):
        response = client.post("/login", data={"username": attempt, "password": "x"})
        assert response.status_code == 422
    assert client.get("/").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "auth.login_failed")) == 3


def test_a_body_over_8_mib_is_refused_before_it_is_read(client):
    response = client.post("/login", data={"username": "sara", "password": "x" * (8 * 1024 * 1024 + 1)})
    assert response.status_code == 413
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_overlong_fields_are_refused_by_the_form(client, make_user):
    make_user(username="sara")
    response = client.post("/login", data={"username": "s" * 65, "password": "x" * 257})
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0

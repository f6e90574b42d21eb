"""The admin's token page: a token is shown once, works at once, and stops working when revoked."""

import re

import pytest
import sqlalchemy as sa

from caseflow.api.models import ApiToken, hash_token
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.permissions import Role

COUNTS = "/api/v1/counts?metric=referrals_sent&from=2020-01&to=2020-01"


def _shown_token(html: str) -> str | None:
    match = re.search(r'id="new-token" value="(cf_[^"]+)"', html)
    return match[1] if match else None


def test_an_admin_creates_a_token_shown_once_that_works_until_revoked(app, client, login_as):
    login_as(Role.ADMIN)
    response = client.post("/admin/tokens/", data={"name": "rapportrobot", "scope": "read", "unit_id": ""})
    assert response.status_code == 200
    plain = _shown_token(response.get_data(as_text=True))
    assert plain is not None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.name == "rapportrobot"))
    assert token.token_hash == hash_token(plain) and token.unit_id is None
    assert response.headers["Cache-Control"] == "no-store"
    assert _shown_token(client.get("/admin/tokens/").get_data(as_text=True)) is None  # never again

    api = app.test_client()
    assert api.get(COUNTS, headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    assert client.post(f"/admin/tokens/{token.id}/revoke").status_code == 302
    assert api.get(COUNTS, headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    actions = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity == "api_token")).all()
    assert actions == ["token.create", "token.revoke"]


def test_a_token_needs_a_name_and_a_known_scope(client, login_as):
    login_as(Role.ADMIN)
    response = client.post("/admin/tokens/", data={"name": "", "scope": "root", "unit_id": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="name-error"' in page and 'id="scope-error"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.UNIT_LEADER, Role.ANALYST])
def test_only_admins_manage_tokens(client, login_as, role):
    login_as(role)
    assert client.get("/admin/tokens/").status_code == 403
    assert client.post("/admin/tokens/", data={"name": "x", "scope": "read"}).status_code == 403

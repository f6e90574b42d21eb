"""With CSRF protection on (as in production), every POST route of these screens refuses a form without a token."""

from __future__ import annotations

import re

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.permissions import Role
from tests.conftest import sign_in

BLUEPRINTS = ("caseload", "measures", "reference", "logs")
MONTH = str(Month.of(today_local()))


def _posts(measure_id: int) -> dict[str, tuple[str, dict]]:
    """Each POST endpoint, with a path and a form that would be accepted if it carried a token."""
    return {
        "caseload.reassign": ("/caseload/reassign", {"items": "1", "owner_id": "1"}),
        "measures.new": ("/measures/new", {"plan": "P", "number": "5", "title": "T", "start_on": "2026-01-05"}),
        "measures.note": (f"/measures/{measure_id}/notes/{MONTH}", {f"note-{measure_id}-text": "Text."}),
        "reference.create": ("/admin/reference/referral-targets/new",
                             {"code": "NY", "name_sv": "Ny", "name_en": "New", "is_active": "y"}),
        "reference.edit": ("/admin/reference/referral-targets/UJC", {"name_sv": "UJC", "name_en": "UJC"}),
        "reference.patterns": ("/admin/reference/patterns",
                               {"case_ref": "H.+", "person_ref": "P.+", "action": "save"}),
        "reference.rules": ("/admin/reference/rules", {"referral_start_days": "21"}),
        "logs.export": ("/logs/access/export", {}),
    }


def test_every_post_route_added_is_listed_here(app):
    posts = {rule.endpoint for rule in app.url_map.iter_rules()
             if "POST" in rule.methods and rule.endpoint.split(".")[0] in BLUEPRINTS}
    assert posts == set(_posts(1))


def test_every_post_without_a_token_answers_400_and_changes_nothing(app, make_user, make_item, leader):
    measure = make_item("measure")
    clients = {}
    for role, user in (("leader", leader), ("admin", make_user(Role.ADMIN))):
        clients[role] = app.test_client()
        sign_in(clients[role], user.username)
    last_audit_id = db.session.scalar(sa.select(sa.func.max(AuditEvent.id)))
    app.config["WTF_CSRF_ENABLED"] = True
    for endpoint, (path, data) in _posts(measure.id).items():
        client = clients["admin" if endpoint.startswith("reference.") else "leader"]
        response = client.post(path, data=data)
        assert response.status_code == 400, (endpoint, response.status_code)
    assert db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.id > last_audit_id)).all() == []


def test_a_post_with_the_pages_token_is_accepted(app, client, make_item, leader):
    measure = make_item("measure")
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": leader.username, "password": "correct-horse-battery",
                                "csrf_token": token})
    page = client.get("/measures").get_data(as_text=True)
    token = re.search(rf'id="note-{measure.id}-csrf_token" name="note-{measure.id}-csrf_token" type="hidden" '
                      r'value="([^"]+)"', page).group(1)
    response = client.post(f"/measures/{measure.id}/notes/{MONTH}", data={
        f"note-{measure.id}-text": "Med nyckel.", f"note-{measure.id}-version": "0",
        f"note-{measure.id}-csrf_token": token})
    assert response.status_code == 302

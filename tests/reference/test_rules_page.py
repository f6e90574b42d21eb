"""The admin's rules of the start pages: a number of days, checked beside its field, audited."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.reference.rules import REFERRAL_START_DAYS, rule_value
from tests.screens.caseworker_support import error_text, page_text


def test_the_admin_sets_the_days_an_accepted_referral_may_wait(client, login_as):
    login_as(Role.ADMIN)
    html = page_text(client.get("/admin/reference/rules"))
    assert "<h1>Regler för startsidorna</h1>" in html and 'value="14"' in html
    for bad in ("0", "366", "fjorton", ""):
        response = client.post("/admin/reference/rules", data={"referral_start_days": bad})
        assert response.status_code == 422, bad
        assert error_text(page_text(response), "referral_start_days"), bad
    assert rule_value(REFERRAL_START_DAYS) == 14
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "setting.update")) == 0
    response = client.post("/admin/reference/rules", data={"referral_start_days": "21"})
    assert response.status_code == 302
    assert rule_value(REFERRAL_START_DAYS) == 21
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "setting.update"))
    assert (event.before, event.after) == ({"key": "referral_start_days", "value": "14"},
                                           {"key": "referral_start_days", "value": "21"})


def test_only_an_admin_sets_the_rules(client, login_as):
    login_as(Role.UNIT_LEADER)
    assert client.get("/admin/reference/rules").status_code == 403
    assert client.post("/admin/reference/rules", data={"referral_start_days": "3"}).status_code in (400, 403)
    assert rule_value(REFERRAL_START_DAYS) == 14

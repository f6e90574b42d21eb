"""With CSRF protection on (as in production), every form the caseworker screens post needs its token."""

from __future__ import annotations

import re

import pytest

from caseflow.kinds import ItemKind
from tests.screens.caseworker_support import page_text

BLUEPRINTS = ("items", "referrals", "sublease", "sip")


def _post_routes(app) -> list[str]:
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if "POST" in rule.methods and rule.endpoint.split(".")[0] in BLUEPRINTS)


def test_every_post_of_the_screens_is_listed(app):
    # A new POST route of these blueprints must come with its CSRF check below.
    assert len(_post_routes(app)) == 9


@pytest.fixture
def csrf_on(app, client, signed_in):
    app.config["WTF_CSRF_ENABLED"] = True  # after signing in: the sign-in form has its own CSRF test
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_every_post_without_a_token_answers_400_and_changes_nothing(app, client, make_item, signed_in, csrf_on):
    from sqlalchemy import func, select

    from caseflow.audit.models import AuditEvent
    from caseflow.extensions import db
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in)
    ids = {"item_id": plan.id, "plan_id": plan.id, "name": "close"}
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    answers = {}
    for rule in _post_routes(app):
        path = rule
        for arg, value in ids.items():
            path = path.replace(f"<int:{arg}>", str(value)).replace(f"<{arg}>", str(value))
        answers[rule] = client.post(path, data={"close-on": "2020-01-01", "close-version": "1"}).status_code
    assert answers == {rule: 400 for rule in _post_routes(app)}
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_the_forms_carry_their_token(client, make_item, signed_in, csrf_on):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in)
    html = page_text(client.get(f"/items/{plan.id}"))
    # One token in each form of the item page: close, edit, consent, withdrawal.
    assert len(re.findall(r'name="(close|edit|consent|withdraw)-csrf_token" type="hidden" value="', html)) == 4
    token = html.split('name="consent-csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(f"/sip-plans/{plan.id}/consent", data={
        "consent-csrf_token": token, "consent-consent_on": plan.initiated_on.isoformat(), "consent-version": "1"})
    assert response.status_code == 302

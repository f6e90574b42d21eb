"""Who reaches which screen: every role against every route of the caseworker screens, cell by cell."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.permissions import Role
from tests.screens.caseworker_support import assert_page_shape, page_text

ACTORS = ["caseworker_E6", "caseworker_E2", "leader_E6", "analyst", "admin", "anonymous"]
OK, MISSING, FORBIDDEN, SIGN_IN = 200, 404, 403, 302

LIST = {"caseworker_E6": OK, "caseworker_E2": OK, "leader_E6": OK, "analyst": FORBIDDEN, "admin": FORBIDDEN,
        "anonymous": SIGN_IN}
ITEM = {"caseworker_E6": OK, "caseworker_E2": MISSING, "leader_E6": OK, "analyst": MISSING, "admin": MISSING,
        "anonymous": SIGN_IN}
BOOK = {"caseworker_E6": OK, "caseworker_E2": MISSING, "leader_E6": OK, "analyst": FORBIDDEN,
        "admin": FORBIDDEN, "anonymous": SIGN_IN}
START = {"caseworker_E6": OK, "caseworker_E2": OK, "leader_E6": OK, "analyst": OK, "admin": OK,
         "anonymous": SIGN_IN}

# Written out by hand from DESIGN.md ("Who uses it") and API.md ("Screens"): E6's items are seen by
# E6 only; another unit's item, and any item for an analyst or admin, is "not found" like a missing one.
EXPECTED = {
    "/": START,
    "/referrals/": LIST, "/referrals/new": LIST,
    "/sublease-cases/": LIST, "/sublease-cases/new": LIST,
    "/sip-plans/": LIST, "/sip-plans/new": LIST,
    "/sip-meetings/": LIST,
    "/items/{referral}": ITEM, "/items/{sublease}": ITEM, "/items/{plan}": ITEM, "/items/{meeting}": ITEM,
    "/items/{measure}": ITEM,
    "/sip-plans/{plan}/meetings/new": BOOK,
}


@pytest.fixture
def items(make_item):
    plan = make_item(ItemKind.SIP_PLAN)
    return {"referral": make_item(ItemKind.REFERRAL).id, "sublease": make_item(ItemKind.SUBLEASE_CASE).id,
            "plan": plan.id, "meeting": make_item(ItemKind.SIP_MEETING, plan=plan).id,
            "measure": make_item(ItemKind.MEASURE).id}


def _sign_in(login_as, actor: str) -> None:
    if actor == "anonymous":
        return
    role, _, unit = actor.partition("_")
    role = {"caseworker": Role.CASEWORKER, "leader": Role.UNIT_LEADER}.get(role, role)
    login_as(role, unit or None)


@pytest.mark.parametrize("actor", ACTORS)
def test_role_route_matrix(client, login_as, items, actor):
    # One sign-in per actor (sign-in hashes are slow on purpose), every route checked, every miss reported.
    _sign_in(login_as, actor)
    got = {}
    for path, expected in EXPECTED.items():
        response = client.get(path.format(**items))
        got[path] = response.status_code
        if response.status_code == SIGN_IN:
            assert response.headers["Location"].startswith("/login"), path
        if response.status_code == OK:
            assert_page_shape(page_text(response))
    assert got == {path: expected[actor] for path, expected in EXPECTED.items()}


@pytest.mark.parametrize("actor", ["caseworker_E2", "analyst", "admin"])
def test_an_item_not_yours_answers_exactly_like_a_missing_one(client, login_as, items, actor):
    _sign_in(login_as, actor)
    hidden = client.get(f"/items/{items['referral']}")
    missing = client.get("/items/999999")
    assert hidden.status_code == missing.status_code == 404
    # The sign-out form's CSRF token is signed with the second it was made: not part of the answer; the
    # language switch links back to the path asked for, which the asker knows already.
    assert (_without_csrf(page_text(hidden)).replace(f"/items/{items['referral']}?", "/items/N?")
            == _without_csrf(page_text(missing)).replace("/items/999999?", "/items/N?"))


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', html)


POSTS = ["/items/{referral}/events/accept", "/items/{referral}/edit", "/sublease-cases/{sublease}/kir-check",
         "/sip-plans/{plan}/consent", "/sip-plans/{plan}/consent/withdrawal", "/sip-plans/{plan}/meetings/new"]


@pytest.mark.parametrize("actor, expected", [("caseworker_E2", MISSING), ("analyst", FORBIDDEN),
                                             ("admin", FORBIDDEN), ("anonymous", SIGN_IN)])
def test_posts_to_an_item_not_yours_change_nothing(client, login_as, items, actor, expected):
    _sign_in(login_as, actor)
    # A sign-in is audited, and so is each refused probe of another unit's item (issue 17): no change is.
    changes = select(func.count()).select_from(AuditEvent).where(AuditEvent.action != "item.access_refused")
    before = db.session.scalar(changes)
    got = {path: client.post(path.format(**items), data={"accept-on": "2020-01-01", "accept-version": "1"}).status_code
           for path in POSTS}
    assert got == {path: expected for path in POSTS}
    assert db.session.scalar(changes) == before


def test_navigation_offers_the_lists_to_those_who_work_with_items(client, login_as):
    login_as(Role.CASEWORKER)
    page = page_text(client.get("/"))
    for path in ("/referrals/", "/sublease-cases/", "/sip-plans/", "/sip-meetings/"):
        assert f'href="{path}"' in page


def test_analysts_keep_a_start_page_of_links_without_items(client, login_as):
    login_as(Role.ANALYST)
    page = page_text(client.get("/"))
    assert "Mina ärenden" not in page and 'href="/referrals/"' not in page
    assert 'href="/figures/"' in page

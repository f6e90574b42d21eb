"""Every page but the public three needs a signed-in user; pages speak Swedish by default."""

import re

import pytest

from caseflow.permissions import Role

PUBLIC = {"/login", "/healthz", "/static/<path:filename>", "/calendar/<token>.ics"}


def _example_path(rule) -> str:
    path = rule.rule
    for arg in rule.arguments:
        path = re.sub(rf"<(?:[^:>]+:)?{arg}>", "1", path)
    return path


def test_every_non_public_route_redirects_anonymous_users_to_login(app, client):
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.rule in PUBLIC or rule.rule.startswith("/api/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_example_path(rule), method=method)
            assert response.status_code == 302, (method, rule.rule, response.status_code)
            assert response.headers["Location"].startswith("/login"), (method, rule.rule)
            checked += 1
    assert checked >= 10


def test_public_routes_answer_without_sign_in(client):
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").get_json()["worker"]["status"] == "silent"  # no worker in the tests
    with client.get("/static/caseflow.css") as response:
        assert response.status_code == 200
    # A calendar feed's token is its credential: an unknown one is not found, never a sign-in page.
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_pages_are_swedish_by_default_and_english_on_request(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "<title>Logga in – Caseflow</title>" in page
    assert page.count("<h1>") == 1
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign in" in page
    page = client.get("/login").get_data(as_text=True)  # the choice is kept for the session
    assert '<html lang="en">' in page


@pytest.mark.parametrize("role, visible, hidden", [
    (Role.ADMIN, ["/admin/users", "/admin/units"], []),
    (Role.CASEWORKER, [], ["/admin/users", "/admin/units"]),
    (Role.ANALYST, [], ["/admin/users", "/admin/units"]),
])
def test_navigation_follows_the_role(client, login_as, role, visible, hidden):
    login_as(role)
    page = client.get("/").get_data(as_text=True)
    for path in visible:
        assert f'href="{path}"' in page
    for path in hidden:
        assert f'href="{path}"' not in page


def test_security_headers_on_every_page(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"

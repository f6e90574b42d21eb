"""No 500 for anything a user sends (issue 17, item 6): every page each role reaches is walked, and every
field of every form on it and every query parameter it takes is sent the values that once answered 500
(a NUL, a month or a date outside what ``date`` holds, a 20-digit number, a blank select, CR/LF). Each must
be answered below 500: a form error, a 4xx, or the page as it was."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from flask_wtf import FlaskForm

from caseflow.forms_support import Form
from caseflow.kinds import ItemKind
from caseflow.permissions import Role
from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.both_databases

#: Sent to every field: a NUL, a 20-digit number, a blank, CR/LF; to a month or a date field its own too.
ANY = ["Ny\x00Person", "9" * 20, " ", "/\r\nSet-Cookie: x=1"]
BY_TYPE = {"month": ["0000-01", "9999-12"], "date": ["0000-01-01", "9999-12-31"]}
#: Sent to each query parameter, whose type a link does not tell.
HOSTILE = [*ANY, *BY_TYPE["month"], BY_TYPE["date"][1]]
#: Query parameters tried on every page besides those its links and forms use (``lang`` and ``next``,
#: read on every page and by the sign-in page, have a test of their own).
EVERYWHERE = ["page"]
#: Not walked: signing out ends the walk, and the API has its own tests (``tests/api``).
SKIP = ("/logout", "/static/", "/api/")
MAX_PAGES = 60


class _Page(HTMLParser):
    """The links and forms of a page: each form its method, action and fields with their values."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"),
                               "fields": {}, "types": {}, "file": False})
        elif not self.forms or not attrs.get("name"):
            return
        elif tag == "input":
            kind, fields = attrs.get("type", "text"), self.forms[-1]["fields"]
            if kind == "file":
                self.forms[-1]["file"] = True
            elif kind in ("checkbox", "radio"):
                fields.setdefault(attrs["name"], attrs.get("value", "y") if "checked" in attrs else None)
                if "checked" in attrs:
                    fields[attrs["name"]] = attrs.get("value", "y")
            elif kind not in ("submit", "button"):
                fields[attrs["name"]] = attrs.get("value", "")
                self.forms[-1]["types"][attrs["name"]] = kind
        elif tag == "select":
            self._select = attrs["name"]
            self.forms[-1]["fields"][self._select] = None
        elif tag == "option" and self._select:
            fields = self.forms[-1]["fields"]
            if fields[self._select] is None or "selected" in attrs:
                fields[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.forms[-1]["fields"][self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _answer(client, method: str, path: str, data: dict | None = None):
    try:  # under TESTING an error is raised, not answered 500: name the request that caused it
        response = client.open(path, method=method.upper(), data=data)
    except Exception as err:
        raise AssertionError(f"{method} {path} {data!r}: {err!r}") from err
    assert response.status_code < 500, (method, path, data, response.status_code)
    return response


def _template(path: str) -> str:
    """The address with what names one of many alike replaced: ``/items/N``, ``/admin/users/X``,
    ``/admin/reference/barrier-reasons/X``."""
    parts = re.sub(r"\d+", "N", path).rstrip("/").split("/")
    if len(parts) > 3 and parts[-1] != "new":
        parts[-1] = "X"
    return "/".join(parts)


def _walk(client, start: str = "/") -> list[str]:
    """Every page reached from ``start`` by links and redirects, its bad inputs sent on the way. A form
    or a page already walked elsewhere (the same fields at an address of the same template) is not walked
    again: the page of one barrier reason holds the same form as the next one's."""
    seen, walked, queue, done = set(), set(), [start], []
    while queue and len(done) < MAX_PAGES:
        url = queue.pop(0)
        path, query = urlsplit(url).path, dict(parse_qsl(urlsplit(url).query))
        if path in seen or path.startswith(SKIP) or urlsplit(url).netloc:
            continue
        seen.add(path)
        response = _answer(client, "get", url)
        if response.status_code in (301, 302, 303):
            queue.append(urljoin(url, response.headers["Location"]))
        if response.status_code != 200:
            continue
        params = set(EVERYWHERE) | set(query)
        if response.mimetype == "text/html":
            done.append(path)
            page = _parse(response.get_data(as_text=True))
            for link in page.links:
                queue.append(urljoin(url, link))
            for form in page.forms:
                action = urljoin(url, form["action"] or url)
                shape = (form["method"], _template(urlsplit(action).path), tuple(sorted(form["fields"])))
                if urlsplit(action).path.startswith(SKIP) or form["file"] or shape in walked:
                    continue
                walked.add(shape)
                if form["method"] == "get":  # a filter, or a way to another page (the report of a month)
                    filled = {name: value for name, value in form["fields"].items() if value is not None}
                    sent = _answer(client, "get", f"{urlsplit(action).path}?{urlencode(filled)}")
                    if sent.status_code in (301, 302, 303):
                        queue.append(urljoin(url, sent.headers["Location"]))
                _send_each_field_bad(client, form, action)
        # A month in the address (``/reports/2026-11``) out of the calendar's range.
        for month in re.findall(r"/(\d{4}-\d{2})(?=/|$)", path):
            for value in ("0000-01", "9999-12"):
                _answer(client, "get", path.replace(f"/{month}", f"/{value}"))
        # Each parameter alone, the address's own others kept (an export's ``format`` with its ``version``).
        if (shape := ("params", _template(path), tuple(sorted(params)))) not in walked:
            walked.add(shape)
            for name in sorted(params):
                for value in HOSTILE:
                    _answer(client, "get", f"{path}?{urlencode(query | {name: value})}")
    return done


def _send_each_field_bad(client, form: dict, action: str) -> None:
    fields = {name: value for name, value in form["fields"].items() if value is not None}
    for name in form["fields"]:
        if name == "csrf_token":
            continue
        for value in ANY + BY_TYPE.get(form["types"].get(name), []):
            data = fields | {name: value}
            if form["method"] == "get":
                _answer(client, "get", f"{urlsplit(action).path}?{urlencode(data)}")
            else:
                _answer(client, "post", action, data)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.UNIT_LEADER, Role.ANALYST, Role.ADMIN])
def test_every_field_and_parameter_of_every_page_answers_below_500(client, make_user, make_item, leader, role):
    for kind in ItemKind:
        make_item(kind)
    user = leader if role is Role.UNIT_LEADER else make_user(role, "E6")
    assert sign_in(client, user.username).status_code == 302
    pages = _walk(client)
    assert len(pages) > 3, pages  # the walk went somewhere


def test_a_next_with_cr_lf_or_nul_after_sign_in_goes_to_the_start_page(client, make_user):
    user = make_user(Role.CASEWORKER)
    for value in [*HOSTILE, "/\\evil.example", "/\x00"]:
        response = _answer(client, "post", f"/login?{urlencode({'next': value})}",
                           data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 302 and response.headers["Location"] == "/", (value, response.headers)
        client.post("/logout")


def test_every_field_of_the_sign_in_page_and_the_language_answer_below_500(client):
    assert _walk(client, "/login") == ["/login"]
    for value in HOSTILE:
        _answer(client, "get", f"/login?{urlencode({'lang': value})}")


def _subclasses(cls) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_form_of_caseflow_is_built_on_the_base_that_refuses_control_characters(app):
    forms = {cls for cls in _subclasses(FlaskForm) if cls.__module__.startswith("caseflow.")} - {Form}
    assert len(forms) > 30  # every blueprint's forms, imported with the app
    assert sorted(f"{cls.__module__}.{cls.__name__}" for cls in forms if not issubclass(cls, Form)) == []

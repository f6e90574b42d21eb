"""Helpers and fixtures for the caseworker screens' tests: a signed-in caseworker, page and error readers.

Test modules import the fixtures they use from here (``tests/screens/conftest.py`` is shared with the
leader screens' tests).
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import sign_in
from tests.items.conftest import BASE_DAY

__all__ = ["BASE_DAY", "assert_page_shape", "error_text", "page_text", "signed_in"]


@pytest.fixture
def signed_in(client, caseworker):
    """The client, signed in as the E6 caseworker ``sara``."""
    assert sign_in(client, caseworker.username).status_code == 302
    return caseworker


def page_text(response) -> str:
    return response.get_data(as_text=True)


def error_text(html: str, field_id: str) -> str:
    """The text of the error shown beside the field with id ``field_id`` (``id="<field>-error"``)."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    assert match, f"no error shown for {field_id}"
    return " ".join(match.group(1).split())


def assert_page_shape(html: str) -> None:
    """What every page must have (API.md): Swedish, a title, exactly one h1."""
    assert '<html lang="sv">' in html
    assert re.search(r"<title>[^<]+ – Caseflow</title>", html)
    assert html.count("<h1") == 1



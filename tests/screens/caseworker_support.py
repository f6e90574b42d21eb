"""Helpers for the screens' tests: page and error readers (the fixtures are in ``conftest.py``)."""

from __future__ import annotations

import re

from tests.factories import BASE_DAY

__all__ = ["BASE_DAY", "assert_page_shape", "error_text", "page_text"]



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



"""Printing: who printed and when, on every printed page; forms, navigation and buttons left out."""

from __future__ import annotations

import re
from pathlib import Path

from caseflow.extensions import db
from caseflow.kinds import ItemKind
from tests.screens.caseworker_support import page_text

CSS = Path(__file__).resolve().parents[2] / "caseflow" / "static" / "caseflow.css"


def test_every_printed_page_names_who_printed_and_when(client, signed_in):
    signed_in.display_name = 'Sara "S" Svensson'
    db.session.commit()
    html = page_text(client.get("/"))
    assert '<link rel="stylesheet" media="print" href="/print-stamp.css">' in html
    assert re.search(r'<div class="print-stamp" aria-hidden="true">Utskriven \d{4}-\d{2}-\d{2} \d{2}:\d{2} av '
                     r'Sara &#34;S&#34; Svensson · ', html)
    response = client.get("/print-stamp.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.headers["Cache-Control"] == "private, no-store"
    css = response.get_data(as_text=True)
    stamp = re.search(r'@top-left \{ content: "([^"]*)";', css)
    assert stamp, css  # the quotes of the name are escaped: the string is not ended early
    assert stamp.group(1).startswith("Utskriven ") and "Sara \\22 S\\22  Svensson" in stamp.group(1)


def test_the_print_stylesheet_hides_forms_navigation_and_buttons(client, signed_in, make_item):
    rules = CSS.read_text().split("@media print {")[1].split("\n}")[0]
    for selector in ("form", "nav", "button", ".button", "details.edit", ".event-forms", "section:has(form)"):
        assert re.search(rf"(^|[\s,]){re.escape(selector)}\s*[,{{]", rules + "{"), selector
    assert ".print-stamp { display: block" in rules
    # The item page's form headings sit inside what is hidden.
    meeting = make_item(ItemKind.SIP_MEETING, actor=signed_in)
    html = page_text(client.get(f"/items/{meeting.id}"))
    assert re.search(r'<details class="edit"[^>]*>\s*<summary><h2>Rätta uppgifterna</h2>', html)
    assert '<h2 id="next" class="screen-only">' in html

"""What every page must be: a title, one h1, headings in order, every field labelled."""

from __future__ import annotations

from html.parser import HTMLParser

UNLABELLED_TYPES = {"hidden", "submit", "button"}


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.title = ""
        self.in_title = False
        self.headings: list[int] = []
        self.fields: list[str | None] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self.in_title = True
        elif len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        elif tag in ("select", "textarea") or (tag == "input" and attrs.get("type") not in UNLABELLED_TYPES):
            self.fields.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def check_page(html: str) -> None:
    outline = _Outline()
    outline.feed(html)
    assert outline.title.strip().endswith("– Caseflow") and len(outline.title.strip()) > len("– Caseflow")
    assert outline.headings.count(1) == 1 and outline.headings[0] == 1, outline.headings
    for before, after in zip(outline.headings, outline.headings[1:]):
        assert after <= before + 1, f"heading h{after} follows h{before}"
    unlabelled = [f for f in outline.fields if f is None or f not in outline.labels]
    assert unlabelled == [], unlabelled

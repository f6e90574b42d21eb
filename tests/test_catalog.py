"""The Swedish catalog is complete: every text in the code and templates has a reviewed translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "caseflow" / "translations" / "sv" / "LC_MESSAGES" / "messages.po"


def _source_messages() -> set[str]:
    method_map = [("caseflow/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, keywords=keywords):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_a_swedish_translation_and_none_is_a_guess():
    with CATALOG.open("rb") as f:
        catalog = read_po(f, locale="sv")
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing = sorted(_source_messages() - {k for k, m in translated.items() if m.string})
    fuzzy = sorted(k for k, m in translated.items() if "fuzzy" in m.flags)
    assert missing == []
    assert fuzzy == []

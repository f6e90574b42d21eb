"""What every stored text must be: free of the control characters PostgreSQL or XML cannot hold."""

from __future__ import annotations

import re

from flask_babel import gettext as _

#: NUL (PostgreSQL refuses it in text; SQLite would store it) and the other C0 controls XML cannot
#: carry, so the XLSX and DOCX exports could not be written. Tab and line breaks are text.
_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f"
CONTROL_CHARACTERS = re.compile(f"[{_CONTROLS}]")
#: The same rule as a JSON Schema pattern: a text without them (every string of the API's requests).
PLAIN_TEXT_PATTERN = f"^[^{_CONTROLS}]*$"


def control_character_problem(value: str | None) -> str | None:
    if value and CONTROL_CHARACTERS.search(value):
        return _("The text holds a control character (such as NUL) that cannot be stored; type it again "
                 "or paste it as plain text.")
    return None

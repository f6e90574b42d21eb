"""Text cells of the CSV and XLSX exports, which a spreadsheet shows as text and never runs as a formula.

A measure titled ``=HYPERLINK("https://…","Klicka")`` or a note beginning with ``+``, ``-`` or ``@`` would
otherwise run in the reader's Excel (CSV injection, OWASP). Every text cell of every export is written
through here; numbers stay numbers.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: What a spreadsheet starts a formula with (OWASP's list): a cell beginning so is made text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value) -> str:
    """A CSV cell: text that would start a formula gets a leading ``'``, which Excel reads as "this
    is text" and does not show; numbers, and None as empty, are written as they are."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def set_xlsx_text(cell, text: str | None) -> None:
    """Put ``text`` in an openpyxl cell typed as a string: openpyxl would store a text beginning with
    ``=`` as a formula. A text that would start one is also marked quote-prefixed, as Excel marks
    what is typed after a ``'``, so editing the cell keeps it text. Characters XML cannot hold (no
    text is stored with them now; older rows might be) are left out, not a reason to fail."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text or "")
    if not text:
        cell.value = None  # an empty cell, as openpyxl writes ""
        return
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True

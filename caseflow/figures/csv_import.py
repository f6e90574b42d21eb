"""Reading a figures CSV: ``month;key;value`` rows, every row checked before anything is stored.

The file is UTF-8, with or without a byte-order mark ("CSV UTF-8" of Swedish Excel), or Windows-1252
(its plain "CSV (semikolonavgränsad)"), separated by semicolons or by commas (chosen from the header
line). Its first line is the header ``month;key;value``; each further line is one figure:
``2020-11;households_applied;3 713``. A month may be written as Excel shows one, ``nov-20``, or as a
date in it, ``2020-11-01``. Numbers may be written the Swedish way (``3 713``, ``41,4``); in a
comma-separated file a value with a decimal comma must be quoted. Rows are numbered as in a
spreadsheet: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date

from flask_babel import gettext as _

from caseflow.db import today_local
from caseflow.errors import ValidationError
from caseflow.figures.keys import FIGURE_SPECS, FigureKey
from caseflow.figures.models import FigureImport, ImportSource
from caseflow.figures.services import Figure, record_import, value_problem
from caseflow.formatting import parse_number
from caseflow.months import Month
from caseflow.privacy import contains_personal_number
from caseflow.reference.services import free_text_problem
from caseflow.reports.months import parse_month

COLUMNS = ("month", "key", "value")
MAX_ROWS = 10_000
#: Errors listed at most; the rest are counted.
MAX_ERRORS = 50


def _where(row: int, column: str) -> str:
    return _("row %(row)d, column %(column)s", row=row, column=column)


def _decode(data: bytes) -> str:
    """UTF-8 if the bytes are that; else Windows-1252, which Swedish Excel writes (a non-breaking space
    in ``3 713`` is then the byte A0, never valid UTF-8)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # UTF-16 (Excel's "Unicode text") decodes as Windows-1252 with NULs
            return text
    raise ValidationError(_("The file is neither UTF-8 nor Windows-1252 text. Save it as \"CSV UTF-8\" and "
                            "try again."), {"file": _("Not UTF-8.")})


def _month(text: str) -> Month:
    """``2020-11``, ``nov-20`` (as Excel shows a month) or a day of the month, ``2020-11-01``."""
    try:
        return parse_month(text)
    except ValidationError:
        pass
    try:
        return Month.from_label(text)
    except ValueError:
        pass
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("Not a month: %(value)s.", value=text)) from None
    return Month.parse(f"{day:%Y-%m}")


def _shown(cell: str) -> str:
    """A cell quoted in a message: short, so a huge cell does not make a huge page."""
    return cell if len(cell) <= 40 else cell[:40] + "…"


def _check_row(number: int, row: list[str], seen: dict[tuple[int, str], int],
               problems: dict[str, str]) -> Figure | None:
    if len(row) != len(COLUMNS):
        problems[_("row %(row)d", row=number)] = _("Expected %(n)d columns: month, key and value.",
                                                   n=len(COLUMNS))
        return None
    # A cell holding a personal identity number is named, never quoted back.
    if marked := [column for column, cell in zip(COLUMNS, row) if contains_personal_number(cell)]:
        for column in marked:
            problems[_where(number, column)] = _("The cell holds a personal identity number; remove it.")
        return None
    month_text, key, value_text = (cell.strip() for cell in row)
    month = value = None
    try:
        month = _month(month_text)
        if month > Month.of(today_local()):
            problems[_where(number, "month")] = _("The month %(month)s has not begun.", month=month_text)
            month = None
    except (ValidationError, ValueError):
        problems[_where(number, "month")] = _("Not a month: %(value)s (write YYYY-MM or nov-20).",
                                              value=_shown(month_text))
    if key not in FIGURE_SPECS:
        problems[_where(number, "key")] = _("Unknown key: %(key)s.", key=_shown(key))
        key = None
    try:
        value = parse_number(value_text)
    except ValueError:
        problems[_where(number, "value")] = _("Not a number: %(value)s.", value=_shown(value_text))
    if key and value is not None and (problem := value_problem(key, value)):
        problems[_where(number, "value")] = problem
        value = None
    if month is None or key is None or value is None:
        return None
    if (month, key) in seen:
        problems[_where(number, "key")] = _("%(key)s for this month is already on row %(row)d.",
                                            key=key, row=seen[(month, key)])
        return None
    seen[(month, key)] = number
    return Figure(month=month, key=FigureKey(key), value=value)


def parse_figures_csv(data: bytes) -> list[Figure]:
    """Every figure of the file, or a ValidationError listing every bad row and column."""
    text = _decode(data)
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    delimiter = ";" if ";" in header_line else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _read_rows(reader)
    except csv.Error:
        # The csv module's own refusal: a field over its limit of 128 KiB.
        raise ValidationError(_("Nothing was imported: the file cannot be read as CSV."),
                              {_("row %(row)d", row=reader.line_num): _("A field is longer than 128 KiB.")}
                              ) from None


def _read_rows(reader) -> list[Figure]:
    header = [cell.strip().lower() for cell in next(reader, [])]
    if tuple(header) != COLUMNS:
        raise ValidationError(_("The first row must be the header month;key;value."),
                              {_("row %(row)d", row=1): _("Expected the columns month, key and value.")})
    figures: list[Figure] = []
    problems: dict[str, str] = {}
    seen: dict[tuple[int, str], int] = {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines, e.g. at the end
        if number - 1 > MAX_ROWS:
            raise ValidationError(_("At most %(max)d rows in one file.", max=MAX_ROWS))
        if (figure := _check_row(number, row, seen, problems)) is not None:
            figures.append(figure)
    if problems:
        listed = dict(list(problems.items())[:MAX_ERRORS])
        if len(problems) > MAX_ERRORS:
            listed["…"] = _("%(n)d more errors.", n=len(problems) - MAX_ERRORS)
        raise ValidationError(_("Nothing was imported: %(n)d errors in the file.", n=len(problems)), listed)
    if not figures:
        raise ValidationError(_("The file holds no figures."), {"file": _("No rows after the header.")})
    return figures


def import_figures_csv(data: bytes, file_name: str, *, source: ImportSource, actor=None) -> FigureImport:
    """Check the whole file, then store it as one import: all rows or none."""
    # The file's name is stored with the import and listed to every analyst.
    if problem := free_text_problem(file_name, 10_000):
        raise ValidationError(_("The file's name cannot be stored: rename the file and try again."),
                              {"file": problem})
    figures = parse_figures_csv(data)
    return record_import(figures, source=source, file_name=os.path.basename(file_name)[:255] or None,
                         actor=actor)

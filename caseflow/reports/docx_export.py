"""The committee report as a DOCX draft of the tjänsteskrivelse: the proposal, a sentence and a
table per figure, the charts as pictures with their text alternative, the action plan."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask_babel import gettext as _

from caseflow.formatting import iso_date
from caseflow.reports.charts import chart_png
from caseflow.reports.layout import CommitteeReport, Table


def _table(document, table: Table) -> None:
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, heading in zip(grid.rows[0].cells, table.headers):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(8)
    for row in table.rows:
        cells = grid.add_row().cells
        cells[0].text = row.label
        for target, cell in zip(cells[1:], row.cells):
            target.text = cell.display()
            if cell.is_figure:
                target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                # A number is never broken inside (``9 48/0``): Word widens its column instead.
                target._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))
    for row in grid.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)
    if table.note:
        document.add_paragraph(table.note).runs[0].italic = True


def _swedish_a4(document) -> None:
    """A4 with the margins of a Swedish official letter, and Swedish as the text's language, so Word
    proofs it as Swedish (python-docx's template is US Letter and US English)."""
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        defaults.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), "sv-SE")
    document.core_properties.language = "sv-SE"


def report_docx(report: CommitteeReport, *, dated: date, frozen_label: str | None = None) -> bytes:
    """The report as a DOCX dated ``dated``: the day it was frozen, or today for the live counts."""
    document = Document()
    _swedish_a4(document)
    document.add_paragraph(_("Draft")).runs[0].bold = True
    document.add_paragraph(_("Official report to the labour-market committee"))
    document.add_paragraph(_("Date: %(date)s", date=iso_date(dated)))
    if frozen_label:
        document.add_paragraph(frozen_label)
    document.add_heading(report.title, level=1)
    document.add_heading(_("Proposed decision"), level=2)
    document.add_paragraph(_("The labour-market committee decides"))
    document.add_paragraph(_("to place the information on file."), style="List Number")
    document.add_heading(_("The matter"), level=2)
    charts = {chart.table_key: chart for chart in report.charts()}
    for section in report.sections:
        document.add_heading(section.title, level=2)
        for table in section.tables:
            if len(section.tables) > 1 or table.title != section.title:
                document.add_heading(table.title, level=3)
            if table.sentence:
                document.add_paragraph(table.sentence)
            _table(document, table)
            if chart := charts.get(table.key):
                document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
                # The picture's text alternative: what it shows is the table above it.
                document.inline_shapes[-1]._inline.docPr.set(
                    "descr", _("Chart of the table %(title)s, by year and month.", title=table.title))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

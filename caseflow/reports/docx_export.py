"""The committee report as the tjänsteskrivelse a nämndsekreterare sends as it is (seed 000's layout):
the header block, the title, *Förslag till beslut*, *Ärendet*, a *Redovisning* per point (the report's
sections: each table with its sentence, its chart and the analyst's note), the source, *Beslutsunderlag*
and the signatory. A4 in Swedish; every table as wide as the text, its figures never broken."""

from __future__ import annotations

import io
import re
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from flask_babel import gettext as _

from caseflow.formatting import iso_date
from caseflow.reports.charts import chart_png
from caseflow.reports.layout import CommitteeReport, Format, Table
from caseflow.reports.text import AnalystText

PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
SIDE_MARGIN = Cm(2.5)
#: The width of the text, which every table fills.
TEXT_WIDTH_CM = 21 - 2 * 2.5
#: A font that Word has and LibreOffice renders with metric-compatible Liberation Sans, so a column
#: measured here is as wide on either.
FONT = "Arial"
#: Inside a table cell, left and right.
CELL_PADDING_CM = 0.1
#: The table font, made smaller until the figures fit the page side by side.
TABLE_FONT_SIZES = (8.0, 7.0, 6.5)

#: Arial's advance widths, in ems: digits and most letters; a space, punctuation; wide capitals.
_NARROW = frozenset(" \u00a0.,:;'!|()[]-iljtfrI")
_WIDE = frozenset("MWmw%")
#: Bold Arial's widths to regular's, with a margin.
BOLD = 1.15


def _text_width_cm(text: str, size_pt: float) -> float:
    """An upper estimate of ``text``'s width in Arial at ``size_pt`` (its digits are 0.556 em wide)."""
    ems = sum(0.3 if ch in _NARROW else 0.9 if ch in _WIDE else 0.6 for ch in text)
    return ems * size_pt * 2.54 / 72


def _longest_word(text: str) -> str:
    return max(text.split(), key=len, default="")


def _widths(table: Table, size: float) -> tuple[list[float], bool]:
    """The columns' widths in cm, the label column's first, filling ``TEXT_WIDTH_CM``; and whether the
    figures fit at ``size`` side by side with the labels' longest words."""
    pad = 2 * CELL_PADDING_CM
    columns = len(table.headers)
    text_columns = {i + 1 for row in table.rows for i, cell in enumerate(row.cells) if cell.fmt is Format.TEXT}
    least = [0.0] * columns  # a figure is never broken; a word not inside
    wanted = [0.0] * columns  # each column's text on one line
    for i, heading in enumerate(table.headers):
        # Headings are bold, which Arial sets about a tenth wider ("mar" and "Utfall" broke inside).
        least[i] = _text_width_cm(_longest_word(heading), size) * BOLD + pad
        wanted[i] = max(least[i], min(_text_width_cm(heading, size) * BOLD + pad, 3.0))
    for row in table.rows:
        least[0] = max(least[0], _text_width_cm(_longest_word(row.label), size) + pad)
        wanted[0] = max(wanted[0], _text_width_cm(row.label, size) + pad)
        for i, cell in enumerate(row.cells, start=1):
            shown = cell.display()
            need = _text_width_cm(shown if cell.is_figure else _longest_word(shown), size) + pad
            least[i] = max(least[i], need)
            wanted[i] = max(wanted[i], need if cell.is_figure else _text_width_cm(shown, size) + pad)
    fits = sum(least) <= TEXT_WIDTH_CM
    widths = list(least)
    spare = TEXT_WIDTH_CM - sum(widths)
    # The labels first, up to their whole line (at most 70 % of the page)...
    grow = max(0.0, min(spare, min(wanted[0], TEXT_WIDTH_CM * 0.7) - widths[0]))
    widths[0] += grow
    spare -= grow
    # ... then the text columns, each in proportion to what its longest text lacks ...
    lacking = {i: max(0.0, wanted[i] - widths[i]) for i in text_columns}
    if spare > 0 and sum(lacking.values()) > 0:
        share = min(1.0, spare / sum(lacking.values()))
        for i, lack in lacking.items():
            widths[i] += lack * share
        spare -= sum(lacking.values()) * share
    # ... then the figure columns, up to 2.5 cm each; the rest to the labels.
    figure_columns = [i for i in range(1, columns) if i not in text_columns]
    for i in figure_columns:
        grow = max(0.0, min(spare / len(figure_columns), 2.5 - widths[i]))
        widths[i] += grow
    spare = TEXT_WIDTH_CM - sum(widths)
    widths[0] += max(0.0, spare)
    return widths, fits


def _cell_margins(grid) -> None:
    properties = grid._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(CELL_PADDING_CM * 567)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        properties.append(OxmlElement(tag))


def _table(document, table: Table) -> None:
    size = TABLE_FONT_SIZES[0]
    for size in TABLE_FONT_SIZES:
        widths, fits = _widths(table, size)
        if fits:
            break
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False  # a fixed layout: Word and LibreOffice take the widths below as they are
    _cell_margins(grid)
    _repeat_header(grid.rows[0])
    for index, heading in enumerate(table.headers):
        cell = grid.rows[0].cells[index]
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True if heading else None
        if index and not any(row.cells[index - 1].fmt is Format.TEXT for row in table.rows):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        cells = grid.add_row().cells
        grid.rows[-1]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells[0].text = row.label
        for target, cell in zip(cells[1:], row.cells):
            target.text = cell.display()
            if cell.is_figure:
                target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                # A number is never broken inside (``9 48/0``): its column is measured to hold it.
                target._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))
    table_width = grid._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(int(Cm(w).twips) for w in widths)))
    for index, width in enumerate(widths):
        grid.columns[index].width = Cm(width)
        for cell in grid.columns[index].cells:
            cell.width = Cm(width)
    for number, row in enumerate(grid.rows, start=1):
        for cell in row.cells:
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            # A table is not split from its heading and sentence, nor (up to a page) across pages.
            paragraph.paragraph_format.keep_with_next = number < len(grid.rows) and len(grid.rows) <= 40
            for run in paragraph.runs:
                run.font.size = Pt(size)
    if table.note:
        note = document.add_paragraph()
        note.add_run(table.note).italic = True
        note.runs[0].font.size = Pt(8)


def _fonts(document) -> None:
    """Arial throughout, headings black: the template's theme fonts and blue headings are Word's
    defaults, not a municipality's letter."""
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title"):
        style = document.styles[name]
        properties = style.element.get_or_add_rPr()
        fonts = properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            properties.insert(0, fonts)
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
    document.styles["Normal"].font.size = Pt(11)
    document.styles["Heading 1"].font.size = Pt(16)
    document.styles["Heading 2"].font.size = Pt(13)
    document.styles["Heading 3"].font.size = Pt(11)


def _swedish_a4(document) -> None:
    """A4 with the margins of a Swedish official letter, and Swedish as the text's language, so Word
    proofs it as Swedish (python-docx's template is US Letter and US English)."""
    for section in document.sections:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = SIDE_MARGIN
        section.top_margin = section.bottom_margin = Cm(2)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        defaults.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), "sv-SE")
    document.core_properties.language = "sv-SE"


def _labelled(document, label: str, value: str) -> None:
    """A header field as seed 000 has it: ``Datum: 2020-12-11``, the label bold."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.add_run(f"{label}:").bold = True
    paragraph.add_run(f" {value}")


#: A decision point as seed 000 writes it: ``1. **att** lägga …``.
_POINT = re.compile(r"^(\d+\.\s+)(att|to)(\s.*)$")


def _paragraphs(document, text: str) -> None:
    """The analyst's text: a paragraph per blank-line-separated block, its line breaks kept."""
    for block in re.split(r"\n\s*\n", text.strip()):
        if not block.strip():
            continue
        paragraph = document.add_paragraph()
        for n, line in enumerate(block.splitlines()):
            if n:
                paragraph.add_run().add_break()
            if point := _POINT.match(line.strip()):
                paragraph.add_run(point.group(1))
                paragraph.add_run(point.group(2)).bold = True
                paragraph.add_run(point.group(3))
            else:
                paragraph.add_run(line)


def _header(document, text: AnalystText, dated: date, frozen_label: str | None) -> None:
    administration = document.add_paragraph()
    administration.add_run(text.administration).bold = True
    if text.committee:
        document.add_paragraph(_("Official report to %(committee)s", committee=text.committee))
    _labelled(document, _("Date"), iso_date(dated))
    for label, value in ((_("Reference number"), text.reference), (_("Officer"), text.officers)):
        if value:
            _labelled(document, label, value)
    status = document.add_paragraph()
    status.add_run(frozen_label or _("Draft")).italic = True


def report_docx(report: CommitteeReport, *, dated: date, frozen_label: str | None = None) -> bytes:
    """The report as a DOCX dated ``dated`` (the day it was frozen, or today for the live counts) unless
    the analyst's text names its date."""
    text = report.text or AnalystText()
    dated = text.dated_on or dated
    document = Document()
    _swedish_a4(document)
    _fonts(document)
    _header(document, text, dated, frozen_label)
    document.add_heading(report.title, level=1)
    document.add_heading(_("Proposed decision"), level=2)
    _paragraphs(document, text.proposal)
    document.add_heading(_("The matter"), level=2)
    _paragraphs(document, text.matter)
    for number, section in enumerate(report.sections, start=1):
        document.add_paragraph(f"{number}. {section.title}").paragraph_format.left_indent = Cm(0.5)
    charts = {chart.table_key: chart for chart in report.charts()}
    for number, section in enumerate(report.sections, start=1):
        document.add_heading(_("Report on point %(number)d: %(title)s", number=number, title=section.title),
                             level=2)
        for table in section.tables:
            if len(section.tables) > 1 or table.title != section.title:
                document.add_heading(table.title, level=3)
            if table.sentence:
                document.add_paragraph(table.sentence).paragraph_format.keep_with_next = True
            _table(document, table)
            if chart := charts.get(table.key):
                document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
                # The picture's text alternative: what it shows is the table above it.
                document.inline_shapes[-1]._inline.docPr.set(
                    "descr", _("Chart of the table %(title)s, by year and month.", title=table.title))
        if note := text.note(section.key):
            _paragraphs(document, note)
    if text.source:
        source = document.add_paragraph()
        source.add_run(_("Source: %(source)s.", source=text.source.rstrip("."))).italic = True
    document.add_heading(_("Basis for the decision"), level=2)
    document.add_paragraph(_("Official report dated %(date)s", date=iso_date(dated)))
    for attachment in text.attachment_lines():
        document.add_paragraph(attachment)
    _signatory(document, text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _signatory(document, text: AnalystText) -> None:
    """Seed 000's closing: the administration, then who signs and their title, each on its line."""
    if not (text.signatory_name or text.signatory_title):
        return
    document.add_paragraph()
    block = document.add_paragraph()
    block.paragraph_format.keep_together = True
    block.add_run(text.administration).bold = True
    block.add_run().add_break()
    block.add_run().add_break()  # room for the signature
    for n, line in enumerate(line for line in (text.signatory_name, text.signatory_title) if line):
        if n:
            block.add_run().add_break()
        block.add_run(line)

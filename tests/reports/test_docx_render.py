"""The DOCX as a nämndsekreterare opens it: converted by LibreOffice (Debian's libreoffice-writer-nogui;
`.ci/run` installs it) to PDF, it is A4 pages in the seed's layout and no table cell breaks a number.

Skipped, saying why, where ``soffice`` is not installed."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from caseflow.extensions import db
from caseflow.reports.services import ExportFormat, export_report, live_report
from caseflow.reports.text import AnalystText, save_text
from tests.reports.conftest import SEED_003_TEMPORARY_HOUSING_2018, put

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: the DOCX render "
                                "test needs Debian's libreoffice-writer-nogui, which .ci/run installs")

#: A4 in PostScript points.
A4 = (595, 842)


def render_pdf(docx: bytes, folder: Path) -> bytes:
    """The DOCX converted by LibreOffice, with a profile of its own (no user's settings, no lock)."""
    source = folder / "report.docx"
    source.write_bytes(docx)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = (folder / "report.pdf").read_bytes()
    if keep := os.environ.get("CASEFLOW_KEEP_RENDER"):  # to look at the pages: a folder to copy them to
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, keep)
        (Path(keep) / "report.pdf").write_bytes(pdf)
    return pdf


def _text(seed_000_text: bool = True) -> AnalystText:
    return AnalystText(
        administration="Arbetsmarknadsförvaltningen", committee="Arbetsmarknadsnämnden",
        dated_on=date(2020, 12, 11), reference="AMN-2020-00102", officers="Ida Bylund Lindman, Lena Jeremiasen",
        signatory_name="Lena Winterbom", signatory_title="Förvaltningsdirektör",
        proposal="Arbetsmarknadsnämnden beslutar\n\n1. att lägga informationen till handlingarna.",
        matter="Arbetsmarknadsnämnden beslutade 2019-12-16 om en regelbunden återkoppling och uppföljning av "
               "ekonomiskt bistånd.",
        notes={"controls": "Avdelningen bytte verksamhetssystem i maj månad och detta påverkar statistiken på "
                           "antal slagningar socialsekreterare genomför i systemet."},
        source="LinQ, från Treserva", attachments="Bilaga 1: Åtgärdsplan")


@pytest.fixture
def wide_december(app, seed_000):
    """Seed 000's November tables and, to fill a year table's every column with six figures, seed
    003's temporary-housing costs for each month of 2018 and 2020 (the widest figures of the seeds)."""
    for month, value in enumerate(SEED_003_TEMPORARY_HOUSING_2018, start=1):
        put("temporary_housing_cost", 201800 + month, value)
        put("temporary_housing_cost", 201900 + month, value + 300000)
        if month <= 11:
            put("temporary_housing_cost", 202000 + month, value)
            put("avg_cost_per_household", 202000 + month, 9480)
            put("households_ongoing", 202000 + month, 3161)
    save_text(202011, _text())
    db.session.commit()


def test_the_docx_renders_to_a4_pages_with_the_header_block_and_no_number_broken(wide_december, tmp_path):
    pdf = PdfReader(io.BytesIO(render_pdf(export_report(202011, ExportFormat.DOCX)[0], tmp_path)))
    assert {(round(float(page.mediabox.width)), round(float(page.mediabox.height))) for page in pdf.pages} == {A4}
    # Page 1: the header block, the proposal, Ärendet and point 1; then the points with their tables and
    # charts (checks, inflow, three year tables), the försörjningshinder table, the key figures and
    # targets, the quality review, the source, Beslutsunderlag and the signatory: six pages (looked at
    # as PNGs).
    assert len(pdf.pages) == 6
    lines = [" ".join(line.replace("\u00a0", " ").split()) for page in pdf.pages
             for line in page.extract_text().splitlines()]
    first_page = " ".join(pdf.pages[0].extract_text().replace("\u00a0", " ").split())
    for expected in ("Arbetsmarknadsförvaltningen", "Tjänsteskrivelse till Arbetsmarknadsnämnden",
                     "Datum: 2020-12-11", "Diarienummer: AMN-2020-00102",
                     "Handläggare: Ida Bylund Lindman, Lena Jeremiasen", "Förslag till beslut", "Ärendet"):
        assert expected in first_page
    text = "\n".join(lines)
    assert "Redovisning punkt 1: Kontroller och beslut" in text and "Avdelningen bytte verksamhetssystem" in text
    assert "Källa: LinQ, från Treserva." in text and "Tjänsteskrivelse daterad 2020-12-11" in text
    assert "Lena Winterbom" in lines and "Förvaltningsdirektör" in lines
    # Every figure of every table on one line, whole: "943 902", never "943 90" and "2".
    with app_locale():
        report = live_report(202011)
    figures = {cell.display().replace("\u00a0", " ") for table in report.tables() for row in table.rows
               for cell in row.cells if cell.is_figure}
    assert {"943 902", "1 243 902", "10 848", "3 713"} <= figures
    broken = [figure for figure in figures if not any(_whole(figure, line) for line in lines)]
    assert broken == []


def _whole(figure: str, line: str) -> bool:
    """Whether ``figure`` stands in ``line`` as a number of its own (not the end of a longer one)."""
    start = line.find(figure)
    while start >= 0:
        before = line[start - 1] if start else " "
        after = line[start + len(figure)] if start + len(figure) < len(line) else " "
        if not before.isdigit() and not after.isdigit():
            return True
        start = line.find(figure, start + 1)
    return False


def app_locale():
    from flask_babel import force_locale
    return force_locale("sv")

"""The analyst's text of the tjänsteskrivelse: written on the report page, prefilled from the seeds or
the previous month, carried into every export and the JSON, and frozen with each version; and a
deliberate freeze (a tick, a comment, the committee's date, who froze it)."""

from __future__ import annotations

import csv
import io
from datetime import date

from docx import Document
from openpyxl import load_workbook

from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.reports.freeze import freeze_report, snapshots_of
from caseflow.reports.models import ReportText
from caseflow.reports.services import ExportFormat, export_report, live_report
from caseflow.reports.text import AnalystText, month_text, save_text
from tests.reports.conftest import put

NBSP = "\u00a0"
BUSINESS_SYSTEM = ("Avdelningen bytte verksamhetssystem i maj månad och detta påverkar statistiken på antal "
                   "slagningar socialsekreterare genomför i systemet.")
LATE = "Observera att uppgifterna kan ändras något på grund av efterregistreringar i individärenden i Treserva."

#: The text form as seed 000's analyst would fill it for November 2020.
FORM = {
    "administration": "Arbetsmarknadsförvaltningen", "committee": "Arbetsmarknadsnämnden",
    "dated_on": "2020-12-11", "reference": "AMN-2020-00102", "officers": "Ida Bylund Lindman, Lena Jeremiasen",
    "signatory_name": "Lena Winterbom", "signatory_title": "Förvaltningsdirektör",
    "proposal": "Arbetsmarknadsnämnden beslutar\r\n\r\n1. att lägga informationen till handlingarna.",
    "matter": "Arbetsmarknadsnämnden beslutade 2019-12-16 om en regelbunden återkoppling.",
    "note_controls": BUSINESS_SYSTEM, "note_series": LATE, "source": "LinQ, från Treserva",
    "attachments": "Bilaga 1: Åtgärdsplan",
}


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_an_unsaved_month_is_prefilled_with_the_seeds_sentences(app):
    text = month_text(202011)
    assert text.administration == "Arbetsmarknadsförvaltningen" and text.committee == "Arbetsmarknadsnämnden"
    assert text.proposal == "Arbetsmarknadsnämnden beslutar\n\n1. att lägga informationen till handlingarna."
    assert text.matter.startswith("Arbetsmarknadsnämnden beslutade 2019-12-16 om en regelbunden återkoppling")
    assert "För november månad avser redovisningen nedanstående punkter" in text.matter
    assert text.source == "LinQ som hämtar uppgifter från verksamhetssystemet Treserva"
    assert text.signatory_title == "Förvaltningsdirektör" and text.reference == "" and text.notes == {}


def test_the_next_month_starts_from_the_previous_months_header_but_not_its_date_or_notes(app):
    save_text(202010, AnalystText(administration="Arbetsmarknadsförvaltningen", committee="Arbetsmarknadsnämnden",
                                  reference="AMN-2020-00102", officers="Ida Bylund Lindman",
                                  dated_on=date(2020, 11, 12), matter=month_text(202010).matter,
                                  notes={"controls": BUSINESS_SYSTEM}))
    db.session.commit()
    november = month_text(202011)
    assert (november.reference, november.officers) == ("AMN-2020-00102", "Ida Bylund Lindman")
    assert november.dated_on is None and november.notes == {}
    assert "För november månad" in november.matter  # the default names its own month, not October


def test_the_analyst_writes_the_text_on_the_page_and_every_export_carries_it(client, login_as, seed_000):
    analyst = login_as(Role.ANALYST)
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert 'id="report-text"' in page and "Inte sparad än" in page
    assert 'value="Arbetsmarknadsförvaltningen"' in page  # prefilled
    assert "Kommentar under Kontroller och beslut" in page
    response = client.post("/reports/2020-11/text", data=FORM)
    assert response.status_code == 302 and response.headers["Location"] == "/reports/2020-11#report-text"
    row = db.session.get(ReportText, 202011)
    assert row.reference == "AMN-2020-00102" and row.updated_by_id == analyst.id
    assert row.notes == {"controls": BUSINESS_SYSTEM, "series": LATE}
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "Rapportens text är sparad." in page and f'<p class="report-note prewrap">{BUSINESS_SYSTEM}</p>' in page
    assert "Källa: LinQ, från Treserva." in page

    docx = _docx_text(export_report(202011, ExportFormat.DOCX)[0])
    for expected in ("Tjänsteskrivelse till Arbetsmarknadsnämnden", "Datum: 2020-12-11",
                     "Diarienummer: AMN-2020-00102", "Handläggare: Ida Bylund Lindman, Lena Jeremiasen",
                     "1. att lägga informationen till handlingarna.", "Redovisning punkt 1: Kontroller och beslut",
                     BUSINESS_SYSTEM, LATE, "Källa: LinQ, från Treserva.", "Beslutsunderlag",
                     "Tjänsteskrivelse daterad 2020-12-11", "Bilaga 1: Åtgärdsplan",
                     "Arbetsmarknadsförvaltningen\n\nLena Winterbom\nFörvaltningsdirektör"):
        assert expected in docx, expected
    # The note follows its section's table, before the next section.
    assert docx.index(BUSINESS_SYSTEM) < docx.index("Redovisning punkt 2")

    rows = list(csv.reader(io.StringIO(export_report(202011, ExportFormat.CSV)[0].decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0] == ["Uppföljning av ekonomiskt bistånd per november 2020"]
    assert rows[1][0].startswith("Utkast: de aktuella siffrorna.")  # how fresh the counts are
    assert rows[2:5] == [["Förvaltning", "Arbetsmarknadsförvaltningen"], ["Nämnd", "Arbetsmarknadsnämnden"],
                         ["Datum", "2020-12-11"]]
    assert ["Diarienummer", "AMN-2020-00102"] in rows and ["Kommentar", BUSINESS_SYSTEM] in rows
    assert rows.index(["Kommentar", BUSINESS_SYSTEM]) > rows.index(["nov-20", "3713", "7453", "10848", "16783",
                                                                    "8737"])
    assert ["Uppgifternas källa", "LinQ, från Treserva"] in rows

    workbook = load_workbook(io.BytesIO(export_report(202011, ExportFormat.XLSX)[0]))
    assert workbook.sheetnames == ["Rapport", "Tjänsteskrivelse", "Data"]
    fields = {row[0].value: row[1].value for row in workbook["Tjänsteskrivelse"].iter_rows()}
    assert fields["Diarienummer"] == "AMN-2020-00102" and fields["Kommentar: controls"] == BUSINESS_SYSTEM
    assert fields["Förslag till beslut"] == "Arbetsmarknadsnämnden beslutar\n\n1. att lägga informationen till " \
                                            "handlingarna."
    report_cells = [row[0].value for row in workbook["Rapport"].iter_rows()]
    assert BUSINESS_SYSTEM in report_cells and "Källa: LinQ, från Treserva." in report_cells


def test_bad_text_is_refused_beside_its_field_and_nothing_is_saved(client, login_as):
    login_as(Role.ANALYST)
    response = client.post("/reports/2020-11/text", data={**FORM, "reference": "AMN\x00-1",
                                                          "dated_on": "2020-13-45", "note_controls": "x" * 8001,
                                                          "note_series": "Gäller 19121212-1212."})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="reference-error"' in page and "styrtecken" in page
    assert 'id="dated_on-error"' in page and 'id="note_controls-error"' in page
    assert 'id="note_series-error"' in page and "personnummer" in page  # the committee may not read one
    assert db.session.get(ReportText, 202011) is None


def test_only_analysts_write_the_text(client, login_as):
    for role in (Role.CASEWORKER, Role.UNIT_LEADER, Role.ADMIN):
        login_as(role)
        assert client.post("/reports/2020-11/text", data=FORM).status_code == 403
    assert db.session.get(ReportText, 202011) is None


def test_a_freeze_is_confirmed_commented_and_dated_for_the_committee(client, login_as, seed_000):
    analyst = login_as(Role.ANALYST)
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert 'href="/reports/2020-11/freeze"' in page
    form = client.get("/reports/2020-11/freeze").get_data(as_text=True)
    assert "Jag har läst igenom rapporten" in form and 'name="comment"' in form and 'name="committee_on"' in form
    response = client.post("/reports/2020-11/freeze", data={"comment": "Till nämnden i december."})
    assert response.status_code == 422 and "Kryssa i rutan för att frysa rapporten." in response.get_data(as_text=True)
    assert snapshots_of(202011) == []
    response = client.post("/reports/2020-11/freeze", data={"confirm": "y", "comment": "Till nämnden i december.",
                                                            "committee_on": "2020-12-16"})
    assert response.status_code == 302
    [snapshot] = snapshots_of(202011)
    assert (snapshot.version, snapshot.comment, snapshot.committee_on, snapshot.frozen_by_id) == \
        (1, "Till nämnden i december.", date(2020, 12, 16), analyst.id)
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "<td>2020-12-16</td>" in page and "<td>Till nämnden i december.</td>" in page
    assert f"<td>{analyst.display_name}</td>" in page


def test_a_frozen_version_keeps_its_text_when_the_text_is_edited_later(client, login_as, seed_000):
    login_as(Role.ANALYST)
    client.post("/reports/2020-11/text", data=FORM)
    client.post("/reports/2020-11/freeze", data={"confirm": "y"})
    client.post("/reports/2020-11/text", data={**FORM, "reference": "AMN-2020-99999", "note_controls": ""})
    frozen = _docx_text(export_report(202011, ExportFormat.DOCX, version=1)[0])
    live = _docx_text(export_report(202011, ExportFormat.DOCX)[0])
    assert "Diarienummer: AMN-2020-00102" in frozen and BUSINESS_SYSTEM in frozen
    assert "Fryst version 1" in frozen and "Utkast" not in frozen
    assert "Diarienummer: AMN-2020-99999" in live and BUSINESS_SYSTEM not in live and "Utkast" in live
    page = client.get("/reports/2020-11?version=1").get_data(as_text=True)
    assert "AMN-2020-00102" in page and 'action="/reports/2020-11/text"' not in page  # frozen: shown, not edited


def test_a_freeze_without_a_form_keeps_working_for_the_calendar_and_the_command_line(app, runner):
    snapshot = freeze_report(202011)
    assert snapshot.comment is None and snapshot.committee_on is None
    assert snapshot.text["administration"] == "Arbetsmarknadsförvaltningen"
    db.session.commit()
    result = runner.invoke(args=["freeze", "2020-11"])
    assert result.exit_code == 0 and result.output.splitlines()[-1] == "2"


def test_no_measure_without_a_follow_up_is_said_as_all_followed_up(app):
    put("measures_in_progress", 202011, 3)
    put("measures_missing_note", 202011, 0)
    db.session.commit()
    with app.test_request_context():
        from flask_babel import force_locale
        with force_locale("sv"):
            table = live_report(202011).table("measure_counts")
    assert table.sentence == "Alla pågående åtgärder har uppföljning för november."


def test_the_api_report_carries_the_text(client, app):
    from caseflow.api.tokens import create_token
    save_text(202011, AnalystText(reference="AMN-2020-00102", notes={"controls": BUSINESS_SYSTEM},
                                  source="LinQ, från Treserva", attachments="Bilaga 1\nBilaga 2"))
    db.session.commit()
    _token, secret = create_token("läsare", "read", None)
    db.session.commit()
    body = client.get("/api/v1/reports/2020-11", headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert body["text"]["reference"] == "AMN-2020-00102" and body["text"]["notes"] == {"controls": BUSINESS_SYSTEM}
    assert body["text"]["attachments"] == ["Bilaga 1", "Bilaga 2"] and body["text"]["dated_on"] is None
    assert [s["key"] for s in body["sections"]][:2] == ["controls", "sublease"]


def test_the_freeze_command_takes_a_comment_and_the_committees_date_and_ends_with_the_version(app, runner):
    result = runner.invoke(args=["freeze", "2020-11", "--comment", "Till nämnden.", "--committee-on", "2020-12-16"])
    assert result.exit_code == 0 and result.output.splitlines()[-1] == "1"
    [snapshot] = snapshots_of(202011)
    assert (snapshot.comment, snapshot.committee_on) == ("Till nämnden.", date(2020, 12, 16))
    assert "Till nämnden 2020-12-16." in _docx_text(export_report(202011, ExportFormat.DOCX, version=1)[0])
    refused = runner.invoke(args=["freeze", "2020-11", "--comment", "Gäller 19121212-1212"])
    assert refused.exit_code == 2 and "personnummer" in refused.output and len(snapshots_of(202011)) == 1


def test_the_text_form_in_english(client, login_as):
    login_as(Role.ANALYST)
    page = client.get("/reports/2020-11?lang=en").get_data(as_text=True)
    assert "Note under Checks and decisions" in page and "Reference number" in page
    assert 'value="Arbetsmarknadsförvaltningen"' in page  # the document's own text stays Swedish
    assert "Freeze the report…" in client.get("/reports/2020-11").get_data(as_text=True)

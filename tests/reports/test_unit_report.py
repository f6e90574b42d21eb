"""A unit's view of the committee report (page and files), the XLSX's data sheet for pivot tables,
and the files saying how fresh their counts are."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from caseflow.reports.freeze import freeze_report
from caseflow.reports.rollup import rollup_months
from caseflow.reports.services import ExportFormat, export_report, report_unit


def _referrals(make_user):
    """Two referrals by E6 and one by E2 in November 2020, rolled up."""
    e6, e2 = make_user(Role.CASEWORKER, "E6"), make_user(Role.CASEWORKER, "E2")
    for user, person in ((e6, "P-1"), (e6, "P-2"), (e2, "P-3")):
        create_referral(user, unit=user.unit, person_ref=person, case_ref=f"H-{person}", sent_on=date(2020, 11, 4))
    db.session.commit()
    rollup_months(202011, 202011)
    db.session.commit()
    return e6.unit, e2.unit


def _sent_in_november(rows) -> str:
    referrals = next(i for i, row in enumerate(rows) if row[:1] == ["Arbetsmarknadsuppdrag och inflöde"])
    header = rows[referrals + 1]
    sent = next(row for row in rows[referrals + 2:] if row[0].startswith("Antal arbetsmarknadsuppdrag"))
    return sent[header.index("nov")]


def test_a_units_report_shows_its_own_counts_on_the_page_and_in_its_files(client, login_as, make_user):
    e6, e2 = _referrals(make_user)
    login_as(Role.ANALYST)
    page = client.get("/reports/2020-11?unit=E2").get_data(as_text=True)
    assert f"Uppföljning av ekonomiskt bistånd per november 2020 – {e2.name}</h1>" in page
    assert '<option value="E2" selected>' in page and 'href="/reports/2020-11/export.csv?unit=E2"' in page
    whole = client.get("/reports/2020-11/export.csv").get_data(as_text=True)
    of_e2 = client.get("/reports/2020-11/export.csv?unit=E2")
    assert of_e2.headers["Content-Disposition"] == 'attachment; filename="ekonomiskt-bistand-2020-11-E2.csv"'
    rows = lambda text: list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))  # noqa: E731
    assert _sent_in_november(rows(whole)) == "3" and _sent_in_november(rows(of_e2.get_data(as_text=True))) == "1"
    assert client.get("/reports/2020-11?unit=NOPE").status_code == 404
    assert client.get("/reports/2020-11/export.csv?unit=NOPE").status_code == 404


def test_a_frozen_version_shows_each_units_counts_as_frozen(app, make_user):
    e6, _e2 = _referrals(make_user)
    snapshot = freeze_report(202011)
    db.session.commit()
    content, name = export_report(202011, ExportFormat.CSV, snapshot.version, unit=report_unit("E6"))
    assert name == "ekonomiskt-bistand-2020-11-E6-v1.csv"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0].startswith("Fryst version 1, ")
    assert _sent_in_november(rows) == "2"


def test_the_xlsx_has_a_data_sheet_a_row_a_month_metric_and_unit_for_pivot_tables(app, make_user):
    _referrals(make_user)
    workbook = load_workbook(io.BytesIO(export_report(202011, ExportFormat.XLSX)[0]))
    assert workbook.sheetnames[-1] == "Data"
    sheet = workbook["Data"]
    assert [c.value for c in sheet[1]] == ["Månad", "Nyckel", "Uppgift", "Enhet", "Värde"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    sent = [(row[0].date(), row[3], row[4]) for row in rows if row[1] == "referrals_sent"]
    assert sent == [(date(2020, 11, 1), "Hela kommunen", 3), (date(2020, 11, 1), "E2", 1),
                    (date(2020, 11, 1), "E6", 2)]
    assert sheet["A2"].number_format == "yyyy-mm" and sheet.auto_filter.ref == f"A1:E{len(rows) + 1}"


def test_a_live_files_say_when_the_counts_were_computed_and_what_waits(app, make_user):
    e6, _e2 = _referrals(make_user)
    create_referral(make_user(Role.CASEWORKER, "E6", username="sen"), unit=e6, person_ref="P-9", case_ref="H-9",
                    sent_on=date(2020, 10, 2))  # a late registration: October waits for a rollup
    db.session.commit()
    rows = list(csv.reader(io.StringIO(export_report(202011, ExportFormat.CSV)[0].decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[1][0].startswith("Utkast: de aktuella siffrorna. Siffrorna beräknades ")
    assert rows[1][0].endswith("1 månad väntar på omräkning: okt-20. Dess siffror nedan är från den senaste "
                               "omräkningen och kommer att ändras.")
    sheet = load_workbook(io.BytesIO(export_report(202011, ExportFormat.XLSX)[0]))["Rapport"]
    assert sheet["A2"].value == rows[1][0]

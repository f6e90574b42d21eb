"""The report page: live beside frozen with the changes marked, freezing, the rollup button and its
state, downloads, who may do what, and CSRF on every POST."""

import re
from datetime import date

import pytest

from caseflow.api.tokens import create_token
from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.figures.csv_import import import_figures_csv
from caseflow.figures.models import ImportSource
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.reports import views
from caseflow.reports.freeze import snapshots_of
from caseflow.reports.freshness import freshness
from caseflow.reports.rollup import rollup_months
from tests.conftest import counted_queries

NBSP = "\u00a0"


def test_the_page_shows_the_sections_and_the_charts_with_their_table(client, login_as, seed_000):
    login_as(Role.ANALYST)
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "<h1>Uppföljning av ekonomiskt bistånd per november 2020</h1>" in page
    for title in ("Kontroller och beslut", "Arbetsmarknadsuppdrag och inflöde", "Uppföljning av åtgärder",
                  "Pågående hushåll", "Kostnader för tillfälliga boenden"):
        assert title in page
    assert f"10{NBSP}848" in page and "har inte frysts än" in page
    assert page.count('<img src="data:image/svg+xml;base64,') == 5  # checks, inflow, three year tables
    assert 'aria-describedby="table-year_households_ongoing"' in page and 'id="table-year_households_ongoing"' in page
    assert "<script src=\"/static/reports.js\" defer></script>" in page and "<style" not in page


def test_freeze_then_a_late_registration_shows_the_difference(client, login_as, make_unit):
    e6 = make_unit("E6")
    record_checks([{"case_ref": "AB-1", "performed_on": date(2020, 11, 3), "actor": "robot",
                    "persons_checked": 2}], e6.id)
    db.session.commit()
    analyst = login_as(Role.ANALYST)
    response = client.post("/reports/2020-11/freeze", data={"confirm": "y"})
    assert response.status_code == 302 and response.headers["Location"] == "/reports/2020-11"
    [snapshot] = snapshots_of(202011)
    assert snapshot.version == 1 and snapshot.frozen_by_id == analyst.id
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "Version 1 av rapporten är fryst." in page and "Ingen uppgift har ändrats sedan frysningen." in page
    record_checks([{"case_ref": "AB-2", "performed_on": date(2020, 11, 5), "actor": "robot",
                    "persons_checked": 3}], e6.id)  # registered late, then rolled up
    db.session.commit()
    rollup_months(202011, 202011)
    db.session.commit()
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "2 uppgifter har ändrats sedan frysningen" in page
    assert "Kontroller och beslut, nov-20, Antal slagningar i SSBTEK (robot): 1 → 2 (+1)" in page
    assert "<mark>5</mark>" in page and "(fryst 2, +3)" in page  # individuals checked, in the table
    client.post("/reports/2020-11/freeze", data={"confirm": "y"})
    assert [s.version for s in snapshots_of(202011)] == [2, 1]
    page = client.get("/reports/2020-11?version=1").get_data(as_text=True)
    assert "Du ser fryst version 1" in page and "<mark>" not in page


def test_the_rollup_button_queues_the_reports_months_and_shows_the_state(client, login_as, monkeypatch):
    sent, states = [], {"t-1": "STARTED"}
    monkeypatch.setattr(views, "enqueue", lambda name, *args: sent.append((name, args)) or "t-1")
    monkeypatch.setattr(views, "task_state", lambda task_id: states[task_id])
    login_as(Role.ANALYST)
    assert client.get("/reports/2020-11/rollup-status").get_json()["state"] is None
    assert client.post("/reports/2020-11/rollup").status_code == 302
    assert sent == [("caseflow.rollup_months", ("2018-01", "2020-11"))]
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "Omräkning: <span class=\"rollup-label\">Pågår</span>" in page and 'data-finished="false"' in page
    assert client.get("/reports/2020-11/rollup-status").get_json() == {
        "state": "STARTED", "label": "Pågår", "finished": False}
    states["t-1"] = "SUCCESS"
    assert client.get("/reports/2020-11/rollup-status").get_json()["finished"] is True


def test_a_broker_that_is_down_is_said_plainly(client, login_as, monkeypatch):
    monkeypatch.setattr(views, "enqueue", lambda name, *args: None)
    login_as(Role.ANALYST)
    page = client.post("/reports/2020-11/rollup", follow_redirects=True).get_data(as_text=True)
    assert "Uppgiftskön svarar inte" in page


def test_downloads_from_the_page(client, login_as, seed_000):
    login_as(Role.ANALYST)
    response = client.get("/reports/2020-11/export.csv")
    assert response.status_code == 200 and response.data.startswith(b"\xef\xbb\xbf")
    assert 'filename="ekonomiskt-bistand-2020-11.csv"' in response.headers["Content-Disposition"]
    assert client.get("/reports/2020-11/export.xlsx").data[:2] == b"PK"
    assert client.get("/reports/2020-11/export.docx").data[:2] == b"PK"
    assert client.get("/reports/2020-11/export.pdf").status_code == 404
    assert client.get("/reports/2020-11/export.csv?version=3").status_code == 404


def test_months_that_are_not_months_or_have_not_begun_are_not_found(client, login_as):
    login_as(Role.ANALYST)
    assert client.get("/reports/2020-13").status_code == 404
    assert client.get("/reports/2099-01").status_code == 404
    assert client.get("/reports/?month=2020-11").headers["Location"] == "/reports/2020-11"
    assert 'href="/reports/"' in client.get("/").get_data(as_text=True)


ROUTES = [("get", "/reports/"), ("get", "/reports/2020-11"), ("get", "/reports/2020-11/rollup-status"),
          ("get", "/reports/2020-11/export.csv"), ("post", "/reports/2020-11/freeze"),
          ("post", "/reports/2020-11/rollup")]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.UNIT_LEADER, Role.ADMIN])
def test_only_analysts_reach_the_reports(client, login_as, role):
    login_as(role)
    for method, path in ROUTES:
        assert client.open(path, method=method.upper()).status_code == 403, path
    assert snapshots_of(202011) == []


def test_analysts_reach_every_report_route(client, login_as, monkeypatch):
    monkeypatch.setattr(views, "enqueue", lambda name, *args: "t-1")
    monkeypatch.setattr(views, "task_state", lambda task_id: "PENDING")
    login_as(Role.ANALYST)
    for method, path in ROUTES:
        response = client.open(path, method=method.upper(), data={"confirm": "y"} if method == "post" else None)
        assert response.status_code == (302 if method == "post" else 200), path


def test_the_posts_need_the_csrf_token(app, client, login_as, monkeypatch):
    monkeypatch.setattr(views, "enqueue", lambda name, *args: "t-1")
    login_as(Role.ANALYST)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/reports/2020-11/freeze").status_code == 400
    assert client.post("/reports/2020-11/rollup").status_code == 400
    assert snapshots_of(202011) == []
    page = client.get("/reports/2020-11").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/reports/2020-11/freeze", data={"csrf_token": token, "confirm": "y"}).status_code == 302
    assert [s.version for s in snapshots_of(202011)] == [1]


def test_months_waiting_for_a_rollup_are_said_and_no_change_is_claimed_until_they_are_counted(client, login_as,
                                                                                              make_unit):
    """A late registration after a freeze: until the rollup has run, the page says which months wait
    and never that nothing has changed; the API's report says the same months."""
    e6 = make_unit("E6")
    record_checks([{"case_ref": "AB-1", "performed_on": date(2020, 11, 3), "actor": "robot",
                    "persons_checked": 2}], e6.id)
    db.session.commit()
    login_as(Role.ANALYST)
    client.post("/reports/2020-11/freeze", data={"confirm": "y"})  # rolls the window up first
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "Ingen uppgift har ändrats sedan frysningen." in page and "väntar på omräkning" not in page
    assert "Siffrorna beräknades " in page
    record_checks([{"case_ref": "AB-2", "performed_on": date(2020, 10, 5), "actor": "robot",
                    "persons_checked": 3}], e6.id)  # registered late: October is dirty, not rolled up
    db.session.commit()
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "1 registrering väntar på omräkning. 1 månad väntar på omräkning: okt-20." in page
    assert "Ingen uppgift har ändrats sedan frysningen." not in page
    rollup_months(202010, 202011)
    db.session.commit()
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "väntar på omräkning" not in page and "2 uppgifter har ändrats sedan frysningen" in page


def _recounts(statements: list[str]) -> int:
    """The statements counting the registrations that wait for a recount (``waiting_registrations``)."""
    return sum(1 for s in statements if s.lower().startswith("select count(*)") and "rolled_month.rolled_at" in s)


def test_only_the_report_page_counts_the_registrations_waiting_for_a_recount(client, login_as, make_unit):
    """The number waiting costs three counts; only the page says it, so the exports, the API's report and
    every other reader of ``freshness`` (the reminders) do not run them."""
    e6 = make_unit("E6")
    for case_ref, performed_on in (("AB-1", date(2020, 11, 3)), ("AB-2", date(2020, 10, 5))):
        record_checks([{"case_ref": case_ref, "performed_on": performed_on, "actor": "robot",
                        "persons_checked": 2}], e6.id)
        db.session.commit()
        if case_ref == "AB-1":
            rollup_months(202010, 202011)  # then October's check arrives late: October waits
    _token, plain = create_token("reader", "read", None)
    db.session.commit()
    with counted_queries() as statements:
        fresh = freshness(202011)
    assert fresh.pending == (Month(202010),) and len(statements) == 2  # the dirty months, the last count
    login_as(Role.ANALYST)
    bearer = {"Authorization": f"Bearer {plain}"}
    counted = {}
    for path, headers in (("/reports/2020-11", None), ("/reports/2020-11/export.csv", None),
                          ("/reports/2020-11/export.docx", None), ("/api/v1/reports/2020-11", bearer)):
        with counted_queries() as statements:
            response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        counted[path] = _recounts(statements)
        if path == "/reports/2020-11":
            assert "1 registrering väntar på omräkning. 1 månad väntar på omräkning: okt-20." in response.text
    assert counted == {"/reports/2020-11": 3, "/reports/2020-11/export.csv": 0, "/reports/2020-11/export.docx": 0,
                       "/api/v1/reports/2020-11": 0}


SEED_001_CONTROLS = {  # seed 001, "Kontroller och beslut": households and decisions, maj-19 … jan-20
    "maj-19": (3908, 7853), "jun-19": (3772, 7250), "jul-19": (4017, 7900), "aug-19": (3778, 6952),
    "sep-19": (3666, 6951), "okt-19": (3847, 7745), "nov-19": (3710, 6975), "dec-19": (3764, 7352),
    "jan-20": (3719, 7372)}


def test_the_month_tables_can_cross_the_turn_of_a_year_as_seed_001s(client, login_as):
    rows = "".join(f"{month};households_applied;{households}\n{month};decisions_total;{decisions}\n"
                   for month, (households, decisions) in SEED_001_CONTROLS.items())
    import_figures_csv(f"month;key;value\n{rows}".encode("cp1252"), "seed-001.csv", source=ImportSource.CLI)
    db.session.commit()
    rollup_months(201905, 202001)
    db.session.commit()
    login_as(Role.ANALYST)
    page = client.get("/reports/2020-01?from=2019-05").get_data(as_text=True)
    controls = re.search(r'<table[^>]*id="table-controls".*?</table>', page, re.S).group(0)
    shown = re.findall(r'<th scope="row">(\w+-\d\d)</th>\s*<td[^>]*>([\d\u00a0]+)</td>\s*<td[^>]*>([\d\u00a0]+)</td>',
                       controls)
    assert {label: (int(a.replace(NBSP, "")), int(b.replace(NBSP, ""))) for label, a, b in shown} == SEED_001_CONTROLS
    referrals = re.search(r'<table[^>]*id="table-referrals".*?</table>', page, re.S).group(0)
    assert "2019-2020" in referrals and ">maj<" in referrals and ">jan<" in referrals
    csv_rows = client.get("/reports/2020-01/export.csv?from=2019-05").get_data(as_text=True).splitlines()
    assert "maj-19;3908;7853;--;--;0" in csv_rows and "jan-20;3719;7372;--;--;0" in csv_rows
    assert client.get("/reports/2020-01").get_data(as_text=True).count("-19</th>") == 0  # January unless chosen


def test_a_span_outside_the_reports_months_is_refused_beside_its_field(client, login_as):
    login_as(Role.ANALYST)
    response = client.get("/reports/2020-01?from=2020-02")
    assert response.status_code == 422
    assert 'id="from-error">Från 2018-01 till 2020-01.' in response.get_data(as_text=True)
    assert client.get("/reports/2020-01/export.csv?from=2017-12").status_code == 422

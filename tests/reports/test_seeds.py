"""Item-level data built to match the seed committee reports rolls up to exactly their figures.

Seed 000 (November 2020): "Kontroller och beslut" and "Arbetsmarknadsuppdrag och inflöde";
seed 001 (February 2020): sublease rejections; seed 004 (May 2023): SIP meetings since August 2022.
Each test checks ``monthly_count``, then the committee report itself: ``live_report``'s tables, the
page an analyst sees and the CSV export. The seeds' numbers and rows are copied here by hand.
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.figures.keys import FigureKey
from caseflow.figures.models import ImportSource
from caseflow.figures.services import Figure, record_import
from caseflow.items.services import apply
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from caseflow.reports.models import ALL_UNITS, MonthlyCount
from caseflow.reports.rollup import rollup_months
from caseflow.reports.services import ExportFormat, export_report, live_report
from caseflow.sip.services import add_meeting, create_plan
from caseflow.sublease.services import create_sublease_case
from tests.reports.conftest import SEED_000, SEED_000_EXECUTIONS, SEED_000_REFERRALS

# Seed 000's tables, copied by hand once, in ``tests/reports/conftest.py``.
KONTROLLER = SEED_000
INFLODE = {month: (referred, SEED_000_EXECUTIONS[month]) for month, referred in SEED_000_REFERRALS.items()}


NBSP = "\u00a0"

#: Seed 000's table "Kontroller och beslut" as the seed prints it (a space for its no-break space).
KONTROLLER_ROWS = {
    "jan-20": "3 719 | 7 372 | 22 971 | -- | 6 773",
    "feb-20": "3 608 | 7 105 | 21 641 | -- | 6 525",
    "mar-20": "3 748 | 7 994 | 20 508 | -- | 6 013",
    "apr-20": "3 743 | 7 531 | 17 382 | -- | 5 498",
    "maj-20": "3 915 | 8 008 | 9 820 | -- | 3 598",
    "jun-20": "3 802 | 7 605 | 9 601 | -- | 3 745",
    "jul-20": "3 980 | 8 224 | 10 000 | -- | 3 749",
    "aug-20": "3 801 | 7 466 | 10 783 | -- | 3 976",
    "sep-20": "3 789 | 7 546 | 12 105 | 26 965 | 8 947",
    "okt-20": "3 777 | 7 507 | 11 057 | 16 896 | 8 591",
    "nov-20": "3 713 | 7 453 | 10 848 | 16 783 | 8 737",
}
#: The same rows as the CSV writes them: plain numbers for Swedish Excel.
KONTROLLER_CSV = {
    "jan-20": "3719;7372;22971;--;6773", "feb-20": "3608;7105;21641;--;6525", "mar-20": "3748;7994;20508;--;6013",
    "apr-20": "3743;7531;17382;--;5498", "maj-20": "3915;8008;9820;--;3598", "jun-20": "3802;7605;9601;--;3745",
    "jul-20": "3980;8224;10000;--;3749", "aug-20": "3801;7466;10783;--;3976",
    "sep-20": "3789;7546;12105;26965;8947", "okt-20": "3777;7507;11057;16896;8591",
    "nov-20": "3713;7453;10848;16783;8737",
}
REFERRALS_LABEL = 'Antal arbetsmarknadsuppdrag, individer (exkl. status "avvisad")'
EXECUTIONS_LABEL = "Antal öppnade verkställigheter, hushåll"
#: Seed 000's "Arbetsmarknadsuppdrag och inflöde", mar to nov; January and February were not rolled up.
INFLODE_ROWS = {
    REFERRALS_LABEL: "-- -- 354 198 201 321 225 142 175 224 295",
    EXECUTIONS_LABEL: "-- -- 206 184 150 343 237 212 247 198 154",
}


def _shown(cells) -> str:
    return " | ".join(c.display() for c in cells).replace(NBSP, " ")


def _page_rows(page: str, table_key: str) -> dict[str, str]:
    """A report table of the page as ``{row label: "cell | cell"}``, no-break spaces shown as spaces."""
    table = re.search(rf'<table id="table-{table_key}".*?</table>', page, re.S)
    assert table, f"no table {table_key} on the page"
    rows = {}
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S):
        label = re.search(r'<th scope="row">(.*?)</th>', tr, re.S)
        if label:
            cells = [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
            rows[html.unescape(label.group(1))] = " | ".join(cells).replace(NBSP, " ")
    return rows


def _csv_rows(month: int) -> dict[str, str]:
    """The CSV export's rows as ``{first cell: "the;other;cells"}`` (the last of equal labels wins)."""
    content, _name = export_report(month, ExportFormat.CSV)
    assert content.startswith(b"\xef\xbb\xbf")
    return {row[0]: ";".join(row[1:]) for row in csv.reader(io.StringIO(content.decode("utf-8-sig")),
                                                             delimiter=";") if row}


def _analyst_page(client, login_as, month: str) -> str:
    login_as(Role.ANALYST)
    response = client.get(f"/reports/{month}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _day(month: int, n: int) -> date:
    return date(month // 100, month % 100, 1 + n % 28)


def _count(metric: str, month: int):
    value = db.session.scalar(sa.select(MonthlyCount.value).where(
        MonthlyCount.metric == metric, MonthlyCount.month == month, MonthlyCount.unit_id == ALL_UNITS))
    return None if value is None else int(value)


def _checks_for(month: int, caseworker: int, robot: int | None, individuals: int) -> list[dict]:
    """Lookups over distinct households whose largest persons_checked sum to ``individuals``."""
    total = caseworker + (robot or 0)
    households = min(total, individuals)
    persons = [individuals // households + (1 if i < individuals % households else 0) for i in range(households)]
    rows = []
    for i in range(total):
        h = i % households
        # The first lookup of a household sees everyone; later ones may see fewer (a max, not a sum).
        rows.append({"case_ref": f"H{month}-{h}", "performed_on": _day(month, i),
                     "actor": "caseworker" if i < caseworker else "robot",
                     "persons_checked": persons[h] if i < households else max(1, persons[h] - 1)})
    return rows


@pytest.fixture
def leader(make_user):
    return make_user(Role.UNIT_LEADER, "E6", username="lena")


def test_seed_000_kontroller_och_beslut(leader, client, login_as):
    for month, (households, decisions, caseworker, robot, individuals) in KONTROLLER.items():
        rows = _checks_for(month, caseworker, robot, individuals)
        for start in range(0, len(rows), 10_000):
            record_checks(rows[start:start + 10_000], leader.unit_id)
        record_import([Figure(month, FigureKey.HOUSEHOLDS_APPLIED, Decimal(households)),
                       Figure(month, FigureKey.DECISIONS_TOTAL, Decimal(decisions))], source=ImportSource.CLI)
    db.session.commit()
    rollup_months(202001, 202011)
    db.session.commit()
    for month, (households, decisions, caseworker, robot, individuals) in KONTROLLER.items():
        assert (_count("households_applied", month), _count("decisions_total", month),
                _count("ssbtek_lookups_caseworker", month), _count("ssbtek_lookups_robot", month) or None,
                _count("individuals_checked", month)) == (households, decisions, caseworker, robot, individuals)

    table = live_report(202011).table("controls")
    assert {row.label: _shown(row.cells) for row in table.rows} == KONTROLLER_ROWS
    assert table.sentence.replace(NBSP, " ").startswith(
        "Under november månad sökte 3 713 hushåll om ekonomiskt bistånd. Socialsekreterarna har totalt fattat "
        "7 453 beviljande- och avslagsbeslut")
    assert _page_rows(_analyst_page(client, login_as, "2020-11"), "controls") == KONTROLLER_ROWS
    csv_rows = _csv_rows(202011)
    assert {label: csv_rows[label] for label in KONTROLLER_CSV} == KONTROLLER_CSV


def test_seed_000_arbetsmarknadsuppdrag_och_inflode(leader, client, login_as):
    n = 0
    for month, (referred, executions) in INFLODE.items():
        for i in range(referred):
            n += 1
            create_referral(leader, unit=leader.unit, person_ref=f"P{n}", case_ref=f"H{n}", sent_on=_day(month, i))
        # Noise the rule must ignore: a second referral of the same person, and a rejected one.
        create_referral(leader, unit=leader.unit, person_ref=f"P{n}", case_ref=f"H{n}", sent_on=_day(month, 27))
        rejected = create_referral(leader, unit=leader.unit, person_ref=f"X{month}", case_ref="H0",
                                   sent_on=_day(month, 3))
        apply(leader, rejected.id, "reject", on=_day(month, 4), reason="Avvisad av UJC")
        record_import([Figure(month, FigureKey.EXECUTIONS_OPENED, Decimal(executions))], source=ImportSource.CLI)
    db.session.commit()
    rollup_months(202003, 202011)
    db.session.commit()
    for month, (referred, executions) in INFLODE.items():
        assert (_count("referrals_sent", month), _count("executions_opened", month)) == (referred, executions)

    table = live_report(202011).table("referrals")
    assert {row.label: _shown(row.cells).replace(" | ", " ") for row in table.rows} == INFLODE_ROWS
    assert table.sentence.startswith("Under november månad anvisades 295 individer till ett arbetsmarknadsuppdrag.")
    page = _page_rows(_analyst_page(client, login_as, "2020-11"), "referrals")
    assert {label: cells.replace(" | ", " ") for label, cells in page.items()} == INFLODE_ROWS
    csv_rows = _csv_rows(202011)
    assert csv_rows[REFERRALS_LABEL] == "--;--;354;198;201;321;225;142;175;224;295"
    assert csv_rows[EXECUTIONS_LABEL] == "--;--;206;184;150;343;237;212;247;198;154"


def _rejections(leader, days: list[date]) -> None:
    for day in days:
        case = create_sublease_case(leader, unit=leader.unit, case_ref="H1", applied_on=day - timedelta(days=5),
                                    contract_type="lodger")
        apply(leader, case.id, "reject", on=day)


def test_seed_001_and_000_sublease_rejections(leader, client, login_as):
    # Six before February 2020, one in February: "1 ärende tillkommit under februari. Totalt 7 ärenden".
    _rejections(leader, [date(2019, 9 + i % 4, 10) for i in range(5)] + [date(2020, 1, 20), date(2020, 2, 12)])
    # 32 from March to October, one in November: "tillkom en ny ansökan … totalt 40".
    _rejections(leader, [date(2020, 3 + i % 8, 5 + i % 20) for i in range(32)] + [date(2020, 11, 9)])
    db.session.commit()
    rollup_months(202002, 202011)
    db.session.commit()
    assert (_count("sublease_rejections_new", 202002), _count("sublease_rejections_total", 202002)) == (1, 7)
    assert (_count("sublease_rejections_new", 202011), _count("sublease_rejections_total", 202011)) == (1, 40)

    new, total = "Nya ansökningar med avslag under månaden", "Ansökningar med avslag totalt hittills"
    for month, shown in ((202002, {new: "1", total: "7"}), (202011, {new: "1", total: "40"})):
        sublease = live_report(month).table("sublease")
        assert {row.label: _shown(row.cells) for row in sublease.rows if row.label in shown} == shown
    assert live_report(202011).table("sublease").sentence.startswith(
        "Under november månad tillkom 1 ny ansökan med avslag på grund av ett icke godkänt andrahandsavtal. "
        "Hittills är det totalt 40 ansökningar")
    page = _page_rows(_analyst_page(client, login_as, "2020-02"), "sublease")
    assert (page[new], page[total]) == ("1", "7")
    page = _page_rows(client.get("/reports/2020-11").get_data(as_text=True), "sublease")
    assert (page[new], page[total]) == ("1", "40")
    assert (_csv_rows(202011)[new], _csv_rows(202011)[total]) == ("1", "40")


def test_seed_004_sip_meetings_since_august_2022(leader, client, login_as):
    # "Enheten har genomfört 140 SIP-möten sedan augusti 2022" (May 2023): 14 a month for ten months.
    plans = [create_plan(leader, unit=leader.unit, person_ref=f"P{i}", case_ref=f"H{i}",
                         initiated_on=date(2022, 8, 1), consent_on=date(2022, 8, 1)) for i in range(20)]
    months = [202208, 202209, 202210, 202211, 202212, 202301, 202302, 202303, 202304, 202305]
    for m, month in enumerate(months):
        for i in range(14):
            day = _day(month, i)
            meeting = add_meeting(leader, plans[(m + i) % 20].id, scheduled_for=day,
                                  meeting_kind="sip" if i % 3 else "multi_party", mode="digital" if i % 2 else "in_person",
                                  participants=["region", "forsakringskassan"])
            apply(leader, meeting.id, "hold", on=day)
    db.session.commit()
    rollup_months(202208, 202305)
    db.session.commit()
    assert _count("sip_meetings_held_total", 202305) == 140
    assert _count("sip_meetings_held", 202305) == 14
    assert _count("sip_plans_active", 202305) == 20

    total = "Hållna möten totalt hittills"
    sip = {row.label: _shown(row.cells) for row in live_report(202305).table("sip").rows}
    assert sip[total] == "140" and sip["Hållna möten under månaden (SIP och flerpartsmöten)"] == "14"
    assert _page_rows(_analyst_page(client, login_as, "2023-05"), "sip")[total] == "140"
    assert _csv_rows(202305)[total] == "140"

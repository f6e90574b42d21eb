"""The bad inputs the outside probe answered with a 500 (issue 17, item 6), each now answered with what was
wrong: a list's month outside the calendar, a log filter's 20-digit item or last day of year 9999, a
report version of 20 digits, a figures CSV field over 128 KiB (page and command)."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.figures.models import FigureImport
from caseflow.kinds import ItemKind
from caseflow.measures.models import Measure
from caseflow.permissions import Role

pytestmark = pytest.mark.both_databases

TWENTY_DIGITS = "9" * 20
LISTS = ["/referrals/", "/sublease-cases/", "/sip-plans/", "/sip-meetings/"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("month", ["0000-01", "9999-12"])
def test_a_list_filtered_by_a_month_out_of_range_says_the_month_is_wrong(client, login_as, make_item,
                                                                         path, month):
    make_item(ItemKind.SIP_MEETING)  # a plan and a meeting
    make_item(ItemKind.REFERRAL)
    make_item(ItemKind.SUBLEASE_CASE)
    login_as(Role.CASEWORKER)
    response = client.get(f"{path}?month={month}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="month-error"' in page and "En månad som ÅÅÅÅ-MM, t.ex. 2020-11." in page


@pytest.mark.parametrize("query, field", [(f"item_id={TWENTY_DIGITS}", "item_id"), ("date_to=9999-12-31", "date_to"),
                                          ("date_from=0001-01-01", "date_from")])
@pytest.mark.parametrize("log", ["access", "audit"])
def test_a_log_filter_out_of_range_is_refused_beside_its_field(client, login_as, query, field, log):
    login_as(Role.UNIT_LEADER)
    response = client.get(f"/logs/{log}?{query}")
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)


def test_an_export_of_a_report_version_of_20_digits_is_not_found(client, login_as):
    login_as(Role.ANALYST)
    for fmt in ("csv", "xlsx", "docx"):
        assert client.get(f"/reports/2026-11/export.{fmt}?version={TWENTY_DIGITS}").status_code == 404
    assert client.get(f"/reports/2026-11?version={TWENTY_DIGITS}").status_code == 404


def _csv_with_a_huge_field() -> bytes:
    return ("month;key;value\n2020-11;households_applied;3 713\n2020-11;decisions_total;\""
            + "7" * (128 * 1024 + 1) + "\"\n").encode()


def test_an_uploaded_figures_csv_with_a_field_over_128_kib_is_refused_and_nothing_stored(client, login_as):
    login_as(Role.ANALYST)
    response = client.post("/figures/", data={"file": (io.BytesIO(_csv_with_a_huge_field()), "nov.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ingenting importerades: filen går inte att läsa som CSV." in page
    assert "rad 3: Ett fält är längre än 128 KiB." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 0


def test_the_figures_command_refuses_a_field_over_128_kib_and_stores_nothing(runner, tmp_path):
    path = tmp_path / "nov.csv"
    path.write_bytes(_csv_with_a_huge_field())
    result = runner.invoke(args=["figures", "import", str(path)])
    assert result.exit_code == 1, result.output
    assert "rad 3: Ett fält är längre än 128 KiB." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 0


BEYOND_INTEGERS = str(2**63)  # past every integer column: the database driver itself refuses it


def test_a_person_id_past_every_integer_is_refused_beside_its_field(client, login_as, make_item):
    """Found by the fuzz: a measure's responsible person, and a reassignment's owner and items, with an
    id no column can hold answered 500 (OverflowError) instead of a refusal."""
    referral = make_item(ItemKind.REFERRAL)
    login_as(Role.UNIT_LEADER)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Measure))
    response = client.post("/measures/new", data={"plan": "Plan 2026", "number": "7", "title": "Uppsökande",
                                                  "start_on": "2026-01-05", "responsible_id": BEYOND_INTEGERS})
    assert response.status_code == 422 and 'id="responsible_id-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Measure)) == before
    for items, owner in ((str(referral.id), BEYOND_INTEGERS), (BEYOND_INTEGERS, str(referral.owner_id))):
        response = client.post("/caseload/reassign", data={"items": [items], "owner_id": owner})
        assert response.status_code == 422, (items, owner)

"""Rollups, counts and the committee report through a ``read`` token; and the end-to-end path."""

from __future__ import annotations

import pytest

from caseflow.api import views_reports
from tests.api.conftest import error_of


@pytest.fixture
def reader(api, make_token):
    return api.as_(make_token("read", None))


def test_a_rollup_is_enqueued_and_its_state_read(reader, api, monkeypatch):
    sent = []
    monkeypatch.setattr(views_reports, "enqueue", lambda name, *args: sent.append((name, args)) or "abc-123")
    monkeypatch.setattr(views_reports, "task_state", lambda task_id: "SUCCESS")
    response = reader.post("/rollups", {"from": "2020-10", "to": "2020-11"}, headers={"Idempotency-Key": "r1"})
    assert response.status_code == 202 and response.get_json() == {"task_id": "abc-123"}
    assert reader.post("/rollups", {"from": "2020-10", "to": "2020-11"}, headers={"Idempotency-Key": "r1"}) \
        .get_json() == {"task_id": "abc-123"}
    assert sent == [("caseflow.rollup_months", ("2020-10", "2020-11"))]
    assert reader.get("/rollups/abc-123").get_json() == {"task_id": "abc-123", "state": "SUCCESS"}
    assert reader.post("/rollups", {"from": "2020-12", "to": "2020-11"}).status_code == 422
    assert reader.post("/rollups", {"from": "2020-1", "to": "2020-11"}).status_code == 422
    assert api.post("/rollups", {"from": "2020-10", "to": "2020-11"}).status_code == 403
    monkeypatch.setattr(views_reports, "enqueue", lambda name, *args: None)
    assert error_of(reader.post("/rollups", {"from": "2020-10", "to": "2020-11"}))["code"] == "unavailable"


def test_counts_name_every_month_and_refuse_what_they_cannot_answer(reader, api, make_token, unit_named):
    response = reader.get("/counts?metric=ssbtek_lookups_robot&from=2020-11&to=2021-01")
    assert response.status_code == 200
    assert response.get_json() == {"metric": "ssbtek_lookups_robot", "unit": None,
                                   "values": {"2020-11": None, "2020-12": None, "2021-01": None}}
    assert "metric" in error_of(reader.get("/counts?metric=nope&from=2020-11&to=2020-12"))["fields"]
    assert "from" in error_of(reader.get("/counts?metric=kir_checks&from=2020-13&to=2020-12"))["fields"]
    assert reader.get("/counts?metric=kir_checks&from=2020-11").status_code == 422
    assert api.get("/counts?metric=kir_checks&from=2020-11&to=2020-12").status_code == 403
    unit_named("E7")
    e6_reader = api.as_(make_token("read", "E6"))
    assert e6_reader.get("/counts?metric=kir_checks&from=2020-11&to=2020-11").get_json()["unit"] == "E6"
    assert e6_reader.get("/counts?metric=kir_checks&from=2020-11&to=2020-11&unit=E7").status_code == 403


def test_the_report_is_json_section_by_section(reader, api):
    response = reader.get("/reports/2020-11")
    assert response.status_code == 200
    report = response.get_json()
    assert report["month"] == "2020-11" and report["unit"] is None
    assert [s["key"] for s in report["sections"]] == ["controls", "sublease", "referrals", "sip", "measures",
                                                       "series"]
    assert report["sections"][0]["tables"][0]["rows"][10]["cells"][0]["display"] == "--"
    assert reader.get("/reports/2020-13").status_code == 422
    assert api.get("/reports/2020-11").status_code == 403

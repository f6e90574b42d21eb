"""Rollups, counts and the committee report through a ``read`` token; and the end-to-end path."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from caseflow.api import views_reports
from caseflow.extensions import db
from caseflow.reports.rollup import MAX_MONTHS, rollup_months
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
    # Every span the document allows is taken: none (from after to), or more than one rollup's worth.
    assert reader.post("/rollups", {"from": "2020-12", "to": "2020-11"}).status_code == 202
    assert reader.post("/rollups", {"from": "2000-01", "to": "2099-12"}).status_code == 202
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
    # From after to is an empty span, as the document allows it: no months.
    assert reader.get("/counts?metric=kir_checks&from=2020-12&to=2020-11").get_json()["values"] == {}
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
                                                       "quality", "series", "barriers", "targets"]
    assert report["sections"][0]["tables"][0]["rows"][10]["cells"][0]["display"] == "--"
    assert reader.get("/reports/2020-13").status_code == 422
    assert api.get("/reports/2020-11").status_code == 403


def _measure(api, unit: str, title: str) -> None:
    body = {"unit": unit, "plan": "Verksamhetsplan 2020", "number": 1 if unit == "E6" else 2, "title": title,
            "start_on": "2020-11-05"}
    assert api.post("/measures", body).status_code == 201


def _text(response) -> str:
    assert response.status_code == 200, response.get_json()
    return response.get_data(as_text=True)


def test_a_report_per_unit_holds_that_units_action_plan_only(api, make_token, unit_named):
    """A read token bound to E6 got every unit's action-plan titles and notes; a token of all units
    could not ask for one unit's report."""
    unit_named("E7")
    _measure(api, "E6", "Sexans åtgärd")
    _measure(api.as_(make_token("ingest", "E7")), "E7", "Sjuans åtgärd")
    everyone, e6 = api.as_(make_token("read", None)), api.as_(make_token("read", "E6"))

    whole = _text(everyone.get("/reports/2020-11"))
    assert "Sexans åtgärd" in whole and "Sjuans åtgärd" in whole
    own = _text(e6.get("/reports/2020-11"))
    assert "Sexans åtgärd" in own and "Sjuans åtgärd" not in own
    assert e6.get("/reports/2020-11").get_json()["unit"] == "E6"
    assert _text(e6.get("/reports/2020-11?unit=E6")) == own
    refused = e6.get("/reports/2020-11?unit=E7")
    assert refused.status_code == 403 and "Sjuans" not in refused.get_data(as_text=True)
    seven = everyone.get("/reports/2020-11?unit=E7")
    assert seven.get_json()["unit"] == "E7"
    # The JSON names the unit in "unit"; its title is the municipality's report's, unlike the page's.
    assert seven.get_json()["title"] == everyone.get("/reports/2020-11").get_json()["title"]
    assert "Sjuans åtgärd" in _text(seven) and "Sexans åtgärd" not in _text(seven)
    assert "unit" in error_of(everyone.get("/reports/2020-11?unit=E99"))["fields"]


def test_a_report_says_which_months_wait_for_a_rollup_and_when_it_was_computed(api, make_token):
    reader = api.as_(make_token("read", None))
    empty = reader.get("/reports/2020-11").get_json()
    assert (empty["pending"], empty["computed_at"]) == ([], None)
    _measure(api, "E6", "En åtgärd")
    marked = reader.get("/reports/2020-11").get_json()
    assert marked["pending"] == ["2020-11"]
    assert reader.get("/reports/2020-10").get_json()["pending"] == []  # a later month is not the report's
    before = datetime.now(UTC)
    rollup_months(202011, 202011)
    db.session.commit()
    rolled = reader.get("/reports/2020-11").get_json()
    assert rolled["pending"] == []
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(rolled["computed_at"]) <= datetime.now(UTC)


def test_a_rollups_state_is_answered_within_a_second_or_503(reader, app, monkeypatch):
    """The state read took 7 to 10 s when the result store had no table yet, holding a web worker."""
    from caseflow import background

    def hanging(app, task_id):
        time.sleep(5)
        return "SUCCESS"

    monkeypatch.setattr(background, "_read_state", hanging)
    started = time.monotonic()
    refused = reader.get("/rollups/abc-123")
    assert time.monotonic() - started < 1
    assert refused.status_code == 503 and error_of(refused)["code"] == "unavailable"
    monkeypatch.setattr(background, "_read_state", lambda app, task_id: "STARTED")
    assert reader.get("/rollups/abc-123").get_json() == {"task_id": "abc-123", "state": "STARTED"}


@pytest.mark.parametrize("broker", ["redis://127.0.0.1:1/0", "amqp://guest:guest@127.0.0.1:1//"])
def test_a_result_store_that_does_not_answer_is_a_quick_503(reader, app, broker):
    from caseflow import background

    app.config["CASEFLOW_BROKER_URL"] = broker
    app.extensions.pop("celery", None)
    started = time.monotonic()
    refused = reader.get("/rollups/abc-123")
    assert time.monotonic() - started < 1
    assert refused.status_code == 503
    assert background.STATE_TIMEOUT < 1


def test_with_no_worker_ever_started_a_rollups_state_is_pending_at_once(reader, app, tmp_path):
    """The embedded result store, its file and table not made yet (no worker has run)."""
    app.instance_path = str(tmp_path)
    app.extensions.pop("celery", None)
    started = time.monotonic()
    answer = reader.get("/rollups/abc-123")
    assert time.monotonic() - started < 1
    assert answer.get_json() == {"task_id": "abc-123", "state": "PENDING"}


def test_a_5xx_is_not_kept_for_its_idempotency_key(reader, monkeypatch):
    """API.md: a retry gets the first answer again, whatever it was, but a 5xx: the key is given up."""
    monkeypatch.setattr(views_reports, "enqueue", lambda name, *args: None)
    key = {"Idempotency-Key": "rollup-nov"}
    assert reader.post("/rollups", {"from": "2020-11", "to": "2020-11"}, headers=key).status_code == 503
    monkeypatch.setattr(views_reports, "enqueue", lambda name, *args: "task-1")
    again = reader.post("/rollups", {"from": "2020-11", "to": "2020-11"}, headers=key)
    assert (again.status_code, again.get_json()) == (202, {"task_id": "task-1"})
    assert "Idempotent-Replayed" not in again.headers
    assert reader.post("/rollups", {"from": "2020-11", "to": "2020-11"}, headers=key).headers[
        "Idempotent-Replayed"] == "true"


def test_the_rollup_task_takes_an_empty_span_and_one_longer_than_a_rollup(app):
    from workers import tasks

    assert tasks.rollup_months("2020-12", "2020-11") == {"months": [], "rows": 0}
    done = tasks.rollup_months("2000-01", "2026-01")  # 313 months: two rollups
    assert done["months"][0] == "2000-01" and done["months"][-1] == "2026-01" and len(done["months"]) == 313
    assert MAX_MONTHS < 313

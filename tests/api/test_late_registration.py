"""A write into a month whose report is frozen is accepted from the API, and its answer says so."""

from __future__ import annotations

from datetime import timedelta

import pytest

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.reports.freeze import freeze_report

#: A day of last month, whose report the tests freeze; and a day of the month before, never frozen.
FROZEN_DAY = (today_local().replace(day=1) - timedelta(days=1)).replace(day=10)
OPEN_DAY = (FROZEN_DAY.replace(day=1) - timedelta(days=1)).replace(day=10)
FROZEN_MONTH = FROZEN_DAY.strftime("%Y-%m")


def _freeze() -> None:
    freeze_report(Month.of(FROZEN_DAY))
    db.session.commit()


def _referral(day) -> dict:
    return {"unit": "E6", "person_ref": "P-1", "case_ref": "H-1", "sent_on": day.isoformat()}


@pytest.fixture
def frozen(api):
    _freeze()
    return {"month": FROZEN_MONTH, "frozen_version": 1}


def test_a_referral_into_a_frozen_month_is_accepted_and_says_so(api, frozen):
    response = api.post("/referrals", _referral(FROZEN_DAY))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["late_registration"] == {"month": FROZEN_MONTH, "frozen_version": 1}
    item_id = response.get_json()["id"]
    assert "late_registration" not in api.get(f"/items/{item_id}").get_json()  # a read is no write

    unfrozen = api.post("/referrals", _referral(OPEN_DAY))
    assert unfrozen.status_code == 201 and "late_registration" not in unfrozen.get_json()

    _freeze()  # a second version of the month
    again = api.post("/referrals", _referral(FROZEN_DAY) | {"person_ref": "P-2"})
    assert again.get_json()["late_registration"] == {"month": FROZEN_MONTH, "frozen_version": 2}


def test_every_kind_created_into_a_frozen_month_says_so(api, frozen):
    day = FROZEN_DAY.isoformat()
    sublease = api.post("/sublease-cases", {"unit": "E6", "case_ref": "H-2", "applied_on": day,
                                            "contract_type": "sublease"})
    plan = api.post("/sip-plans", {"unit": "E6", "person_ref": "P-3", "case_ref": "H-3", "initiated_on": day,
                                   "consent_on": day})
    meeting = api.post(f"/sip-plans/{plan.get_json()['id']}/meetings", {
        "scheduled_for": day, "kind": "sip", "mode": "in_person", "participants": ["region"]})
    measure = api.post("/measures", {"unit": "E6", "plan": "Verksamhetsplan", "number": 1, "title": "Fler i arbete",
                                     "start_on": day})
    for response in (sublease, plan, meeting, measure):
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["late_registration"] == frozen


def test_an_event_into_a_frozen_month_says_so_and_a_replay_says_it_again(api, frozen):
    item = api.post("/referrals", _referral(OPEN_DAY)).get_json()
    assert "late_registration" not in item
    event = {"event": "accept", "on": FROZEN_DAY.isoformat(), "version": 1}
    headers = {"Idempotency-Key": "accept-P-1"}
    accepted = api.post(f"/items/{item['id']}/events", event, headers=headers)
    assert accepted.status_code == 200, accepted.get_json()
    assert (accepted.get_json()["state"], accepted.get_json()["late_registration"]) == ("accepted", frozen)
    replayed = api.post(f"/items/{item['id']}/events", event, headers=headers)
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.get_json() == accepted.get_json()
    started = api.post(f"/items/{item['id']}/events", {"event": "start", "on": today_local().isoformat()})
    assert started.status_code == 200 and "late_registration" not in started.get_json()


def test_a_correction_into_a_frozen_month_says_so(api, frozen):
    item = api.post("/referrals", _referral(OPEN_DAY)).get_json()
    path = f"/items/{item['id']}"
    renamed = api.send("PATCH", path, {"version": 1, "person_ref": "P-2"})
    assert renamed.status_code == 200 and "late_registration" not in renamed.get_json()
    moved = api.send("PATCH", path, {"version": 2, "sent_on": FROZEN_DAY.isoformat()})
    assert moved.status_code == 200, moved.get_json()
    assert (moved.get_json()["sent_on"], moved.get_json()["late_registration"]) == (FROZEN_DAY.isoformat(), frozen)


def test_the_document_describes_the_late_registration(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    late = schemas["ItemOut"]["properties"]["late_registration"]
    assert {"$ref": "#/components/schemas/LateRegistrationOut"} in late["anyOf"]
    assert "late_registration" not in schemas["ItemOut"].get("required", [])
    assert schemas["LateRegistrationOut"]["required"] == ["month", "frozen_version"]


def test_a_month_frozen_by_the_command_line_makes_the_next_write_a_late_registration(api, runner):
    """API.md's path end to end: ``flask --app caseflow freeze YYYY-MM`` twice, then a write into it."""
    for version in ("1", "2"):
        result = runner.invoke(args=["freeze", FROZEN_MONTH])
        assert result.exit_code == 0 and result.output.splitlines()[-1] == version, result.output
    response = api.post("/referrals", _referral(FROZEN_DAY))
    assert response.get_json()["late_registration"] == {"month": FROZEN_MONTH, "frozen_version": 2}

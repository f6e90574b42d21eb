"""Items through the API: each kind's creation, reading one, events; scope, unit and input refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow.api.models import ApiToken
from caseflow.audit.models import AccessLog
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.models import WorkItem
from tests.api.conftest import error_of

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py

DAY = today_local() - timedelta(days=30)
REFERRAL = {"unit": "E6", "person_ref": "P-1", "case_ref": "H-1", "sent_on": DAY.isoformat()}


def _count(model=WorkItem) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_referral_is_created_owned_by_no_one_and_recorded_as_the_tokens(api):
    response = api.post("/referrals", REFERRAL)
    assert response.status_code == 201, response.get_json()
    item = response.get_json()
    assert (item["kind"], item["state"], item["version"], item["unit"]) == ("referral", "sent", 1, "E6")
    assert (item["person_ref"], item["case_ref"], item["sent_on"], item["target"]) == ("P-1", "H-1", DAY.isoformat(), "UJC")
    assert item["allowed_events"] == ["accept", "reject", "withdraw", "void"]
    assert [t["event"] for t in item["transitions"]] == ["create"]
    stored = db.session.get(WorkItem, item["id"])
    assert stored.owner_id is None and stored.created_by_token_id is not None


def test_every_kind_is_created(api):
    sublease = api.post("/sublease-cases", {"unit": "E6", "case_ref": "H-2", "applied_on": DAY.isoformat(),
                                            "contract_type": "lodger"})
    assert sublease.status_code == 201 and sublease.get_json()["state"] == "under_review"
    plan = api.post("/sip-plans", {"unit": "E6", "person_ref": "P-3", "case_ref": "H-3",
                                   "initiated_on": DAY.isoformat(), "consent_on": DAY.isoformat()})
    assert plan.status_code == 201 and plan.get_json()["state"] == "initiated"
    meeting = api.post(f"/sip-plans/{plan.get_json()['id']}/meetings", {
        "scheduled_for": DAY.isoformat(), "kind": "multi_party", "mode": "digital", "participants": ["region"]})
    assert meeting.status_code == 201, meeting.get_json()
    assert (meeting.get_json()["kind"], meeting.get_json()["meeting_kind"]) == ("sip_meeting", "multi_party")
    assert meeting.get_json()["participants"] == ["region"]
    measure = api.post("/measures", {"unit": "E6", "plan": "Verksamhetsplan 2026", "number": 1,
                                     "title": "Fler i arbete", "start_on": DAY.isoformat()})
    assert measure.status_code == 201 and measure.get_json()["state"] == "planned"
    assert measure.get_json()["plan"] == "Verksamhetsplan 2026"
    assert api.post("/sip-plans/999999/meetings", {"scheduled_for": DAY.isoformat(), "kind": "sip",
                                                     "mode": "digital", "participants": []}).status_code == 404


def test_reading_an_item_is_logged_and_another_units_item_is_missing(api, make_token):
    item_id = api.post("/referrals", REFERRAL).get_json()["id"]
    response = api.get(f"/items/{item_id}")
    assert response.status_code == 200 and response.get_json()["id"] == item_id
    log = db.session.scalars(sa.select(AccessLog)).all()
    assert [(row.item_id, row.channel, row.token_id is not None) for row in log] == [(item_id, "api", True)]
    other_unit = api.as_(make_token("ingest", "E7"))
    assert error_of(other_unit.get(f"/items/{item_id}"))["code"] == "not_found"
    assert other_unit.get("/items/999999").status_code == 404
    assert other_unit.get(f"/items/{2**40}").status_code == 404
    all_units = api.as_(make_token("ingest", None))
    assert all_units.get(f"/items/{item_id}").status_code == 200
    read = api.as_(make_token("read", None))
    assert error_of(read.get(f"/items/{item_id}"))["code"] == "forbidden"


def test_tokens_and_scopes_are_checked_before_the_body(api, make_token, client):
    assert error_of(api.as_(None).post("/referrals", raw=b"{nope"))["code"] == "unauthorized"
    assert api.as_("cf_not-a-token").post("/referrals", REFERRAL).status_code == 401
    read = api.as_(make_token("read", None))
    assert error_of(read.post("/referrals", raw=b"{nope"))["code"] == "forbidden"
    assert read.post("/referrals", REFERRAL).status_code == 403
    e7 = api.as_(make_token("ingest", "E7"))
    refused = e7.post("/referrals", REFERRAL)
    assert refused.status_code == 403 and "unit" in error_of(refused)["fields"]
    assert _count() == 0


def test_revoked_tokens_are_refused_and_last_use_is_recorded(api):
    assert api.get("/items/1").status_code == 404
    token = db.session.scalar(sa.select(ApiToken))
    assert token.last_used_at is not None
    from caseflow.api.tokens import revoke_token
    revoke_token(token)
    db.session.commit()
    assert api.get("/items/1").status_code == 401


def test_bad_input_answers_400_or_422_naming_the_field_and_changes_nothing(api):
    assert error_of(api.post("/referrals", raw=b'{"unit": "E6",'))["code"] == "malformed"
    assert api.post("/referrals", raw=b"").status_code == 400
    unknown = error_of(api.post("/referrals", REFERRAL | {"colour": "blue"}))
    assert unknown["code"] == "invalid" and unknown["fields"] == {"colour": "Unknown field."}
    assert "sent_on" in error_of(api.post("/referrals", REFERRAL | {"sent_on": "2020-1-5"}))["fields"]
    assert "sent_on" in error_of(api.post("/referrals", REFERRAL | {"sent_on": 1600000000}))["fields"]
    assert "case_ref" in error_of(api.post("/referrals", REFERRAL | {"case_ref": "191212121212"}))["fields"]
    future = (today_local() + timedelta(days=3)).isoformat()
    assert "sent_on" in error_of(api.post("/referrals", REFERRAL | {"sent_on": future}))["fields"]
    assert "unit" in error_of(api.post("/referrals", REFERRAL | {"unit": "E99"}))["fields"]
    assert api.post("/referrals", [REFERRAL]).status_code == 422
    assert _count() == 0


def test_events_move_items_and_refuse_stale_versions_and_illegal_events(api):
    item = api.post("/referrals", REFERRAL).get_json()
    on = (DAY + timedelta(days=1)).isoformat()
    accepted = api.post(f"/items/{item['id']}/events", {"event": "accept", "on": on, "version": 1})
    assert accepted.status_code == 200 and accepted.get_json()["state"] == "accepted"
    assert accepted.get_json()["version"] == 2
    stale = api.post(f"/items/{item['id']}/events", {"event": "start", "on": on, "version": 1})
    assert stale.status_code == 409 and "version" in error_of(stale)["fields"]
    illegal = api.post(f"/items/{item['id']}/events", {"event": "accept", "on": on})
    assert error_of(illegal)["code"] == "conflict"
    unknown = api.post(f"/items/{item['id']}/events", {"event": "fly", "on": on})
    assert unknown.status_code == 422
    no_reason = api.post(f"/items/{item['id']}/events", {"event": "reject", "on": on})
    assert error_of(no_reason)["fields"] == {"reason": "A reason is required."}
    assert api.post("/items/999999/events", {"event": "accept", "on": on}).status_code == 404
    assert db.session.get(WorkItem, item["id"]).state == "accepted"


def test_errors_are_english_and_unknown_paths_answer_json(api):
    future = (today_local() + timedelta(days=3)).isoformat()
    assert error_of(api.post("/referrals", REFERRAL | {"sent_on": future}))["fields"]["sent_on"] == \
        "The date may not be in the future."
    assert error_of(api.get("/no-such-thing"))["code"] == "not_found"
    assert error_of(api.as_(None).client.delete("/api/v1/referrals"))["code"] == "method_not_allowed"


def test_a_nul_character_in_any_text_is_refused_not_stored(api):
    assert error_of(api.post("/referrals", REFERRAL | {"unit": "E\u0000"}))["fields"] == {"body": "NUL character."}
    assert api.post("/referrals", REFERRAL | {"target": "a\\u0000"}).status_code == 422  # a backslash, no NUL
    assert _count() == 0

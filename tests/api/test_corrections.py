"""``PATCH /api/v1/items/{id}``: correcting an item's fields through the page's service, for every kind."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.models import WorkItem
from tests.api.conftest import error_of

DAY = today_local() - timedelta(days=30)
EARLIER = (DAY - timedelta(days=3)).isoformat()
LATER = (DAY + timedelta(days=2)).isoformat()
AHEAD = (today_local() + timedelta(days=14)).isoformat()


def _referral(api) -> dict:
    response = api.post("/referrals", {"unit": "E6", "person_ref": "P-1", "case_ref": "H-1",
                                       "sent_on": DAY.isoformat()})
    assert response.status_code == 201
    return response.get_json()


def _patch(api, item_id: int, body: dict, **kwargs):
    return api.send("PATCH", f"/items/{item_id}", body, **kwargs)


def _unchanged(item: dict, answer: dict, *changed: str) -> None:
    """Every field but the corrected ones, the version and the update time is as it was."""
    skip = {*changed, "version", "updated_at"}
    assert {k: v for k, v in answer.items() if k not in skip} == {k: v for k, v in item.items() if k not in skip}


def test_a_referral_is_corrected_and_answered_as_get_shows_it(api):
    item = _referral(api)
    response = _patch(api, item["id"], {"version": 1, "person_ref": "P-2", "case_ref": "H-2", "sent_on": EARLIER,
                                        "target": "AMC", "barrier_group": "SOCIALA"})
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert (answer["version"], answer["person_ref"], answer["case_ref"], answer["sent_on"], answer["target"],
            answer["barrier_group"]) == (2, "P-2", "H-2", EARLIER, "AMC", "SOCIALA")
    assert answer["opened_on"] == EARLIER and answer["transitions"][0]["effective_on"] == EARLIER
    _unchanged(item, answer, "person_ref", "case_ref", "sent_on", "target", "barrier_group", "opened_on",
               "transitions")
    assert api.get(f"/items/{item['id']}").get_json() == answer
    edit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "item.edit"))
    assert edit.after == {"person_ref": "P-2", "case_ref": "H-2", "sent_on": EARLIER, "target": "AMC",
                          "barrier_group": "SOCIALA"}
    cleared = _patch(api, item["id"], {"version": 2, "barrier_group": None})
    assert (cleared.status_code, cleared.get_json()["barrier_group"], cleared.get_json()["version"]) == (200, None, 3)


def test_every_kind_is_corrected_in_the_fields_it_lets_a_person_correct(api):
    day = DAY.isoformat()
    sublease = api.post("/sublease-cases", {"unit": "E6", "case_ref": "H-2", "applied_on": day,
                                            "contract_type": "sublease"}).get_json()
    plan = api.post("/sip-plans", {"unit": "E6", "person_ref": "P-3", "case_ref": "H-3", "initiated_on": day,
                                   "consent_on": day}).get_json()
    meeting = api.post(f"/sip-plans/{plan['id']}/meetings", {
        "scheduled_for": day, "kind": "sip", "mode": "in_person", "participants": ["region"]}).get_json()
    measure = api.post("/measures", {"unit": "E6", "plan": "Verksamhetsplan", "number": 1, "title": "Fler i arbete",
                                     "start_on": day}).get_json()
    corrections = [
        (sublease, {"case_ref": "H-20", "applied_on": EARLIER, "contract_type": "lodger", "kir_checked_on": LATER,
                    "registered_at_address": 3, "double_rent_suspected": True}),
        (plan, {"person_ref": "P-30", "case_ref": "H-30", "initiated_on": EARLIER, "consent_on": LATER}),
        (meeting, {"scheduled_for": LATER, "meeting_kind": "multi_party", "mode": "digital",
                   "participants": ["other", "region", "arbetsformedlingen"], "next_follow_up_on": AHEAD}),
        (measure, {"title": "Fler i arbete och studier", "start_on": LATER, "expected_effect": "Färre hushåll"}),
    ]
    for item, fields in corrections:
        response = _patch(api, item["id"], {"version": item["version"], **fields})
        assert response.status_code == 200, (item["kind"], response.get_json())
        answer = response.get_json()
        assert answer["version"] == item["version"] + 1, item["kind"]
        expected = fields | ({"participants": ["region", "arbetsformedlingen", "other"]}
                             if item["kind"] == "sip_meeting" else {})  # in the reference list's order
        assert {name: answer[name] for name in fields} == expected, item["kind"]
        assert api.get(f"/items/{item['id']}").get_json() == answer


def test_the_participants_alone_are_corrected_and_move_the_version(api):
    day = DAY.isoformat()
    plan = api.post("/sip-plans", {"unit": "E6", "person_ref": "P-3", "case_ref": "H-3", "initiated_on": day,
                                   "consent_on": day}).get_json()
    meeting = api.post(f"/sip-plans/{plan['id']}/meetings", {
        "scheduled_for": day, "kind": "sip", "mode": "in_person", "participants": ["region"]}).get_json()
    response = _patch(api, meeting["id"], {"version": 1, "participants": ["forsakringskassan"]})
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["participants"], response.get_json()["version"]) == (["forsakringskassan"], 2)
    assert _patch(api, meeting["id"], {"version": 1, "participants": []}).status_code == 409
    refused = _patch(api, meeting["id"], {"version": 2, "participants": ["region", "nobody"]})
    assert error_of(refused)["fields"] == {"participants": "Unknown or repeated participant: nobody."}
    twice = _patch(api, meeting["id"], {"version": 2, "participants": ["region", "region"]})
    assert error_of(twice)["fields"] == {"participants": "Unknown or repeated participant: —."}
    assert api.get(f"/items/{meeting['id']}").get_json()["participants"] == ["forsakringskassan"]


def test_a_stale_version_answers_409_and_changes_nothing(api):
    item = _referral(api)
    assert _patch(api, item["id"], {"version": 1, "person_ref": "P-2"}).status_code == 200
    stale = _patch(api, item["id"], {"version": 1, "person_ref": "P-3"})
    assert stale.status_code == 409
    assert error_of(stale)["code"] == "conflict" and error_of(stale)["fields"] == {"version": "Stale version."}
    assert db.session.get(WorkItem, item["id"]).person_ref == "P-2"


def test_fields_the_kind_lacks_and_values_its_rules_refuse_answer_422_naming_them(api):
    item = _referral(api)
    path = f"/items/{item['id']}"
    another_kinds = error_of(_patch(api, item["id"], {"version": 1, "applied_on": EARLIER, "title": "x"}))
    assert another_kinds["code"] == "invalid"
    assert another_kinds["fields"] == {"applied_on": "Not editable.", "title": "Not editable."}
    assert error_of(_patch(api, item["id"], {"version": 1, "state": "accepted", "number": 2}))["fields"] == \
        {"state": "Unknown field.", "number": "Unknown field."}
    assert error_of(_patch(api, item["id"], {"person_ref": "P-2"}))["fields"] == {"version": "Required."}
    future = (today_local() + timedelta(days=3)).isoformat()
    assert error_of(_patch(api, item["id"], {"version": 1, "sent_on": future}))["fields"] == \
        {"sent_on": "The date may not be in the future."}
    assert error_of(_patch(api, item["id"], {"version": 1, "target": "NOPE"}))["fields"] == \
        {"target": "Unknown code NOPE."}
    assert "case_ref" in error_of(_patch(api, item["id"], {"version": 1, "case_ref": "191212121212"}))["fields"]
    assert "sent_on" in error_of(_patch(api, item["id"], {"version": 1, "sent_on": None}))["fields"]
    assert "barrier_group" in error_of(_patch(api, item["id"], {"version": 1, "barrier_group": ""}))["fields"]
    assert "sent_on" in error_of(_patch(api, item["id"], {"version": 1, "sent_on": "2020-1-5"}))["fields"]
    assert error_of(api.send("PATCH", path, raw=b'{"version": 1,'))["code"] == "malformed"
    assert api.get(path).get_json() == item  # nothing changed


def test_a_correction_without_a_change_answers_the_item_as_it_is(api):
    item = _referral(api)
    response = _patch(api, item["id"], {"version": 1, "person_ref": "P-1"})
    assert response.status_code == 200 and response.get_json() == item


def test_a_voided_item_another_units_or_a_read_token_cannot_correct(api, make_token):
    item = _referral(api)
    other_unit = api.as_(make_token("ingest", "E7"))
    assert error_of(_patch(other_unit, item["id"], {"version": 1, "person_ref": "P-2"}))["code"] == "not_found"
    assert _patch(api, 999999, {"version": 1}).status_code == 404
    read = api.as_(make_token("read", None))
    assert error_of(_patch(read, item["id"], {"version": 1, "person_ref": "P-2"}))["code"] == "forbidden"
    api.post(f"/items/{item['id']}/events", {"event": "void", "on": today_local().isoformat(), "reason": "Fel"})
    voided = _patch(api, item["id"], {"version": 2, "person_ref": "P-2"})
    assert voided.status_code == 409 and error_of(voided)["code"] == "conflict"


def test_a_retry_with_the_same_idempotency_key_changes_nothing(api):
    item = _referral(api)
    headers = {"Idempotency-Key": "correct-P-1"}
    first = _patch(api, item["id"], {"version": 1, "person_ref": "P-2"}, headers=headers)
    assert first.status_code == 200 and first.get_json()["version"] == 2
    again = _patch(api, item["id"], {"version": 1, "person_ref": "P-2"}, headers=headers)
    assert (again.status_code, again.headers["Idempotent-Replayed"]) == (200, "true")
    assert again.get_json() == first.get_json()
    other_body = _patch(api, item["id"], {"version": 2, "person_ref": "P-3"}, headers=headers)
    assert other_body.status_code == 409 and "Idempotency-Key" in error_of(other_body)["fields"]
    assert db.session.get(WorkItem, item["id"]).version == 2


def test_the_document_describes_the_correction(client):
    document = client.get("/api/v1/openapi.json").get_json()
    patch = document["paths"]["/api/v1/items/{item_id}"]["patch"]
    assert set(patch["responses"]) == {"200", "400", "401", "403", "404", "409", "413", "422"}
    assert "Idempotency-Key" in [p["name"] for p in patch["parameters"]]
    fields = document["components"]["schemas"]["ItemPatchIn"]
    assert fields["required"] == ["version"]
    assert set(fields["properties"]) == {
        "version", "person_ref", "case_ref", "sent_on", "target", "barrier_group", "applied_on", "contract_type",
        "kir_checked_on", "registered_at_address", "double_rent_suspected", "initiated_on", "consent_on",
        "scheduled_for", "meeting_kind", "mode", "participants", "next_follow_up_on", "title", "start_on",
        "expected_effect", "start_time", "duration_minutes", "place", "video_link", "contact_region",
        "contact_forsakringskassan", "contact_arbetsformedlingen", "contact_other"}

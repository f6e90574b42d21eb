"""``void`` (makulera) through ``POST /items/{id}/events``, for every kind, and in the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta

from caseflow.db import today_local
from tests.api.conftest import error_of

DAY = today_local() - timedelta(days=30)
TODAY = today_local().isoformat()


def _void(api, item_id: int, **extra):
    return api.post(f"/items/{item_id}/events", {"event": "void", "on": TODAY, "reason": "Registrerad av misstag",
                                                 **extra})


def test_a_voided_referral_reads_back_voided_with_no_event_left(api):
    item = api.post("/referrals", {"unit": "E6", "person_ref": "P-1", "case_ref": "H-1",
                                   "sent_on": DAY.isoformat()}).get_json()
    assert "void" in item["allowed_events"]
    assert error_of(api.post(f"/items/{item['id']}/events", {"event": "void", "on": TODAY}))["fields"] == \
        {"reason": "A reason is required."}
    voided = _void(api, item["id"], version=1)
    assert voided.status_code == 200, voided.get_json()
    read = api.get(f"/items/{item['id']}").get_json()
    assert (read["state"], read["version"], read["allowed_events"]) == ("voided", 2, [])
    assert [(t["event"], t["from_state"], t["to_state"], t["effective_on"], t["reason"])
            for t in read["transitions"]] == [("create", None, "sent", DAY.isoformat(), None),
                                              ("void", "sent", "voided", TODAY, "Registrerad av misstag")]
    again = _void(api, item["id"])
    assert again.status_code == 409 and error_of(again)["code"] == "conflict"


def test_every_kind_is_voided(api):
    day = DAY.isoformat()
    plan = api.post("/sip-plans", {"unit": "E6", "person_ref": "P-3", "case_ref": "H-3", "initiated_on": day,
                                   "consent_on": day}).get_json()
    items = [
        api.post("/sublease-cases", {"unit": "E6", "case_ref": "H-2", "applied_on": day,
                                     "contract_type": "lodger"}).get_json(),
        api.post(f"/sip-plans/{plan['id']}/meetings", {"scheduled_for": day, "kind": "sip", "mode": "digital",
                                                        "participants": []}).get_json(),
        plan,
        api.post("/measures", {"unit": "E6", "plan": "Verksamhetsplan", "number": 1, "title": "Fler i arbete",
                               "start_on": day}).get_json(),
    ]
    assert [item["kind"] for item in items] == ["sublease_case", "sip_meeting", "sip_plan", "measure"]
    for item in items:
        response = _void(api, item["id"])
        assert response.status_code == 200, response.get_json()
        assert (response.get_json()["state"], response.get_json()["allowed_events"]) == ("voided", [])


def test_the_document_lists_void_among_the_events(client):
    event = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["EventIn"]["properties"]["event"]
    assert event["enum"] == ["accept", "reject", "withdraw", "start", "complete", "void", "approve", "appeal",
                             "uphold", "overturn", "close", "hold", "cancel", "pause", "resume"]
    assert "referral accept, reject, withdraw, start, complete, void;" in event["description"]
    assert "`void` (makulera) is every kind's and needs `reason`" in event["description"]

"""The create forms: one service call each, errors in Swedish beside their fields, the new item's page after."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.models import WorkItem
from caseflow.referrals.models import Referral
from caseflow.sip.models import SipMeeting, SipPlan
from caseflow.sublease.models import SubleaseCase
from tests.screens.caseworker_support import BASE_DAY, assert_page_shape, error_text, page_text


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("path", ["/referrals/new", "/sublease-cases/new", "/sip-plans/new"])
def test_every_create_form_labels_its_fields_and_uses_date_inputs(client, signed_in, path):
    html = page_text(client.get(path))
    assert_page_shape(html)
    # The browser's own date picker; the one script only disables a sent form's button (a nicety).
    assert 'type="date"' in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/forms.js" defer>']
    for field_id in ("case_ref",):
        assert f'<label for="{field_id}">' in html


def test_a_referral_is_registered_and_its_page_shown(client, signed_in):
    html = page_text(client.get("/referrals/new"))
    assert '<option selected value="UJC">' in html and "Ej angivet" in html  # choices from the reference tables
    response = client.post("/referrals/new", data={"person_ref": "P1", "case_ref": "H1",
                                                   "sent_on": BASE_DAY.isoformat(), "target": "UJC",
                                                   "barrier_group": ""})
    assert response.status_code == 302
    referral = db.session.scalar(select(Referral))
    assert response.headers["Location"] == f"/items/{referral.id}"
    assert (referral.person_ref, referral.owner_id, referral.state) == ("P1", signed_in.id, "sent")


@pytest.mark.parametrize("data, field, message", [
    ({"person_ref": "", "case_ref": "H1"}, "person_ref", "Obligatoriskt."),
    ({"person_ref": "P1", "case_ref": "H1", "sent_on": ""}, "sent_on", "Obligatoriskt."),
    ({"person_ref": "P1", "case_ref": "H1", "sent_on": "igår"}, "sent_on", "Ett datum (ÅÅÅÅ-MM-DD) krävs."),
    ({"person_ref": "P1", "case_ref": "H19121212-1212"}, "case_ref",
     "Ett personnummer får inte lagras; använd verksamhetssystemets referens."),
    ({"person_ref": "P1", "case_ref": "H1", "sent_on": "2999-01-01"}, "sent_on",
     "Datumet får inte ligga i framtiden."),
    ({"person_ref": "P1", "case_ref": "H1", "target": "NASA"}, "target", "Inte ett giltigt val"),
])
def test_referral_errors_are_shown_in_swedish_beside_the_field(client, signed_in, data, field, message):
    data = {"sent_on": BASE_DAY.isoformat(), "target": "UJC", **data}
    response = client.post("/referrals/new", data=data)
    assert response.status_code == 422
    html = page_text(response)
    assert error_text(html, field) == message
    assert f'aria-describedby="{field}-error"' in html or f'{field}-hint {field}-error' in html
    assert _count(WorkItem) == 0


def test_a_sublease_case_is_registered(client, signed_in):
    response = client.post("/sublease-cases/new", data={"case_ref": "H7", "applied_on": BASE_DAY.isoformat(),
                                                        "contract_type": "lodger"})
    assert response.status_code == 302
    assert db.session.scalar(select(SubleaseCase.contract_type)) == "lodger"


def test_sublease_errors_are_beside_the_fields(client, signed_in):
    response = client.post("/sublease-cases/new", data={"case_ref": "", "applied_on": "", "contract_type": "x"})
    html = page_text(response)
    assert response.status_code == 422
    assert error_text(html, "case_ref") == "Obligatoriskt."
    assert error_text(html, "applied_on") == "Obligatoriskt."
    assert error_text(html, "contract_type") == "Inte ett giltigt val"


def test_a_sip_plan_is_registered_with_its_consent_and_coordinator(client, signed_in):
    response = client.post("/sip-plans/new", data={
        "person_ref": "P3", "case_ref": "H3", "initiated_on": BASE_DAY.isoformat(),
        "consent_on": BASE_DAY.isoformat(), "coordinator_id": str(signed_in.id)})
    assert response.status_code == 302
    plan = db.session.scalar(select(SipPlan))
    assert (plan.consent_on, plan.coordinator_id) == (BASE_DAY, signed_in.id)


def test_a_sip_plan_consent_before_nothing_is_checked_by_the_form(client, signed_in):
    response = client.post("/sip-plans/new", data={"person_ref": "P3", "case_ref": "H3",
                                                   "initiated_on": BASE_DAY.isoformat(), "consent_on": "2999-01-01"})
    assert response.status_code == 422
    assert error_text(page_text(response), "consent_on") == "Datumet får inte ligga i framtiden."


def test_a_meeting_is_booked_with_its_participants_as_checkboxes(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in)
    html = page_text(client.get(f"/sip-plans/{plan.id}/meetings/new"))
    assert_page_shape(html)
    assert 'type="checkbox"' in html and "<legend>Deltagare</legend>" in html
    response = client.post(f"/sip-plans/{plan.id}/meetings/new", data={
        "scheduled_for": BASE_DAY.isoformat(), "meeting_kind": "multi_party", "mode": "digital",
        "participants": ["region", "forsakringskassan"]})
    assert response.status_code == 302
    meeting = db.session.scalar(select(SipMeeting))
    assert meeting.plan_id == plan.id and sorted(p.code for p in meeting.participant_codes) == [
        "forsakringskassan", "region"]


def test_a_meeting_without_participants_is_refused_beside_the_checkboxes(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in)
    response = client.post(f"/sip-plans/{plan.id}/meetings/new", data={
        "scheduled_for": BASE_DAY.isoformat(), "meeting_kind": "sip", "mode": "in_person"})
    assert response.status_code == 422
    html = page_text(response)
    assert error_text(html, "participants") == "Kryssa i minst en deltagare."
    assert 'aria-describedby="participants-error"' in html
    assert _count(SipMeeting) == 0


def test_no_meeting_is_booked_on_a_closed_plan(client, signed_in, make_item, leader):
    from caseflow.items.services import apply
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in)
    apply(leader, plan.id, "close", on=BASE_DAY)
    db.session.commit()
    response = client.post(f"/sip-plans/{plan.id}/meetings/new", data={
        "scheduled_for": BASE_DAY.isoformat(), "meeting_kind": "sip", "mode": "in_person",
        "participants": ["region"]})
    assert response.status_code == 409
    assert _count(SipMeeting) == 0


def test_a_meeting_cannot_be_booked_on_another_kind_of_item(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    assert client.get(f"/sip-plans/{referral.id}/meetings/new").status_code == 404

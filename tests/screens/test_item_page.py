"""The item page: its history, its event forms, stale forms, edits, and the access log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from caseflow.audit.models import AccessLog
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.formatting import local_datetime
from caseflow.kinds import ItemKind
from caseflow.items.models import Transition, WorkItem
from caseflow.items.services import apply
from tests.screens.caseworker_support import BASE_DAY, assert_page_shape, error_text, page_text


def _transitions(item_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Transition).where(Transition.item_id == item_id))


def _state(item_id: int) -> tuple[str, int]:
    db.session.expire_all()
    item = db.session.get(WorkItem, item_id)
    return item.state, item.version


def test_the_page_offers_a_form_for_each_allowed_event_and_none_other(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    html = page_text(client.get(f"/items/{referral.id}"))
    assert_page_shape(html)
    for allowed in ("accept", "reject", "withdraw"):
        assert f'action="/items/{referral.id}/events/{allowed}"' in html
    for not_allowed in ("start", "complete"):
        assert f"/events/{not_allowed}" not in html
    assert 'id="reject-reason"' in html and 'id="accept-reason"' not in html  # only where the event needs it
    assert f'name="accept-on" required type="date" value="{today_local().isoformat()}"' in html
    assert 'name="accept-version" type="hidden" value="1"' in html
    assert "Markera som antagen" in html and "Historik" in html and "Registrerad" in html


def test_an_event_applied_through_the_page_writes_one_transition(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    on = (BASE_DAY + timedelta(days=3)).isoformat()
    response = client.post(f"/items/{referral.id}/events/accept",
                           data={"accept-on": on, "accept-version": "1", "accept-note": "Svar per telefon"})
    assert response.status_code == 302 and response.headers["Location"] == f"/items/{referral.id}"
    assert _transitions(referral.id) == 2
    assert _state(referral.id) == ("accepted", 2)
    html = page_text(client.get(f"/items/{referral.id}"))
    assert "Sparat: Antagen." in html and "Svar per telefon" in html and on in html
    assert signed_in.display_name in html
    recorded = db.session.scalars(select(Transition.recorded_at).where(Transition.item_id == referral.id)).all()
    assert all(local_datetime(at) in html for at in recorded)  # Stockholm wall time, not UTC
    assert "/events/start" in html and "/events/accept" not in html  # the next step from the new state


def test_an_event_that_needs_an_outcome_offers_the_outcomes(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    for event in ("accept", "start"):
        apply(signed_in, referral.id, event, on=BASE_DAY + timedelta(days=1))
    db.session.commit()
    html = page_text(client.get(f"/items/{referral.id}"))
    assert 'id="complete-outcome"' in html and 'value="work"' in html
    response = client.post(f"/items/{referral.id}/events/complete",
                           data={"complete-on": (BASE_DAY + timedelta(days=2)).isoformat(), "complete-version": "3",
                                 "complete-outcome": "work"})
    assert response.status_code == 302
    assert _state(referral.id)[0] == "completed"


def test_a_missing_reason_is_shown_in_swedish_beside_its_field(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    response = client.post(f"/items/{referral.id}/events/reject",
                           data={"reject-on": today_local().isoformat(), "reject-version": "1", "reject-reason": ""})
    assert response.status_code == 422
    html = page_text(response)
    assert error_text(html, "reject-reason") == "Obligatoriskt."
    assert 'aria-describedby="reject-reason-error"' in html
    assert _transitions(referral.id) == 1


def test_a_date_in_the_future_is_refused_beside_the_date(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    response = client.post(f"/items/{referral.id}/events/accept",
                           data={"accept-on": (today_local() + timedelta(days=2)).isoformat(), "accept-version": "1"})
    assert response.status_code == 422
    assert error_text(page_text(response), "accept-on") == "Datumet får inte ligga i framtiden."
    assert _state(referral.id) == ("sent", 1)


def test_an_unreadable_date_is_refused_in_swedish(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    response = client.post(f"/items/{referral.id}/events/accept", data={"accept-on": "31/12", "accept-version": "1"})
    assert response.status_code == 422
    assert error_text(page_text(response), "accept-on") == "Ett datum (ÅÅÅÅ-MM-DD) krävs."


def test_an_event_not_allowed_from_the_state_is_refused_and_changes_nothing(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    response = client.post(f"/items/{referral.id}/events/start",
                           data={"start-on": today_local().isoformat(), "start-version": "1"})
    assert response.status_code == 409
    assert _state(referral.id) == ("sent", 1) and _transitions(referral.id) == 1
    assert client.post(f"/items/{referral.id}/events/fly", data={}).status_code == 404
    assert client.post(f"/items/{referral.id}/events/create", data={}).status_code == 404


def test_a_stale_form_is_refused_with_what_changed_and_changes_nothing(client, signed_in, make_item, leader):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    html = page_text(client.get(f"/items/{referral.id}"))
    seen = html.split('name="withdraw-seen" type="hidden" value="')[1].split('"')[0]
    apply(leader, referral.id, "accept", on=BASE_DAY + timedelta(days=1))  # someone else, meanwhile
    db.session.commit()
    response = client.post(f"/items/{referral.id}/events/withdraw",
                           data={"withdraw-on": today_local().isoformat(), "withdraw-version": "1",
                                 "withdraw-seen": seen})
    assert response.status_code == 409
    html = page_text(response)
    assert "Inte sparat: någon annan har ändrat ärendet under tiden" in html
    assert "sedan ditt formulär visades; ärendet har nu status ”Antagen”" in html
    assert f"{leader.display_name}: Antagen {(BASE_DAY + timedelta(days=1)).isoformat()}" in html
    assert _state(referral.id) == ("accepted", 2) and _transitions(referral.id) == 2
    assert 'name="withdraw-version" type="hidden" value="2"' in html  # the forms are fresh again


def test_a_stale_edit_is_refused_too(client, signed_in, make_item, leader):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    apply(leader, referral.id, "accept", on=BASE_DAY + timedelta(days=1))
    db.session.commit()
    response = client.post(f"/items/{referral.id}/edit", data={
        "edit-person_ref": "P99", "edit-sent_on": BASE_DAY.isoformat(), "edit-target": "UJC", "edit-version": "1"})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(WorkItem, referral.id).person_ref != "P99"


def test_the_edit_form_saves_the_editable_fields(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    response = client.post(f"/items/{referral.id}/edit", data={
        "edit-person_ref": "P99", "edit-sent_on": BASE_DAY.isoformat(), "edit-target": "AMC",
        "edit-barrier_group": "", "edit-version": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.get(WorkItem, referral.id)
    assert (item.person_ref, item.target, item.version) == ("P99", "AMC", 2)


def test_an_edit_with_a_personal_number_is_refused_beside_the_field(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    response = client.post(f"/items/{referral.id}/edit", data={
        "edit-person_ref": "P19121212-1212", "edit-sent_on": BASE_DAY.isoformat(), "edit-target": "UJC",
        "edit-version": "1"})
    assert response.status_code == 422
    assert "edit-person_ref-error" in page_text(response)
    assert '<details class="edit" open>' in page_text(response)


def test_every_view_of_the_page_writes_an_access_log_row(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    for _ in range(2):
        assert client.get(f"/items/{referral.id}").status_code == 200
    rows = list(db.session.scalars(select(AccessLog).where(AccessLog.item_id == referral.id)))
    assert [(r.user_id, r.channel) for r in rows] == [(signed_in.id, "web")] * 2


def test_a_refused_post_shows_the_page_again_and_logs_that_view(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    client.post(f"/items/{referral.id}/events/reject", data={"reject-version": "1"})
    assert db.session.scalar(select(func.count()).select_from(AccessLog)) == 1


def test_the_sublease_page_records_the_kir_check(client, signed_in, make_item):
    case = make_item(ItemKind.SUBLEASE_CASE, actor=signed_in)
    assert "Registrera KIR-kontrollen" in page_text(client.get(f"/items/{case.id}"))
    response = client.post(f"/sublease-cases/{case.id}/kir-check", data={
        "kir-kir_checked_on": BASE_DAY.isoformat(), "kir-registered_at_address": "4",
        "kir-double_rent_suspected": "y", "kir-version": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.get(WorkItem, case.id)
    assert (item.kir_checked_on, item.registered_at_address, item.double_rent_suspected) == (BASE_DAY, 4, True)
    assert "4 personer folkbokförda på adressen;" in page_text(client.get(f"/items/{case.id}"))
    assert client.post(f"/sublease-cases/{case.id}/kir-check", data={
        "kir-kir_checked_on": BASE_DAY.isoformat(), "kir-registered_at_address": "1", "kir-version": "2"}).status_code == 302
    assert "1 person folkbokförd på adressen;" in page_text(client.get(f"/items/{case.id}"))
    response = client.post(f"/sublease-cases/{case.id}/kir-check", data={
        "kir-kir_checked_on": BASE_DAY.isoformat(), "kir-registered_at_address": "many", "kir-version": "3"})
    assert response.status_code == 422 and "kir-registered_at_address-error" in page_text(response)


def test_the_plan_page_lists_its_meetings_and_records_consent_and_its_withdrawal(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in, consent_on=None)
    meeting = make_item(ItemKind.SIP_MEETING, actor=signed_in, plan=plan)
    html = page_text(client.get(f"/items/{plan.id}"))
    assert f'href="/items/{meeting.id}"' in html and f'href="/sip-plans/{plan.id}/meetings/new"' in html
    assert "Inget samtycke registrerat" in html and 'action="/sip-plans/%d/consent/withdrawal"' % plan.id not in html
    response = client.post(f"/sip-plans/{plan.id}/consent",
                           data={"consent-consent_on": BASE_DAY.isoformat(), "consent-version": "1"})
    assert response.status_code == 302
    response = client.post(f"/sip-plans/{plan.id}/consent/withdrawal",
                           data={"withdraw-on": (BASE_DAY + timedelta(days=1)).isoformat(), "withdraw-version": "2"})
    assert response.status_code == 302
    assert _state(plan.id)[0] == "closed"
    html = page_text(client.get(f"/items/{plan.id}"))
    assert "Boka ett möte" not in html and "Samtycke återkallat" not in html.split("<h2 id=\"meetings-heading\"")[0].split("</dl>")[1]


def test_holding_a_meeting_without_consent_is_refused_with_the_law(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in, consent_on=None)
    meeting = make_item(ItemKind.SIP_MEETING, actor=signed_in, plan=plan)
    response = client.post(f"/items/{meeting.id}/events/hold",
                           data={"hold-on": BASE_DAY.isoformat(), "hold-version": "1"})
    assert response.status_code == 409
    assert error_text(page_text(response), "hold-on")
    assert _state(meeting.id)[0] == "scheduled"


def test_a_measure_takes_its_events_from_a_leader_but_offers_a_caseworker_none(client, login_as, make_item):
    measure = make_item(ItemKind.MEASURE)
    login_as("caseworker", "E6")
    html = page_text(client.get(f"/items/{measure.id}"))
    assert "Din roll får inte ändra det här ärendet." in html and "/events/" not in html
    response = client.post(f"/items/{measure.id}/events/start",
                           data={"start-on": BASE_DAY.isoformat(), "start-version": "1"})
    assert response.status_code == 403 and _state(measure.id)[0] == "planned"
    client.post("/logout")
    login_as("unit_leader", "E6")
    html = page_text(client.get(f"/items/{measure.id}"))
    assert "Starta åtgärden" in html
    response = client.post(f"/items/{measure.id}/events/start",
                           data={"start-on": today_local().isoformat(), "start-version": "1"})
    assert response.status_code == 302 and _state(measure.id)[0] == "in_progress"

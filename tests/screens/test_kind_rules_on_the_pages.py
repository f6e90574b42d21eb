"""The kinds' own rules and forms on the pages (issue 18): the hold form asks the next follow-up, a KIR
check is not dated before the application, a voided item is struck through and can be filtered out."""

from __future__ import annotations

from datetime import timedelta

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.models import WorkItem
from caseflow.items.services import apply
from caseflow.kinds import ItemKind
from caseflow.sip.models import SipMeeting
from tests.screens.caseworker_support import BASE_DAY, error_text, page_text


def test_the_hold_form_asks_for_the_next_follow_up_and_saves_it(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in)
    meeting = make_item(ItemKind.SIP_MEETING, actor=signed_in, plan=plan, scheduled_for=BASE_DAY + timedelta(days=1))
    html = page_text(client.get(f"/items/{meeting.id}"))
    assert 'name="hold-next_follow_up_on"' in html and "Bestäms vid mötet" in html
    follow_up = BASE_DAY + timedelta(days=40)
    response = client.post(f"/items/{meeting.id}/events/hold", data={
        "hold-on": (BASE_DAY + timedelta(days=1)).isoformat(), "hold-version": "1",
        "hold-next_follow_up_on": follow_up.isoformat()})
    assert response.status_code == 302
    db.session.expire_all()
    held = db.session.get(SipMeeting, meeting.id)
    assert (held.state, held.next_follow_up_on) == ("held", follow_up)


def test_a_follow_up_before_the_meeting_is_refused_and_nothing_held(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in)
    meeting = make_item(ItemKind.SIP_MEETING, actor=signed_in, plan=plan, scheduled_for=BASE_DAY + timedelta(days=1))
    response = client.post(f"/items/{meeting.id}/events/hold", data={
        "hold-on": (BASE_DAY + timedelta(days=1)).isoformat(), "hold-version": "1",
        "hold-next_follow_up_on": BASE_DAY.isoformat()})
    assert response.status_code == 422
    assert error_text(page_text(response), "hold-next_follow_up_on") == "Uppföljningen kommer efter mötet."
    db.session.expire_all()
    assert db.session.get(WorkItem, meeting.id).state == "scheduled"


def test_a_kir_check_dated_before_the_application_is_refused(client, signed_in, make_item):
    case = make_item(ItemKind.SUBLEASE_CASE, actor=signed_in)  # applied BASE_DAY
    response = client.post(f"/sublease-cases/{case.id}/kir-check", data={
        "kir-kir_checked_on": (BASE_DAY - timedelta(days=24)).isoformat(), "kir-registered_at_address": "2",
        "kir-version": "1"})
    assert response.status_code == 422
    assert error_text(page_text(response), "kir-kir_checked_on") == (
        f"KIR-kontrollen får inte vara daterad före ansökan ({BASE_DAY.isoformat()}).")
    db.session.expire_all()
    assert db.session.get(WorkItem, case.id).kir_checked_on is None


def test_the_application_may_not_move_after_its_kir_check(client, signed_in, make_item):
    case = make_item(ItemKind.SUBLEASE_CASE, actor=signed_in)
    assert client.post(f"/sublease-cases/{case.id}/kir-check", data={
        "kir-kir_checked_on": BASE_DAY.isoformat(), "kir-version": "1"}).status_code == 302
    response = client.post(f"/items/{case.id}/edit", data={
        "edit-applied_on": (BASE_DAY + timedelta(days=3)).isoformat(), "edit-contract_type": "sublease",
        "edit-version": "2"})
    assert response.status_code == 422
    assert "edit-applied_on-error" in page_text(response)


def test_a_voided_item_is_struck_through_and_can_be_filtered_out(client, signed_in, make_item, leader):
    kept, voided = make_item(ItemKind.REFERRAL, actor=signed_in), make_item(ItemKind.REFERRAL, actor=signed_in)
    apply(leader, voided.id, "void", on=today_local(), reason="Registrerad i fel ärende")
    db.session.commit()
    html = page_text(client.get("/referrals/"))
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    struck = [row for row in rows if row.startswith(' class="voided"')]
    assert len(rows) == 2 and len(struck) == 1
    assert f"/items/{voided.id}" in struck[0] and '<td class="state">Makulerad</td>' in struck[0]
    filtered = page_text(client.get("/referrals/?state=not_voided"))
    assert f"/items/{kept.id}" in filtered and f"/items/{voided.id}\"" not in filtered
    assert "Alla utom makulerade" in filtered
    only = page_text(client.get("/referrals/?state=voided"))
    assert f"/items/{voided.id}\"" in only and f"/items/{kept.id}\"" not in only


def test_the_void_forms_date_hint_says_what_a_void_date_is(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    html = page_text(client.get(f"/items/{referral.id}"))
    void_form = html.split('id="void-heading"')[1].split("</section>")[0]
    assert "Dagen registreringen makuleras" in void_form and "föregående händelse" not in void_form

"""A SIP meeting's time of day, place or link and named contacts: booked, corrected, refused beside the field."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.sip.models import SipMeeting
from tests.api.conftest import error_of
from tests.screens.caseworker_support import error_text, page_text

DAY = today_local() + timedelta(days=10)


def _book(client, plan_id, **fields):
    data = {"scheduled_for": DAY.isoformat(), "meeting_kind": "sip", "mode": "digital",
            "participants": ["region", "forsakringskassan"]} | fields
    return client.post(f"/sip-plans/{plan_id}/meetings/new", data=data)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(SipMeeting))


def test_a_meeting_is_booked_with_its_time_link_and_named_contacts(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in)
    form = page_text(client.get(f"/sip-plans/{plan.id}/meetings/new"))
    for label in ("Börjar", "Längd", "Plats", "Länk till videomötet", "Kontaktperson i Regionen",
                  "Kontaktperson på Försäkringskassan", "Kontaktperson på Arbetsförmedlingen",
                  "Annan part och kontaktperson"):
        assert f">{label}</label>" in form, label
    response = _book(client, plan.id, start_time="09:30", duration_minutes="90", place="Stadshuset, rum 3",
                     video_link="https://meet.example.se/abc-123", contact_region="Anna Berg, sjuksköterska",
                     contact_forsakringskassan="Per Ek, handläggare", contact_arbetsformedlingen="",
                     contact_other="Hyresvärden: Eva Lund")
    assert response.status_code == 302, page_text(response)
    meeting = db.session.scalar(select(SipMeeting))
    assert (meeting.start_time, meeting.duration_minutes, meeting.end_time) == (time(9, 30), 90, time(11, 0))
    assert (meeting.place, meeting.video_link) == ("Stadshuset, rum 3", "https://meet.example.se/abc-123")
    assert (meeting.contact_region, meeting.contact_forsakringskassan, meeting.contact_arbetsformedlingen,
            meeting.contact_other) == ("Anna Berg, sjuksköterska", "Per Ek, handläggare", None,
                                       "Hyresvärden: Eva Lund")
    page = page_text(client.get(f"/items/{meeting.id}"))
    assert "09:30–11:00" in page and "Anna Berg, sjuksköterska" in page and "Hyresvärden: Eva Lund" in page
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "item.create",
                                                        AuditEvent.entity_id == meeting.id))
    assert created.after["start_time"] == "09:30" and created.after["duration_minutes"] == 90


def test_bad_times_and_links_are_refused_beside_their_field_and_nothing_is_booked(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in)
    cases = [
        ({"start_time": "25:99"}, "start_time", "Ett klockslag (TT:MM) krävs."),
        ({"start_time": "9.30"}, "start_time", "Ett klockslag (TT:MM) krävs."),
        ({"duration_minutes": "999"}, "duration_minutes", "Inte ett giltigt val"),
        ({"video_link": "http://meet.example.se/abc"}, "video_link", "En länk som börjar med https:// krävs."),
        ({"video_link": "javascript:alert(1)"}, "video_link", "En länk som börjar med https:// krävs."),
        ({"contact_region": "Anna 19121212-1212"}, "contact_region", "personnummer"),
    ]
    for fields, field_id, message in cases:
        response = _book(client, plan.id, **fields)
        assert response.status_code == 422, fields
        assert message in error_text(page_text(response), field_id), fields
    assert _count() == 0


def test_a_place_naming_a_case_reference_is_refused_as_it_reaches_the_calendar(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, actor=signed_in)
    response = _book(client, plan.id, place=f"Hos {plan.case_ref} hemma")
    assert response.status_code == 422
    assert plan.case_ref in error_text(page_text(response), "place")
    assert _count() == 0


def test_the_correction_form_changes_the_time_and_refuses_a_bad_one(client, signed_in, make_item):
    meeting = make_item(ItemKind.SIP_MEETING, scheduled_for=DAY, actor=signed_in, start_time=time(13, 0))
    base = {"edit-version": meeting.version, "edit-scheduled_for": DAY.isoformat(), "edit-meeting_kind": "sip",
            "edit-mode": "in_person", "edit-start_time": "13:00"}
    refused = client.post(f"/items/{meeting.id}/edit", data=base | {"edit-start_time": "24:00"})
    assert refused.status_code == 422
    assert error_text(page_text(refused), "edit-start_time") == "Ett klockslag (TT:MM) krävs."
    saved = client.post(f"/items/{meeting.id}/edit", data=base | {"edit-start_time": "14:15",
                                                                   "edit-duration_minutes": "45",
                                                                   "edit-place": "Jobbcentrum"})
    assert saved.status_code == 302
    db.session.expire_all()
    meeting = db.session.get(SipMeeting, meeting.id)
    assert (meeting.start_time, meeting.end_time, meeting.place) == (time(14, 15), time(15, 0), "Jobbcentrum")
    assert "14:15–15:00" in page_text(client.get(f"/items/{meeting.id}"))
    edit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "item.edit"))
    assert edit.before == {"start_time": "13:00", "duration_minutes": None, "place": None}
    assert edit.after == {"start_time": "14:15", "duration_minutes": 45, "place": "Jobbcentrum"}


def test_the_api_books_and_corrects_the_time_place_and_contacts(api):
    day = DAY.isoformat()
    plan = api.post("/sip-plans", {"unit": "E6", "person_ref": "P-3", "case_ref": "H-3",
                                   "initiated_on": today_local().isoformat(),
                                   "consent_on": today_local().isoformat()}).get_json()
    response = api.post(f"/sip-plans/{plan['id']}/meetings", {
        "scheduled_for": day, "kind": "sip", "mode": "digital", "participants": ["region"],
        "start_time": "09:30", "video_link": "https://meet.example.se/x", "contact_region": "Anna Berg"})
    assert response.status_code == 201, response.get_json()
    meeting = response.get_json()
    assert (meeting["start_time"], meeting["duration_minutes"], meeting["video_link"], meeting["contact_region"],
            meeting["place"]) == ("09:30", None, "https://meet.example.se/x", "Anna Berg", None)
    patched = api.send("PATCH", f"/items/{meeting['id']}", {"version": meeting["version"], "duration_minutes": 60,
                                                             "contact_other": "God man: Bo Ek"})
    assert patched.status_code == 200, patched.get_json()
    assert (patched.get_json()["duration_minutes"], patched.get_json()["contact_other"]) == (60, "God man: Bo Ek")
    refused = api.send("PATCH", f"/items/{meeting['id']}", {"version": meeting["version"] + 1,
                                                             "duration_minutes": 0})
    assert refused.status_code == 422
    assert set(error_of(refused)["fields"]) == {"duration_minutes"}
    bad_link = api.send("PATCH", f"/items/{meeting['id']}", {"version": meeting["version"] + 1,
                                                              "video_link": "ftp://x.se/"})
    assert bad_link.status_code == 422 and set(error_of(bad_link)["fields"]) == {"video_link"}
    bad_time = api.post(f"/sip-plans/{plan['id']}/meetings", {
        "scheduled_for": day, "kind": "sip", "mode": "digital", "participants": ["region"], "start_time": "9.30"})
    assert bad_time.status_code in (400, 422)
    assert "start_time" in str(bad_time.get_json())
    zoned = api.send("PATCH", f"/items/{meeting['id']}", {"version": meeting["version"] + 1,
                                                           "start_time": "09:00:00+01:00"})
    assert zoned.status_code in (400, 422) and "start_time" in str(zoned.get_json())


def test_a_length_the_form_does_not_offer_is_kept_by_a_correction(client, signed_in, make_item):
    meeting = make_item(ItemKind.SIP_MEETING, scheduled_for=DAY, actor=signed_in, start_time=time(8, 0),
                        duration_minutes=50)  # as a client of the API may book it
    html = page_text(client.get(f"/items/{meeting.id}"))
    assert '<option selected value="50">50 minuter</option>' in html and "08:00–08:50" in html
    saved = client.post(f"/items/{meeting.id}/edit", data={
        "edit-version": meeting.version, "edit-scheduled_for": DAY.isoformat(), "edit-meeting_kind": "sip",
        "edit-mode": "in_person", "edit-start_time": "08:00", "edit-duration_minutes": "50",
        "edit-place": "Rum 2"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(SipMeeting, meeting.id).duration_minutes == 50


def test_the_api_form_and_labels_plan_a_meeting_with_the_same_fields():
    from caseflow.sip.api import _Planning
    from caseflow.sip.forms import MEETING_FIELD_LABELS, MeetingEditForm
    from caseflow.sip.models import PLANNING_FIELDS

    assert tuple(_Planning.model_fields) == PLANNING_FIELDS
    assert tuple(MEETING_FIELD_LABELS) == PLANNING_FIELDS
    assert all(hasattr(MeetingEditForm, name) for name in PLANNING_FIELDS)

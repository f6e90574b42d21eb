"""The calendar page: analysts edit meetings and settings (bad input refused beside its field, nothing
changed), leaders read it, caseworkers and admins are kept out."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.calendar.models import CommitteeMeeting
from caseflow.calendar.services import add_meeting, meeting_dates, settings
from caseflow.extensions import db
from caseflow.permissions import Role


def test_the_analyst_adds_a_meeting_and_sees_its_deadline(client, login_as):
    login_as(Role.ANALYST)
    page = client.get("/calendar/?year=2027").get_data(as_text=True)
    assert "<title>Nämndens kalender – Caseflow</title>" in page and "Inga sammanträden är inlagda för 2027." in page
    # Thursday 1 April 2027, just after Easter: Wed 31, Tue 30, (Mon 29 annandag påsk, Sun, Sat,
    # Fri 26 långfredagen) Thu 25, Wed 24, Tue 23 March.
    response = client.post("/calendar/meetings?year=2027", data={"meets_on": "2027-04-01"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Sammanträdet 2027-04-01 är tillagt; rapporten ska vara klar 2027-03-23." in page
    assert "<td>2027-04-01</td>" in page and "<td>2027-03-23</td>" in page
    assert meeting_dates() == [date(2027, 4, 1)]
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity == "committee_meeting")) \
        == "calendar.meeting_add"


@pytest.mark.parametrize(("value", "message"), [
    ("2027-04-10", "Nämnden sammanträder på en vardag."),  # a Saturday
    ("10 april", "Ett datum (ÅÅÅÅ-MM-DD) krävs."),
    ("", "Obligatoriskt."),
    ("2227-04-08", "Ett datum från 2000 till 2100, som 2026-03-19."),
])
def test_a_bad_meeting_date_is_refused_beside_its_field(client, login_as, value, message):
    login_as(Role.ANALYST)
    response = client.post("/calendar/meetings", data={"meets_on": value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="meets_on-error"' in page and message in page
    assert meeting_dates() == []


def test_a_second_meeting_on_the_same_day_is_refused(client, login_as):
    login_as(Role.ANALYST)
    add_meeting(date(2027, 4, 8))
    db.session.commit()
    response = client.post("/calendar/meetings", data={"meets_on": "2027-04-08"})
    assert response.status_code == 422 and "Nämnden har redan ett sammanträde den dagen." in response.get_data(as_text=True)


def test_moving_a_meeting_moves_its_deadline(client, login_as):
    login_as(Role.ANALYST)
    meeting = add_meeting(date(2026, 6, 18))
    db.session.commit()
    page = client.get(f"/calendar/meetings/{meeting.id}").get_data(as_text=True)
    assert "ska vara klar 2026-06-11, 5 arbetsdagar före" in page
    # To Thursday 25 June, after midsommar: 24, 23, 22, (19 midsommarafton) 18, 17.
    response = client.post(f"/calendar/meetings/{meeting.id}", data={"meets_on": "2026-06-25"}, follow_redirects=True)
    assert "Sammanträdet är flyttat till 2026-06-25; rapporten ska vara klar 2026-06-17." in response.get_data(as_text=True)
    response = client.post(f"/calendar/meetings/{meeting.id}", data={"meets_on": "2026-06-27"})
    assert response.status_code == 422 and meeting_dates() == [date(2026, 6, 25)]
    assert client.get("/calendar/meetings/999999").status_code == 404
    assert client.get("/calendar/meetings/99999999999999999999").status_code == 404


def test_settings_are_whole_numbers_in_range(client, login_as):
    login_as(Role.ANALYST)
    for bad in ("-1", "61", "tre", ""):
        response = client.post("/calendar/settings", data={"deadline_working_days": bad, "reminder_days": "3"})
        assert response.status_code == 422
        assert 'id="deadline_working_days-error"' in response.get_data(as_text=True)
    assert settings().deadline_working_days == 5
    response = client.post("/calendar/settings", data={"deadline_working_days": "3", "reminder_days": "7"},
                           follow_redirects=True)
    assert "Kalenderns inställningar är sparade." in response.get_data(as_text=True)
    assert (settings().deadline_working_days, settings().reminder_days) == (3, 7)


def test_a_leader_reads_the_calendar_but_cannot_change_it(client, login_as):
    meeting = add_meeting(date(2099, 4, 9))
    db.session.commit()
    login_as(Role.UNIT_LEADER)
    page = client.get("/calendar/").get_data(as_text=True)
    assert "2099-04-09" in page and "Lägg till ett sammanträde" not in page
    assert client.post("/calendar/meetings", data={"meets_on": "2099-05-07"}).status_code == 403
    assert client.post(f"/calendar/meetings/{meeting.id}/delete").status_code == 403
    assert client.post("/calendar/settings", data={"deadline_working_days": "1", "reminder_days": "1"}).status_code == 403
    assert db.session.scalar(select(CommitteeMeeting.meets_on)) == date(2099, 4, 9)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ADMIN])
def test_others_see_no_calendar(client, login_as, role):
    login_as(role)
    assert client.get("/calendar/").status_code == 403


def test_the_analyst_removes_a_meeting(client, login_as):
    login_as(Role.ANALYST)
    meeting = add_meeting(date(2027, 4, 8))
    db.session.commit()
    response = client.post(f"/calendar/meetings/{meeting.id}/delete", follow_redirects=True)
    assert "Sammanträdet 2027-04-08 är borttaget." in response.get_data(as_text=True)
    assert meeting_dates() == []


def test_the_admin_sets_a_users_e_mail_address_for_the_reminders(client, login_as, make_user):
    login_as(Role.ADMIN)
    leader = make_user(Role.UNIT_LEADER, "E6", username="lena", display_name="Lena")
    form = {"display_name": "Lena", "role": "unit_leader", "unit_id": str(leader.unit_id), "is_active": "y"}
    response = client.post(f"/admin/users/{leader.id}", data=form | {"email": "inte en adress"})
    assert response.status_code == 422
    db.session.refresh(leader)
    assert leader.email is None
    response = client.post(f"/admin/users/{leader.id}", data=form | {"email": "lena@kommun.example"})
    assert response.status_code == 302
    db.session.refresh(leader)
    assert leader.email == "lena@kommun.example"
    assert 'value="lena@kommun.example"' in client.get(f"/admin/users/{leader.id}").get_data(as_text=True)

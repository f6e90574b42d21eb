"""The freeze at the deadline: when the deadline day has ended, the month's report gets a new version made
by the calendar, once per deadline, and the analyst is told by e-mail and on the start page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from caseflow.calendar.autofreeze import FREEZE_GRACE_DAYS, freeze_due_months
from caseflow.calendar.models import CalendarFreeze, CommitteeMeeting
from caseflow.calendar.services import move_meeting, meeting_dates
from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.reports.freeze import snapshot_contents, snapshots_of
from tests.conftest import sign_in
from workers import tasks

ANN = "ann@kommun.example"

pytestmark = pytest.mark.both_databases


def test_the_deadline_freezes_the_month_once_and_tells_the_analyst(app, client, make_user, make_unit, smtp_server,
                                                                   calendar, monkeypatch):
    make_user(Role.ANALYST, username="ann", email=ANN)
    e6 = make_unit("E6")
    record_checks([{"case_ref": "AA-1", "performed_on": calendar.month.first_day + timedelta(days=2),
                    "actor": "robot", "persons_checked": 3}], e6.id)
    db.session.commit()
    # On the deadline day itself nothing is frozen yet: notes may still be written that day.
    assert freeze_due_months(calendar.deadline_on) == []
    monkeypatch.setattr(tasks, "today_local", lambda: calendar.deadline_on + timedelta(days=1))
    assert tasks.calendar_freeze() == [str(calendar.month)]
    assert tasks.calendar_freeze() == []  # the beat task again: no second version
    (snapshot,) = snapshots_of(calendar.month)
    assert snapshot.version == 1 and snapshot.is_frozen_by_calendar and snapshot.frozen_by_id is None
    figures, _lines = snapshot_contents(snapshot)
    assert figures.get("individuals_checked", calendar.month) == 3
    (told,) = smtp_server.to(ANN)
    assert told["Subject"].startswith("Rapporten för ") and told["Subject"].endswith(" är fryst")
    assert "som version 1 vid tidsfristen " + calendar.deadline_on.isoformat() in told.get_content()
    # The report's versions say who froze it; the analyst's start page says it was done.
    sign_in(client, "ann")
    report = client.get(f"/reports/{calendar.month}?version=1").get_data(as_text=True)
    assert "fryst av kalendern" in report and " av kalendern." in report  # the version list and the status line
    monkeypatch.setattr("caseflow.main.views.today_local", lambda: calendar.deadline_on + timedelta(days=1))
    start = client.get("/").get_data(as_text=True)
    assert "Kalendern frös rapporten för " in start and "som version 1" in start


def test_a_moved_meeting_is_a_new_deadline_and_may_freeze_again(app, calendar):
    day_after = calendar.deadline_on + timedelta(days=1)
    assert len(freeze_due_months(day_after)) == 1
    # The committee postpones the meeting by a week: a new deadline, a new version at its end.
    later = calendar.meeting_on + timedelta(days=7)
    meeting = db.session.scalar(select(CommitteeMeeting))
    move_meeting(meeting.id, later)
    db.session.commit()
    assert meeting_dates() == [later]
    assert freeze_due_months(day_after + timedelta(days=7)) != []
    assert [s.version for s in snapshots_of(calendar.month)] == [2, 1]
    assert freeze_due_months(day_after + timedelta(days=8)) == []
    assert db.session.scalar(select(func.count()).select_from(CalendarFreeze)) == 2


def test_a_deadline_long_past_is_left_alone(app, calendar):
    assert freeze_due_months(calendar.deadline_on + timedelta(days=FREEZE_GRACE_DAYS + 1)) == []
    assert db.session.scalar(select(func.count()).select_from(CalendarFreeze)) == 0
    assert snapshots_of(calendar.month) == []

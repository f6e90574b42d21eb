"""The committee calendar's beat tasks on a real worker (through Redis), mailing a real SMTP server
(aiosmtpd): each reminder and each freeze happens once, however often beat sends the task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from caseflow.calendar.deadlines import deadline_of
from caseflow.calendar.services import add_meeting
from caseflow.extensions import db
from caseflow.items.services import apply
from caseflow.measures.services import create_measure
from caseflow.permissions import Role
from caseflow.reports.freeze import snapshots_of
from tests.calendar.conftest import MONTH, Inbox
from tests.factories import BASE_DAY
from tests.ports import free_port
from workers import tasks

pytestmark = [pytest.mark.both_databases, pytest.mark.committed]


@pytest.fixture
def inbox(celery_session_app):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    config = celery_session_app.flask_app.config
    config["CASEFLOW_SMTP_URL"], config["CASEFLOW_MAIL_FROM"] = f"smtp://127.0.0.1:{port}", "caseflow@kommun.example"
    try:
        yield inbox
    finally:
        config["CASEFLOW_SMTP_URL"] = ""
        controller.stop()


def test_beat_sends_each_reminder_and_freezes_each_month_once(app, make_user, inbox, celery_session_app,
                                                              celery_session_worker, monkeypatch):
    leader = make_user(Role.UNIT_LEADER, "E6", username="lena", email="lena@kommun.example")
    make_user(Role.ANALYST, username="ann", email="ann@kommun.example")
    measure = create_measure(leader, unit=leader.unit, plan="Verksamhetsplan", number=1, title="Åtgärd 1",
                             start_on=BASE_DAY, responsible_id=leader.id, confirm_late=True)
    apply(leader, measure.id, "start", on=BASE_DAY, confirm_late=True)
    meeting_on = MONTH.next.first_day + timedelta(days=20)
    while meeting_on.weekday() >= 5:
        meeting_on += timedelta(days=1)
    add_meeting(meeting_on)
    db.session.commit()
    deadline_on = deadline_of(meeting_on, 5)

    # The worker runs in this process: the day it sees is the test's.
    monkeypatch.setattr(tasks, "today_local", lambda: deadline_on - timedelta(days=1))
    send = celery_session_app.send_task
    assert send("caseflow.calendar_reminders").get(timeout=60) == 2
    assert send("caseflow.calendar_reminders").get(timeout=60) == 0
    assert inbox.recipients == ["ann@kommun.example", "lena@kommun.example"]

    monkeypatch.setattr(tasks, "today_local", lambda: deadline_on + timedelta(days=1))
    assert send("caseflow.calendar_freeze").get(timeout=60) == [str(MONTH)]
    assert send("caseflow.calendar_freeze").get(timeout=60) == []
    db.session.rollback()  # read what the worker committed
    assert [(s.version, s.is_frozen_by_calendar) for s in snapshots_of(MONTH)] == [(1, True)]
    assert [m["Subject"] for m in inbox.to("ann@kommun.example")][-1].endswith(" är fryst")
    assert len(inbox.received) == 3

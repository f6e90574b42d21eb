"""Reminders e-mailed to a real SMTP server (aiosmtpd on localhost): one to each leader whose measures
lack the month's note, none to the others, one to the analyst; a second run sends nothing again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.calendar.models import ReminderKind, SentReminder
from caseflow.calendar.reminders import due_reminders, send_due_reminders
from caseflow.calendar.services import update_settings
from caseflow.extensions import db
from caseflow.items.services import apply
from caseflow.measures.followup import follow_up
from caseflow.measures.services import create_measure, write_note
from caseflow.permissions import Role
from tests.factories import BASE_DAY
from workers import tasks

LENA, KIM, OLLE, PIA, ANN = ("lena@kommun.example", "kim@kommun.example", "olle@kommun.example",
                             "pia@kommun.example", "ann@kommun.example")

pytestmark = pytest.mark.both_databases


@pytest.fixture
def world(app, make_user, calendar):
    """E6: Lena answers for a measure without the month's note, Kim for one with it. E7: a measure
    nobody answers for, without its note (so its leader Olle is reminded). E8: Pia's measure has its
    note. Ann is the analyst; no figures are imported. Bo leads E6 too but has no e-mail address."""
    lena = make_user(Role.UNIT_LEADER, "E6", username="lena", email=LENA)
    kim = make_user(Role.UNIT_LEADER, "E6", username="kim", email=KIM)
    make_user(Role.UNIT_LEADER, "E6", username="bo")
    olle = make_user(Role.UNIT_LEADER, "E7", username="olle", email=OLLE)
    pia = make_user(Role.UNIT_LEADER, "E8", username="pia", email=PIA)
    make_user(Role.ANALYST, username="ann", email=ANN)

    def measure(leader, number, responsible, note):
        made = create_measure(leader, unit=leader.unit, plan="Verksamhetsplan", number=number,
                              title=f"Åtgärd {number} hos H-12345", start_on=BASE_DAY,
                              responsible_id=responsible.id if responsible else None, confirm_late=True)
        apply(leader, made.id, "start", on=BASE_DAY, confirm_late=True)
        if note:
            write_note(leader, made.id, calendar.month, "Klart.")
        db.session.commit()

    measure(lena, 1, lena, note=False)
    measure(lena, 2, kim, note=True)
    measure(olle, 1, None, note=False)
    measure(pia, 1, pia, note=True)
    return calendar


def test_one_reminder_to_each_leader_with_missing_notes_and_none_twice(app, smtp_server, world):
    today = world.deadline_on - timedelta(days=2)  # within the default three days
    assert send_due_reminders(today) == 3
    assert smtp_server.recipients == sorted([LENA, OLLE, ANN])
    (to_lena,) = smtp_server.to(LENA)
    assert to_lena["Subject"].startswith("Påminnelse: uppföljning av åtgärder för ")
    body = to_lena.get_content()
    assert "1 åtgärd saknar uppföljning för " in body and world.deadline_on.isoformat() in body
    assert world.meeting_on.isoformat() in body
    (to_ann,) = smtp_server.to(ANN)
    assert "inte klar" in to_ann["Subject"] and "Antal hushåll" in to_ann.get_content()
    for _rcpts, message in smtp_server.received:  # no case, no person, no measure in any e-mail
        text = message.as_string()
        assert "H-12345" not in text and "Åtgärd 1" not in text and "lena" not in text.split("To:")[0]
    # A second run, and the beat task itself, send nothing new.
    assert send_due_reminders(today) == 0
    assert len(smtp_server.received) == 3
    assert db.session.scalar(select(func.count()).select_from(SentReminder)) == 3


def test_a_measure_of_a_deactivated_leader_reminds_the_units_other_leaders(app, smtp_server, world):
    kim = db.session.scalar(select(User).where(User.username == "kim"))
    lena = db.session.scalar(select(User).where(User.username == "lena"))
    lena.is_active = False
    db.session.commit()
    assert send_due_reminders(world.deadline_on) == 3
    assert smtp_server.recipients == sorted([KIM, OLLE, ANN]) and kim.email == KIM


def test_a_units_follow_up_is_read_once_for_all_its_leaders(app, world, monkeypatch):
    """Five leaders in three units: three follow-ups read (E6's three leaders share one), the same reminders."""
    from caseflow.calendar import reminders
    asked = []

    def counted_follow_up(actor, month, today):
        asked.append(actor.unit.code)
        return follow_up(actor, month, today)
    monkeypatch.setattr(reminders, "follow_up", counted_follow_up)
    due = due_reminders(world.deadline_on - timedelta(days=2))
    assert sorted(asked) == ["E6", "E7", "E8"]
    assert sorted((r.email, r.missing_notes) for r in due if r.kind is ReminderKind.MISSING_NOTES) == [
        (LENA, 1), (OLLE, 1)]


def test_the_beat_task_run_twice_sends_nothing_new(app, smtp_server, world, monkeypatch):
    monkeypatch.setattr(tasks, "today_local", lambda: world.deadline_on)  # the deadline day itself
    assert tasks.calendar_reminders() == 3
    assert tasks.calendar_reminders() == 0
    assert smtp_server.recipients == sorted([LENA, OLLE, ANN])


def test_no_reminder_before_the_window_or_after_the_deadline(app, smtp_server, world):
    assert send_due_reminders(world.deadline_on - timedelta(days=4)) == 0
    assert send_due_reminders(world.deadline_on + timedelta(days=1)) == 0
    update_settings(deadline_working_days=5, reminder_days=10)
    db.session.commit()
    assert send_due_reminders(world.deadline_on - timedelta(days=4)) == 3
    assert smtp_server.recipients == sorted([LENA, OLLE, ANN])


def test_a_refused_message_is_not_recorded_and_goes_at_the_next_run(app, smtp_server, world):
    url = app.config["CASEFLOW_SMTP_URL"]
    app.config["CASEFLOW_SMTP_URL"] = "smtp://127.0.0.1:1"  # nobody listens there
    today = world.deadline_on
    assert send_due_reminders(today) == 0
    assert db.session.scalar(select(func.count()).select_from(SentReminder)) == 0
    app.config["CASEFLOW_SMTP_URL"] = url
    assert send_due_reminders(today) == 3


def test_without_smtp_nothing_is_sent_and_the_reminders_show_in_the_app(app, client, world, monkeypatch):
    app.config["CASEFLOW_SMTP_URL"] = ""
    today = world.deadline_on - timedelta(days=1)
    assert send_due_reminders(today) == 0
    assert db.session.scalar(select(func.count()).select_from(SentReminder)) == 0
    kinds = {(r.recipient_id, r.kind) for r in due_reminders(today)}
    assert len(kinds) == 3 and {k for _r, k in kinds} == {ReminderKind.MISSING_NOTES, ReminderKind.REPORT_NOT_READY}
    import caseflow.main.views as main_views
    from tests.conftest import sign_in
    monkeypatch.setattr(main_views, "today_local", lambda: today)
    sign_in(client, "lena")
    page = client.get("/").get_data(as_text=True)
    assert "Från nämndens kalender" in page and "1 åtgärd saknar uppföljning för " in page
    client.post("/logout")
    sign_in(client, "kim")
    assert "Från nämndens kalender" not in client.get("/").get_data(as_text=True)


def test_the_leaders_start_page_reads_the_calendar_once_for_its_deadline_and_its_reminders(app, client, world,
                                                                                             monkeypatch):
    """The reminders on ``GET /`` read the meetings and settings the page's measures already read; due
    ones cost the active leaders, the active analysts and the month's follow-up (4), nothing more."""
    import caseflow.main.views as main_views
    from tests.conftest import counted_queries, sign_in
    sign_in(client, "lena")

    def statements(today, with_notices: bool) -> int:
        with monkeypatch.context() as patch:
            patch.setattr(main_views, "today_local", lambda: today)
            if not with_notices:
                patch.setattr(main_views, "notices_for", lambda user, today: [])
            client.get("/")
            with counted_queries() as run:
                page = client.get("/").get_data(as_text=True)
        assert ("Från nämndens kalender" in page) is (with_notices and today >= world.deadline_on - timedelta(days=3))
        return len(run)

    for days_before, cost in ((10, 0), (2, 1 + 1 + 4)):
        today = world.deadline_on - timedelta(days=days_before)
        assert statements(today, True) - statements(today, False) == cost, days_before


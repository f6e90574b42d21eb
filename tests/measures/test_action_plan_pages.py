"""The leader's action-plan pages: measures with the month's notes, notes written in place, new measures,
and the printable follow-up."""

from __future__ import annotations

import re

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.services import apply
from caseflow.measures.models import Measure, MeasureNote
from caseflow.measures.services import write_note
from caseflow.months import Month
from caseflow.permissions import Role
from tests.conftest import sign_in
from tests.factories import BASE_DAY

THIS_MONTH = Month.of(today_local())
BASE_MONTH = Month.of(BASE_DAY)


def _row(page: str, measure_id: int) -> str:
    found = re.search(rf'<tr id="measure-{measure_id}".*?</tr>', page, re.S)
    assert found, measure_id
    return found.group(0)


def test_the_plans_page_lists_measures_with_state_light_and_this_months_note(client, leader, named, make_item):
    written = make_item(ItemKind.MEASURE, title="Tidiga anvisningar till AMC", responsible_id=leader.id)
    missing = make_item(ItemKind.MEASURE, title="Minska kostnader för tillfälligt boende")
    paused = make_item(ItemKind.MEASURE, title="Pausad åtgärd")
    for measure in (written, missing, paused):
        apply(leader, measure.id, "start", on=BASE_DAY)
    apply(leader, paused.id, "pause", on=today_local())
    write_note(leader, written.id, THIS_MONTH, "Arbetet fortgår enligt plan.")
    db.session.commit()
    sign_in(client, leader.username)
    page = client.get("/measures").get_data(as_text=True)
    assert page.count("<h1>") == 1 and "<title>Åtgärdsplaner – Caseflow</title>" in page
    assert "<h2>Verksamhetsplan 2026</h2>" in page
    row = _row(page, written.id)
    assert "Tidiga anvisningar till AMC" in row and "Pågående" in row and "Lena Larsson" in row
    assert BASE_DAY.isoformat() in row and "Skriven" in row and "Arbetet fortgår enligt plan." in row
    row = _row(page, missing.id)
    assert "Ingen uppföljning ännu." in row
    assert re.search(r"I tid|Snart dags", row)  # due at the month's end, which is today or ahead
    assert 'class="missing"' not in row and "missing-note" not in row  # not red before it is late
    last_month = client.get(f"/measures?month={Month(THIS_MONTH).previous}").get_data(as_text=True)
    row = _row(last_month, missing.id)  # last month's note is past its deadline: red, and says so
    assert 'class="missing"' in row and "missing-note" in row and "Försenad" in row
    row = _row(page, paused.id)
    assert "Pausad" in row and "Saknas, klockan stoppad" in row
    assert "2 åtgärder saknar uppföljning" in page
    assert f'for="note-{missing.id}-text">Uppföljning av åtgärd {missing.number}</label>' in page


def test_a_note_is_written_in_place_and_audited(client, leader, make_item):
    measure = make_item(ItemKind.MEASURE)
    sign_in(client, leader.username)
    url = f"/measures/{measure.id}/notes/{Month(THIS_MONTH)}"
    response = client.post(url, data={f"note-{measure.id}-text": "Första uppföljningen.",
                                      f"note-{measure.id}-version": "0"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#measure-{measure.id}")
    note = db.session.scalar(sa.select(MeasureNote))
    assert (note.measure_id, note.month, note.text, note.version) == (measure.id, THIS_MONTH,
                                                                     "Första uppföljningen.", 1)
    response = client.post(url, data={f"note-{measure.id}-text": "Ändrad.", f"note-{measure.id}-version": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MeasureNote, note.id).text == "Ändrad."
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "measure_note.write")) == 2


def test_a_stale_note_is_refused_with_a_message_and_nothing_changes(client, leader, make_item):
    measure = make_item(ItemKind.MEASURE)
    write_note(leader, measure.id, THIS_MONTH, "Någon annans text.")
    db.session.commit()
    sign_in(client, leader.username)
    url = f"/measures/{measure.id}/notes/{Month(THIS_MONTH)}"
    # The page was shown before the other note existed (version 0), so saving would overwrite it.
    response = client.post(url, data={f"note-{measure.id}-text": "Min text.", f"note-{measure.id}-version": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert f'id="note-{measure.id}-text-error"' in page and "Någon annan har sparat en uppföljning" in page
    assert "Någon annans text." in page and "Min text." in page
    assert f'name="note-{measure.id}-version" type="hidden" value="1"' in page
    db.session.expire_all()
    assert db.session.scalar(sa.select(MeasureNote.text)) == "Någon annans text."


def test_note_errors_are_swedish_and_next_to_the_field(client, leader, make_item):
    measure = make_item(ItemKind.MEASURE)
    sign_in(client, leader.username)
    url = f"/measures/{measure.id}/notes/{Month(THIS_MONTH)}"
    response = client.post(url, data={f"note-{measure.id}-text": "", f"note-{measure.id}-version": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(rf'<p class="error" id="note-{measure.id}-text-error">[^<]*obligatoriskt', page)
    response = client.post(url, data={f"note-{measure.id}-text": "Gäller 19811218-9876.",
                                      f"note-{measure.id}-version": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "personnummer" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeasureNote)) == 0
    next_month = str(Month(THIS_MONTH + 1 if THIS_MONTH % 100 < 12 else THIS_MONTH + 89))
    assert client.post(f"/measures/{measure.id}/notes/{next_month}",
                       data={f"note-{measure.id}-text": "x"}).status_code == 404


def test_a_leader_creates_a_measure(client, leader):
    sign_in(client, leader.username)
    page = client.get("/measures/new").get_data(as_text=True)
    assert page.count("<h1>") == 1 and 'for="plan"' in page and f'<option selected value="{leader.id}">' in page
    response = client.post("/measures/new", data={
        "plan": "Gemensam åtgärdsplan 2019", "number": "1", "title": "Tidiga anvisningar till AMC",
        "start_on": BASE_DAY.isoformat(), "responsible_id": str(leader.id), "expected_effect": "Kortare tid."})
    assert response.status_code == 302
    measure = db.session.scalar(sa.select(Measure))
    assert (measure.plan.name, measure.number, measure.state, measure.unit_id, measure.responsible_id) == (
        "Gemensam åtgärdsplan 2019", 1, "planned", leader.unit_id, leader.id)
    assert "Gemensam åtgärdsplan 2019" in client.get("/measures/new").get_data(as_text=True)  # suggested


def test_measure_form_errors_are_swedish_next_to_their_fields(client, leader, make_item):
    existing = make_item(ItemKind.MEASURE, plan="Plan A")
    sign_in(client, leader.username)
    response = client.post("/measures/new", data={"plan": "", "number": "noll", "title": "", "start_on": "igår"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for name in ("plan", "number", "title", "start_on"):
        assert f'id="{name}-error"' in page, name
    assert "Rätta följande" in page
    response = client.post("/measures/new", data={"plan": "Plan A", "number": str(existing.number),
                                                  "title": "Igen", "start_on": BASE_DAY.isoformat()})
    page = response.get_data(as_text=True)
    assert response.status_code == 409  # a conflict with a measure that exists, as the API answers
    assert re.search(r'id="number-error">Planen har redan en åtgärd med det numret', page)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Measure)) == 1


def test_the_follow_up_page_prints_each_measure_with_its_state_then_and_marks_missing_notes(
        client, leader, make_item):
    first = make_item(ItemKind.MEASURE, title="Tidiga anvisningar till AMC")
    second = make_item(ItemKind.MEASURE, title="Minska kostnader för tillfälligt boende")
    gone = make_item(ItemKind.MEASURE, title="Avslutad tidigare")
    apply(leader, first.id, "start", on=BASE_DAY)
    apply(leader, first.id, "pause", on=today_local())  # after the month: not its state then
    apply(leader, gone.id, "cancel", on=BASE_DAY)
    write_note(leader, first.id, BASE_MONTH, "Tiden har förkortats med 4-5 månader.")
    db.session.commit()
    sign_in(client, leader.username)
    page = client.get(f"/measures/follow-up/{Month(BASE_MONTH)}").get_data(as_text=True)
    assert page.count("<h1>") == 1 and "<h1>Uppföljning av åtgärder, " in page
    assert f"<h3>Åtgärd {first.number}: Tidiga anvisningar till AMC</h3>" in page
    assert f"<h3>Åtgärd {second.number}: Minska kostnader för tillfälligt boende</h3>" in page
    section = re.search(rf'id="measure-{first.id}".*?</section>', page, re.S).group(0)
    assert "Pågående" in section and "Tiden har förkortats med 4-5 månader." in section
    section = re.search(rf'id="measure-{second.id}".*?</section>', page, re.S).group(0)
    assert "Planerad" in section and "Uppföljning saknas för" in section
    assert "Avslutad tidigare" in page  # cancelled during the month: still followed up that month
    later = client.get(f"/measures/follow-up/{Month(THIS_MONTH)}").get_data(as_text=True)
    assert "Avslutad tidigare" not in later and "Pausad" in later
    assert client.get("/measures/follow-up/2020-13").status_code == 404
    assert client.get("/measures/follow-up/2999-01").status_code == 404


def test_another_units_measures_are_not_shown(client, leader, make_user, make_item):
    make_item(ItemKind.MEASURE, title="Enhet 6:s åtgärd")
    other = make_user(Role.UNIT_LEADER, "E2")
    sign_in(client, other.username)
    assert "Enhet 6:s åtgärd" not in client.get("/measures").get_data(as_text=True)
    assert "Enhet 6:s åtgärd" not in client.get(f"/measures/follow-up/{Month(THIS_MONTH)}").get_data(
        as_text=True)
    measure = db.session.scalar(sa.select(Measure))
    response = client.post(f"/measures/{measure.id}/notes/{Month(THIS_MONTH)}",
                           data={f"note-{measure.id}-text": "Inte min."})
    assert response.status_code == 404 and db.session.scalar(sa.select(MeasureNote)) is None


def test_a_plan_belongs_to_its_unit_so_another_unit_cannot_add_measures_to_it(client, leader, make_user, make_item):
    """E2 naming E6's plan gets a plan of its own of that name: E6's plan and its numbers stay E6's."""
    ours = make_item(ItemKind.MEASURE, plan="Verksamhetsplan 2026", title="Enhet 6:s åtgärd")  # number 1
    other = make_user(Role.UNIT_LEADER, "E2")
    sign_in(client, other.username)
    response = client.post("/measures/new", data={
        "plan": "Verksamhetsplan 2026", "number": "1", "title": "Enhet 2:s åtgärd",
        "start_on": BASE_DAY.isoformat(), "responsible_id": str(other.id)})
    assert response.status_code == 302  # number 1 is free in E2's plan; E6's number 1 is none of E2's business
    theirs = db.session.scalar(sa.select(Measure).where(Measure.title == "Enhet 2:s åtgärd"))
    assert theirs.plan_id != ours.plan_id
    assert (theirs.plan.unit_id, ours.plan.unit_id) == (other.unit_id, leader.unit_id)
    assert db.session.scalars(sa.select(Measure.title).where(Measure.plan_id == ours.plan_id)).all() == [
        "Enhet 6:s åtgärd"]

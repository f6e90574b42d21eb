"""The SIP rules (consent, activation, closing) and the measures' monthly notes."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.db import today_local
from caseflow.errors import Conflict, Forbidden, ValidationError
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.services import apply, edit_item, history, reassign
from caseflow.measures.models import MeasureNote
from caseflow.measures.services import create_measure, write_note
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.sip.services import add_meeting, record_consent, withdraw_consent
from tests.factories import BASE_DAY


def test_no_meeting_is_held_without_consent(make_item, leader):
    plan = make_item(ItemKind.SIP_PLAN, consent_on=None)
    meeting = make_item(ItemKind.SIP_MEETING, plan=plan)
    with pytest.raises(Conflict, match="samtycke|consent"):
        apply(leader, meeting.id, "hold", on=BASE_DAY + timedelta(days=1))
    db.session.rollback()
    record_consent(leader, plan.id, BASE_DAY)
    apply(leader, meeting.id, "hold", on=BASE_DAY + timedelta(days=1))
    db.session.commit()
    assert meeting.state == "held"


def test_the_first_meeting_held_activates_the_plan_on_that_day(make_item, leader):
    plan = make_item(ItemKind.SIP_PLAN)
    first, second = make_item(ItemKind.SIP_MEETING, plan=plan), make_item(ItemKind.SIP_MEETING, plan=plan)
    apply(leader, first.id, "hold", on=BASE_DAY + timedelta(days=3))
    apply(leader, second.id, "hold", on=BASE_DAY + timedelta(days=9))
    db.session.commit()
    assert plan.state == "active"
    assert [(t.event, t.effective_on) for t in history(plan)] == [
        ("create", BASE_DAY), ("activate", BASE_DAY + timedelta(days=3))]


def test_withdrawn_consent_closes_the_plan_and_no_meeting_can_be_added(make_item, caseworker, leader):
    plan = make_item(ItemKind.SIP_PLAN)
    withdraw_consent(caseworker, plan.id, BASE_DAY + timedelta(days=2))
    db.session.commit()
    assert plan.state == "closed" and plan.consent_withdrawn_on == BASE_DAY + timedelta(days=2)
    with pytest.raises(Conflict):
        add_meeting(leader, plan.id, scheduled_for=today_local(), meeting_kind="sip", mode="digital",
                    participants=[])
    db.session.rollback()


def test_only_the_coordinator_or_a_leader_closes_a_plan(make_item, caseworker, leader, make_user):
    plan = make_item(ItemKind.SIP_PLAN)
    with pytest.raises(Forbidden):
        apply(caseworker, plan.id, "close", on=BASE_DAY)
    db.session.rollback()
    coordinated = make_item(ItemKind.SIP_PLAN, coordinator_id=caseworker.id)
    apply(caseworker, coordinated.id, "close", on=BASE_DAY)
    apply(leader, plan.id, "close", on=BASE_DAY)
    db.session.commit()
    assert plan.state == coordinated.state == "closed"


def test_meeting_participants_must_be_known_codes(make_item, leader):
    plan = make_item(ItemKind.SIP_PLAN)
    with pytest.raises(ValidationError) as err:
        add_meeting(leader, plan.id, scheduled_for=BASE_DAY, meeting_kind="sip", mode="digital",
                    participants=["region", "kommunen"])
    assert "kommunen" in err.value.fields["participants"]
    db.session.rollback()
    meeting = add_meeting(leader, plan.id, scheduled_for=BASE_DAY, meeting_kind="multi_party", mode="digital",
                          participants=["forsakringskassan", "region"])
    db.session.commit()
    assert [p.code for p in meeting.participant_codes] == ["region", "forsakringskassan"]
    assert meeting.case_ref == plan.case_ref and meeting.unit_id == plan.unit_id


def test_one_note_per_measure_and_month_and_a_second_edits_it_with_history(make_item, leader):
    measure = make_item(ItemKind.MEASURE)
    month = Month.of(BASE_DAY)
    write_note(leader, measure.id, month, "Arbetet fortskrider.")
    db.session.commit()
    write_note(leader, measure.id, month, "Arbetet pausas från och med januari.")
    db.session.commit()
    [note] = db.session.scalars(sa.select(MeasureNote)).all()
    assert note.text == "Arbetet pausas från och med januari." and note.version == 2
    rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.entity == "measure_note")
                              .order_by(AuditEvent.id)).all()
    assert rows[1].before["text"] == "Arbetet fortskrider."


def test_a_caseworker_may_not_touch_measures(make_item, caseworker):
    measure = make_item(ItemKind.MEASURE)
    with pytest.raises(Forbidden):
        write_note(caseworker, measure.id, Month.of(BASE_DAY), "Hej")
    with pytest.raises(Forbidden):
        apply(caseworker, measure.id, "start", on=BASE_DAY)
    db.session.rollback()


def test_a_note_for_a_future_month_is_refused(make_item, leader):
    measure = make_item(ItemKind.MEASURE)
    next_month = Month.of(today_local() + timedelta(days=40))
    with pytest.raises(ValidationError) as err:
        write_note(leader, measure.id, next_month, "För tidigt")
    assert "month" in err.value.fields
    db.session.rollback()


def test_who_may_be_named_on_a_measure_is_the_permission_tables_answer(make_user, make_item):
    """A measure's responsible leader, and whoever it is reassigned to, must be allowed to manage the
    action plan (a unit leader); a caseworker of the unit is refused, on creation, correction and reassignment."""
    leader = make_user(role=Role.UNIT_LEADER)
    caseworker = make_user(role=Role.CASEWORKER, unit=leader.unit)
    other_leader = make_user(role=Role.UNIT_LEADER, unit=leader.unit)
    with pytest.raises(ValidationError) as refused:
        create_measure(leader, unit=leader.unit, plan="Plan 2026", number=1, title="Uppsökande", start_on=today_local(),
                       responsible_id=caseworker.id)
    assert set(refused.value.fields) == {"responsible_id"}
    measure = create_measure(leader, unit=leader.unit, plan="Plan 2026", number=1, title="Uppsökande", start_on=today_local(),
                             responsible_id=other_leader.id)
    with pytest.raises(ValidationError):
        edit_item(leader, measure.id, {"responsible_id": caseworker.id}, expected_version=measure.version)
    with pytest.raises(ValidationError) as refused:
        reassign(leader, [measure.id], caseworker.id)
    assert str(refused.value) == f"{caseworker.display_name} får inte ansvara för ett ärende av slaget Åtgärd."
    assert [item.owner_id for item in reassign(leader, [measure.id], other_leader.id)] == [other_leader.id]
    # A SIP plan's coordinator may be a caseworker: the permission table lets them write SIP plans.
    plan = make_item(ItemKind.SIP_PLAN, actor=leader)
    assert [item.owner_id for item in reassign(leader, [plan.id], caseworker.id)] == [caseworker.id]

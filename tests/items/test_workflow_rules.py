"""Dates, versions, dirty months, audit and access log: the rules every kind shares."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow.audit.models import AccessLog, AuditEvent
from caseflow.db import today_local
from caseflow.errors import Conflict, ValidationError
from caseflow.extensions import db
from caseflow.items.access import read_item
from caseflow.kinds import ItemKind
from caseflow.items.models import Transition, WorkItem
from caseflow.items.services import apply, edit_item, history
from caseflow.months import Month
from caseflow.reports.models import DirtyMonth
from tests.factories import BASE_DAY

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py


def test_creation_is_the_first_transition_effective_on_the_items_own_date(make_item):
    referral = make_item(ItemKind.REFERRAL, on=BASE_DAY)
    [creation] = history(referral)
    assert (creation.event, creation.from_state, creation.to_state) == ("create", None, "sent")
    assert creation.effective_on == BASE_DAY and creation.month == Month.of(BASE_DAY)


def test_a_meeting_booked_ahead_is_created_effective_today(make_item):
    ahead = today_local() + timedelta(days=7)
    meeting = make_item(ItemKind.SIP_MEETING, scheduled_for=ahead)
    assert meeting.scheduled_for == ahead
    assert history(meeting)[0].effective_on == today_local()


def test_a_referral_cannot_be_sent_in_the_future(make_item):
    with pytest.raises(ValidationError) as err:
        make_item(ItemKind.REFERRAL, on=today_local() + timedelta(days=1))
    assert "sent_on" in err.value.fields
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WorkItem)) == 0


def test_an_event_may_not_be_dated_in_the_future(make_item, leader):
    item = make_item(ItemKind.REFERRAL)
    with pytest.raises(ValidationError) as err:
        apply(leader, item.id, "accept", on=today_local() + timedelta(days=1))
    assert "on" in err.value.fields
    db.session.rollback()


def test_an_event_may_not_be_dated_before_the_previous_one(make_item, leader):
    item = make_item(ItemKind.REFERRAL)
    apply(leader, item.id, "accept", on=BASE_DAY + timedelta(days=5))
    db.session.commit()
    with pytest.raises(ValidationError):
        apply(leader, item.id, "start", on=BASE_DAY + timedelta(days=4))
    db.session.rollback()
    apply(leader, item.id, "start", on=BASE_DAY + timedelta(days=5))  # the same day is fine
    db.session.commit()
    assert item.state == "started"


def test_a_meeting_may_be_cancelled_before_the_day_it_was_booked_for(make_item, leader):
    meeting = make_item(ItemKind.SIP_MEETING, scheduled_for=today_local() + timedelta(days=10))
    apply(leader, meeting.id, "cancel", on=today_local())
    db.session.commit()
    assert meeting.state == "cancelled"


def test_an_event_needs_its_reason_and_outcome(make_item, leader):
    item = make_item(ItemKind.REFERRAL)
    with pytest.raises(ValidationError) as err:
        apply(leader, item.id, "reject", on=BASE_DAY)
    assert "reason" in err.value.fields
    db.session.rollback()
    apply(leader, item.id, "accept", on=BASE_DAY)
    apply(leader, item.id, "start", on=BASE_DAY)
    for outcome in (None, "lottery"):
        with pytest.raises(ValidationError) as err:
            apply(leader, item.id, "complete", on=BASE_DAY, outcome=outcome)
        assert "outcome" in err.value.fields
    apply(leader, item.id, "complete", on=BASE_DAY, outcome="studies")
    db.session.commit()
    assert history(item)[-1].outcome == "studies"


def test_a_stale_version_is_refused_and_changes_nothing(make_item, leader):
    item = make_item(ItemKind.REFERRAL)
    seen = item.version
    apply(leader, item.id, "accept", on=BASE_DAY, expected_version=seen)
    db.session.commit()
    with pytest.raises(Conflict) as err:
        apply(leader, item.id, "withdraw", on=BASE_DAY, expected_version=seen)
    assert "version" in err.value.fields
    db.session.rollback()
    assert db.session.get(WorkItem, item.id).state == "accepted"


def test_two_edits_from_the_same_version_one_saved_one_refused(make_item, leader):
    item = make_item(ItemKind.SUBLEASE_CASE)
    version = item.version
    edit_item(leader, item.id, {"registered_at_address": 3}, expected_version=version)
    db.session.commit()
    with pytest.raises(Conflict):
        edit_item(leader, item.id, {"registered_at_address": 5}, expected_version=version)
    db.session.rollback()
    assert db.session.get(WorkItem, item.id).registered_at_address == 3


@pytest.mark.committed
def test_a_race_lost_at_the_database_is_refused_too(app, make_item, leader):
    """Another writer commits between our read and our write: the version counter catches it."""
    item = make_item(ItemKind.REFERRAL)
    item_id, version = item.id, item.version
    loaded = db.session.get(WorkItem, item_id)
    with db.engine.begin() as other:  # another request, on its own connection
        other.execute(sa.update(WorkItem).where(WorkItem.id == item_id).values(version=version + 1,
                                                                                 state="withdrawn"))
    with pytest.raises(Conflict):
        apply(leader, item_id, "accept", on=BASE_DAY, expected_version=version)
    db.session.rollback()
    db.session.expire_all()
    loaded = db.session.get(WorkItem, item_id)
    assert (loaded.state, loaded.version) == ("withdrawn", version + 1)
    assert [t.event for t in history(loaded)] == ["create"]


def test_an_event_marks_its_own_month_and_the_creation_month_dirty(make_item, leader):
    item = make_item(ItemKind.REFERRAL, on=BASE_DAY - timedelta(days=40))
    db.session.execute(sa.delete(DirtyMonth))
    db.session.commit()
    apply(leader, item.id, "accept", on=BASE_DAY)
    db.session.commit()
    dirty = db.session.scalars(sa.select(DirtyMonth.month).order_by(DirtyMonth.month)).all()
    # The later months' stocks are carried forward by the rollup itself, not marked.
    assert dirty == [Month.of(BASE_DAY - timedelta(days=40)), Month.of(BASE_DAY)]


def test_an_event_may_not_be_dated_before_the_items_own_date(make_item, leader):
    item = make_item(ItemKind.REFERRAL, on=BASE_DAY)
    with pytest.raises(ValidationError) as err:
        apply(leader, item.id, "accept", on=BASE_DAY - timedelta(days=1))
    assert "on" in err.value.fields
    db.session.rollback()
    assert [t.event for t in history(db.session.get(WorkItem, item.id))] == ["create"]


def test_the_own_date_may_not_move_after_the_first_event(make_item, leader):
    item = make_item(ItemKind.REFERRAL, on=BASE_DAY - timedelta(days=10))
    apply(leader, item.id, "accept", on=BASE_DAY - timedelta(days=5))
    db.session.commit()
    with pytest.raises(ValidationError) as err:
        edit_item(leader, item.id, {"sent_on": BASE_DAY - timedelta(days=4)})
    assert "sent_on" in err.value.fields
    db.session.rollback()
    edit_item(leader, item.id, {"sent_on": BASE_DAY - timedelta(days=5)})  # the same day is fine
    db.session.commit()
    assert history(item)[0].effective_on == BASE_DAY - timedelta(days=5)


def test_editing_a_counted_date_marks_both_months_dirty(make_item, leader):
    item = make_item(ItemKind.SUBLEASE_CASE, on=BASE_DAY)
    edit_item(leader, item.id, {"kir_checked_on": BASE_DAY})
    db.session.execute(sa.delete(DirtyMonth))
    db.session.commit()
    edit_item(leader, item.id, {"kir_checked_on": BASE_DAY + timedelta(days=40)})
    db.session.commit()
    dirty = set(db.session.scalars(sa.select(DirtyMonth.month)))
    assert {Month.of(BASE_DAY), Month.of(BASE_DAY + timedelta(days=40))} <= dirty


def test_correcting_the_own_date_moves_the_creation(make_item, leader):
    item = make_item(ItemKind.REFERRAL, on=BASE_DAY)
    edit_item(leader, item.id, {"sent_on": BASE_DAY - timedelta(days=31)})
    db.session.commit()
    creation = history(item)[0]
    assert creation.effective_on == BASE_DAY - timedelta(days=31) == item.opened_on
    assert creation.month == Month.of(BASE_DAY - timedelta(days=31))


def test_state_is_never_editable(make_item, leader):
    item = make_item(ItemKind.REFERRAL)
    with pytest.raises(ValidationError) as err:
        edit_item(leader, item.id, {"state": "completed"})
    assert "state" in err.value.fields
    db.session.rollback()


def test_every_change_is_audited_with_before_and_after(make_item, leader, make_user):
    item = make_item(ItemKind.REFERRAL)
    apply(leader, item.id, "accept", on=BASE_DAY)
    edit_item(leader, item.id, {"person_ref": "P-NY"})
    db.session.commit()
    rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.entity == "work_item")
                              .order_by(AuditEvent.id)).all()
    assert [r.action for r in rows] == ["item.create", "item.accept", "item.edit"]
    assert all(r.actor_user_id == leader.id and r.unit_id == leader.unit_id for r in rows)
    assert rows[1].before == {"state": "sent"} and rows[1].after["state"] == "accepted"
    assert rows[2].before == {"person_ref": "P1"} and rows[2].after == {"person_ref": "P-NY"}


def test_reading_an_item_is_logged(make_item, leader):
    item = make_item(ItemKind.REFERRAL)
    read_item(leader, item.id, "web")
    db.session.commit()
    [row] = db.session.scalars(sa.select(AccessLog)).all()
    assert (row.item_id, row.user_id, row.token_id, row.channel) == (item.id, leader.id, None, "web")


def test_a_transition_keeps_the_unit_it_happened_in(make_item, leader, make_unit):
    item = make_item(ItemKind.REFERRAL)
    other = make_unit("E2")
    item.unit_id = other.id  # a reorganisation moves the item
    db.session.commit()
    units = db.session.scalars(sa.select(Transition.unit_id).where(Transition.item_id == item.id)).all()
    assert units == [leader.unit_id]

"""A kind's due date read in SQL says what its ``due_on`` says: ``KindSpec.due_before`` (the caseload's
counts, the lists' "only late") and ``KindSpec.due_order`` (the lists' due-date sort)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.items.registry import kinds, model_of
from caseflow.items.services import apply, edit_item
from caseflow.kinds import ItemKind

TODAY = today_local()
#: A due date in SQL is date arithmetic, which each dialect does its own way.
pytestmark = pytest.mark.both_databases


@pytest.fixture
def items_with_and_without_due_dates(leader, make_item):
    """Referrals sent 30, 15, 14, 13, 1 and 0 days ago (due 14 days later) and one accepted (no due date);
    meetings booked for 3 days ago, today, in 3 and in 9 days; two held, their follow-ups due in 2 days and
    yesterday, in open plans with no later meeting booked."""
    for days in (-30, -15, -14, -13, -1, 0):
        make_item(ItemKind.REFERRAL, on=TODAY + timedelta(days=days))
    accepted = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=30))
    apply(leader, accepted.id, "accept", on=TODAY - timedelta(days=29))
    plan = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=60))
    for days in (-3, 0, 3, 9):
        make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY + timedelta(days=days))
    for held_days, follow_up_days in ((-40, 2), (-10, -1)):
        other = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=60))
        held = make_item(ItemKind.SIP_MEETING, plan=other, scheduled_for=TODAY + timedelta(days=held_days))
        apply(leader, held.id, "hold", on=TODAY + timedelta(days=held_days), confirm_late=True)
        edit_item(leader, held.id, {"next_follow_up_on": TODAY + timedelta(days=follow_up_days)}, confirm_late=True)
    db.session.commit()


def test_due_before_agrees_with_due_on_for_every_kind_that_has_due_dates(leader, items_with_and_without_due_dates):
    checked = 0
    for spec in kinds().values():
        if spec.due_before is None:
            continue
        model = model_of(spec.name)
        items = list(db.session.scalars(visible(leader, model=model)))
        for day in (TODAY - timedelta(days=5), TODAY, TODAY + timedelta(days=3), TODAY + timedelta(days=8)):
            in_sql = {item.id for item in db.session.scalars(visible(leader, model=model)
                                                             .where(spec.due_before(day)))}
            in_python = {item.id for item in items if (due := spec.due_on(item)) is not None and due < day}
            assert in_sql == in_python, (spec.name, day)
            checked += len(in_python)
    # Due before 5 days ago: 1 (the referral of 30 days); before today: 4 (+ the referral of 15 days, the
    # meeting of 3 days ago, yesterday's follow-up); in 3 days: 8 (+ the referrals of 14 and 13 days, today's
    # meeting, the follow-up in 2 days); in 8 days: 9 (+ the meeting in 3 days).
    assert checked == 1 + 4 + 8 + 9


def test_due_order_sorts_as_due_on_for_every_kind_that_has_due_dates(items_with_and_without_due_dates):
    checked = 0
    for name, spec in kinds().items():
        if spec.due_order is None:
            continue
        model = model_of(name)
        items = list(db.session.scalars(select(model)))
        ordered = list(db.session.scalars(select(model.id).where(spec.due_order().is_not(None))
                                          .order_by(spec.due_order(), model.id)))
        by_due = sorted((i for i in items if spec.due_on(i)), key=lambda i: (spec.due_on(i), i.id))
        assert ordered == [i.id for i in by_due], name
        checked += len(ordered)
    assert checked == 6 + 6  # the six referrals waiting for an answer; four meetings booked, two follow-ups

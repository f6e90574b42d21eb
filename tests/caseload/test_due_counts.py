"""A kind's due date read in SQL (``KindSpec.due_before``, for counting) says what its ``due_on`` says."""

from __future__ import annotations

from datetime import timedelta

import pytest

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.items.registry import kinds, model_of
from caseflow.items.services import apply, edit_item
from caseflow.kinds import ItemKind

TODAY = today_local()
#: A due date in SQL is date arithmetic, which each dialect does its own way.
pytestmark = pytest.mark.both_databases


def test_due_before_agrees_with_due_on_for_every_kind_that_has_due_dates(leader, make_item):
    for days in (-30, -15, -14, -13, -1, 0):
        make_item(ItemKind.REFERRAL, on=TODAY + timedelta(days=min(days, 0)))
    accepted = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=30))
    apply(leader, accepted.id, "accept", on=TODAY - timedelta(days=29))
    plan = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=60))
    for days in (-3, 0, 3, 9):
        make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY + timedelta(days=days))
    other = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=60))
    held = make_item(ItemKind.SIP_MEETING, plan=other, scheduled_for=TODAY - timedelta(days=40))
    apply(leader, held.id, "hold", on=TODAY - timedelta(days=40))
    edit_item(leader, held.id, {"next_follow_up_on": TODAY + timedelta(days=2)})
    db.session.commit()
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
    assert checked > 10  # the cases above really reached both sides

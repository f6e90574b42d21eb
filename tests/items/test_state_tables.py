"""The state tables, exactly as DESIGN.md gives them, and every (event, state) pair tried for real."""

from __future__ import annotations

from collections import deque
from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow.errors import Conflict, ValidationError
from caseflow.extensions import db
from caseflow.kinds import MACHINES, ItemKind
from caseflow.items.models import Transition, WorkItem
from caseflow.items.services import apply
from tests.factories import BASE_DAY

# DESIGN.md's tables, written out by hand: kind -> {event: (sources, target)}.
DESIGN_TABLES = {
    ItemKind.REFERRAL: {
        "accept": ({"sent"}, "accepted"), "reject": ({"sent", "accepted"}, "rejected"),
        "withdraw": ({"sent", "accepted"}, "withdrawn"), "start": ({"accepted"}, "started"),
        "complete": ({"started"}, "completed")},
    ItemKind.SUBLEASE_CASE: {
        "approve": ({"under_review"}, "approved"), "reject": ({"under_review"}, "rejected"),
        "appeal": ({"rejected"}, "appealed"), "uphold": ({"appealed"}, "upheld"),
        "overturn": ({"appealed"}, "overturned")},
    ItemKind.SIP_PLAN: {"close": ({"initiated", "active"}, "closed")},
    ItemKind.SIP_MEETING: {"hold": ({"scheduled"}, "held"), "cancel": ({"scheduled"}, "cancelled")},
    ItemKind.MEASURE: {
        "start": ({"planned"}, "in_progress"), "pause": ({"in_progress"}, "paused"),
        "resume": ({"paused"}, "in_progress"), "complete": ({"in_progress"}, "completed"),
        "cancel": ({"planned", "in_progress", "paused"}, "cancelled")},
    # DESIGN.md's "Quality review" and issue 21: drawn → in_review → completed.
    ItemKind.QUALITY_REVIEW: {"start": ({"drawn"}, "in_review"), "complete": ({"in_review"}, "completed")},
}
# And every kind's void (DESIGN.md, "makulera"): from any of its states, to ``voided``.
for _table in DESIGN_TABLES.values():
    _table["void"] = ({s for sources, target in _table.values() for s in (*sources, target)}, "voided")
INITIAL = {ItemKind.REFERRAL: "sent", ItemKind.SUBLEASE_CASE: "under_review", ItemKind.SIP_PLAN: "initiated",
           ItemKind.SIP_MEETING: "scheduled", ItemKind.MEASURE: "planned", ItemKind.QUALITY_REVIEW: "drawn"}
NEEDS = {"reason": "Ej aktuell för insats", "outcome": "work"}
STATES = {ItemKind.REFERRAL: {"sent", "accepted", "rejected", "withdrawn", "started", "completed", "voided"},
          ItemKind.SUBLEASE_CASE: {"under_review", "approved", "rejected", "appealed", "upheld", "overturned",
                                   "voided"},
          ItemKind.SIP_PLAN: {"initiated", "active", "closed", "voided"},
          ItemKind.SIP_MEETING: {"scheduled", "held", "cancelled", "voided"},
          ItemKind.MEASURE: {"planned", "in_progress", "paused", "completed", "cancelled", "voided"},
          ItemKind.QUALITY_REVIEW: {"drawn", "in_review", "completed", "voided"}}


def test_the_machines_are_design_md_tables():
    for kind, table in DESIGN_TABLES.items():
        machine = MACHINES[kind]
        assert machine.initial == INITIAL[kind]
        declared = {e.name: ({str(s) for s in e.sources}, str(e.target)) for e in machine.events if not e.internal}
        assert declared == table, kind
        assert set(machine.state_values) == STATES[kind], kind


def _path_to(kind: ItemKind, state: str) -> list[str] | None:
    """Events leading from the initial state to ``state``, breadth first (None if unreachable by people)."""
    machine = MACHINES[kind]
    queue, seen = deque([(machine.initial, [])]), {machine.initial}
    while queue:
        current, path = queue.popleft()
        if current == state:
            return path
        for event in machine.allowed(current):
            if event.target not in seen:
                seen.add(event.target)
                queue.append((event.target, [*path, event.name]))
    return None


def _extra(kind, name):
    needs = MACHINES[kind].event(name).needs
    return {key: NEEDS[key] for key in needs}


def _item_in(make_item, leader, kind, state):
    item = make_item(kind)
    path = _path_to(kind, state)
    if path is None:  # a plan's "active" is reached by holding a meeting
        meeting = make_item(ItemKind.SIP_MEETING, plan=item)
        apply(leader, meeting.id, "hold", on=BASE_DAY + timedelta(days=1))
        path = []
    for i, name in enumerate(path, start=1):
        apply(leader, item.id, name, on=BASE_DAY + timedelta(days=i), **_extra(kind, name))
    db.session.commit()
    assert item.state == state
    return item


def _table_counts():
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}


CASES = [(kind, state, event.name) for kind, m in MACHINES.items() for state in sorted(STATES[kind])
         for event in m.events if not event.internal]


@pytest.mark.parametrize("kind, state, event", CASES)
def test_every_event_from_every_state(make_item, leader, kind, state, event):
    item = _item_in(make_item, leader, kind, state)
    before_version = item.version
    before_transitions = db.session.scalar(sa.select(sa.func.count()).where(Transition.item_id == item.id))
    sources, target = DESIGN_TABLES[kind][event]
    on = BASE_DAY + timedelta(days=10)
    if state in sources:
        apply(leader, item.id, event, on=on, expected_version=item.version, **_extra(kind, event))
        db.session.commit()
        assert item.state == target
        assert item.version == before_version + 1
        assert db.session.scalar(sa.select(sa.func.count()).where(Transition.item_id == item.id)) \
            == before_transitions + 1
        last = db.session.scalars(sa.select(Transition).where(Transition.item_id == item.id)
                                  .order_by(Transition.id.desc())).first()
        assert (last.event, last.from_state, last.to_state, last.effective_on) == (event, state, target, on)
        assert last.month == on.year * 100 + on.month and last.unit_id == item.unit_id
    else:
        counts = _table_counts()
        with pytest.raises(Conflict):
            apply(leader, item.id, event, on=on, **_extra(kind, event))
        db.session.rollback()
        assert _table_counts() == counts
        refreshed = db.session.get(WorkItem, item.id)
        assert (refreshed.state, refreshed.version) == (state, before_version)


@pytest.mark.parametrize("kind", list(MACHINES))
def test_an_event_of_another_kind_is_refused_clearly(make_item, leader, kind):
    item = make_item(kind)
    with pytest.raises(ValidationError) as err:
        apply(leader, item.id, "explode", on=BASE_DAY)
    assert "explode" in err.value.message
    db.session.rollback()


def test_the_internal_activation_is_not_for_people(make_item, leader):
    plan = make_item(ItemKind.SIP_PLAN)
    with pytest.raises(ValidationError):
        apply(leader, plan.id, "activate", on=BASE_DAY)
    db.session.rollback()
    assert db.session.get(WorkItem, plan.id).state == "initiated"


def test_the_database_refuses_a_state_of_another_kind(make_item):
    item = make_item(ItemKind.REFERRAL)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.update(WorkItem).where(WorkItem.id == item.id).values(state="held"))
        db.session.flush()
    db.session.rollback()

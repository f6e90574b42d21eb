"""Random sequences of events, dates and edits: the state always equals a replay of the history,
and a refused call leaves no trace in any table."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.items.kinds import MACHINES, ItemKind
from caseflow.items.models import Transition, WorkItem
from caseflow.items.services import apply, edit_item
from tests.factories import BASE_DAY

KINDS = [ItemKind.REFERRAL, ItemKind.SUBLEASE_CASE, ItemKind.SIP_MEETING, ItemKind.MEASURE, ItemKind.SIP_PLAN]
ALL_EVENTS = sorted({e.name for m in MACHINES.values() for e in m.events} | {"bogus"})
EDITS = {
    ItemKind.REFERRAL: [("person_ref", "P-EDIT"), ("person_ref", "121212-1212"), ("target", "AMC"),
                        ("target", "NOWHERE"), ("state", "completed")],
    ItemKind.SUBLEASE_CASE: [("registered_at_address", 4), ("registered_at_address", -1),
                             ("double_rent_suspected", True), ("contract_type", "castle")],
    ItemKind.SIP_MEETING: [("mode", "digital"), ("mode", "telepathy"), ("meeting_kind", "multi_party")],
    ItemKind.MEASURE: [("title", "Ny titel"), ("title", ""), ("expected_effect", "Kortare bidragstid")],
    ItemKind.SIP_PLAN: [("person_ref", "P-Z"), ("person_ref", "1"), ("coordinator_id", 999_999)],
}

operation = st.one_of(
    st.tuples(st.just("event"), st.sampled_from(ALL_EVENTS), st.integers(-5, 70),
              st.sampled_from(["current", "stale", None]), st.sampled_from([None, "work", "Skäl", "bad"])),
    st.tuples(st.just("edit"), st.integers(0, 4), st.sampled_from(["current", "stale", None])),
)


def _everything():
    """Every table's row count and the item rows, to prove a refusal changed nothing."""
    counts = {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}
    items = db.session.execute(sa.select(WorkItem.id, WorkItem.state, WorkItem.version, WorkItem.owner_id)
                               .order_by(WorkItem.id)).all()
    return counts, items


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(KINDS), ops=st.lists(operation, max_size=8))
def test_state_is_always_the_replayed_history(make_item, leader, kind, ops):
    item = make_item(kind, on=BASE_DAY)
    item_id, successes = item.id, 0
    for op in ops:
        before = _everything()
        db.session.expire_all()
        current = db.session.get(WorkItem, item_id)
        version_kind = op[3] if op[0] == "event" else op[2]
        version = {"current": current.version, "stale": current.version - 1, None: None}[version_kind]
        try:
            if op[0] == "event":
                _, name, offset, _, extra = op
                apply(leader, item_id, name, on=BASE_DAY + timedelta(days=offset), expected_version=version,
                      reason=extra if extra in ("Skäl", "bad") else None,
                      outcome=extra if extra in ("work", "bad") else None)
            else:
                field, value = EDITS[kind][op[1] % len(EDITS[kind])]
                edit_item(leader, item_id, {field: value}, expected_version=version)
        except ServiceError:
            db.session.rollback()
            assert _everything() == before
        else:
            db.session.commit()
            successes += 1
    db.session.expire_all()
    item = db.session.get(WorkItem, item_id)
    transitions = db.session.scalars(sa.select(Transition).where(Transition.item_id == item_id)
                                     .order_by(Transition.id)).all()
    assert item.state == MACHINES[kind].replay([t.event for t in transitions])
    for earlier, later in zip(transitions, transitions[1:]):
        assert later.from_state == earlier.to_state
        if earlier.event != "create":
            assert later.effective_on >= earlier.effective_on
    assert item.version >= 1 + len(transitions) - 1

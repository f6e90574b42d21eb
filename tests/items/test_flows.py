"""transition_flow, the transitions counted as they are written, always equals a count of the
transitions themselves: after creations and events of every kind, a creation moved to another month
by a corrected own date, and a refused event that rolled back."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.items.flows import rebuild_flows
from caseflow.kinds import ItemKind
from caseflow.items.models import Transition, TransitionFlow
from caseflow.items.services import apply, edit_item
from tests.factories import BASE_DAY

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py


def _recount() -> Counter:
    """Counted from the transitions, in Python."""
    return Counter((t.month, str(t.kind), t.event, t.unit_id, t.from_state or "", t.to_state, t.outcome or "")
                   for t in db.session.scalars(sa.select(Transition)))


def _flows() -> Counter:
    return Counter({(f.month, str(f.kind), f.event, f.unit_id, f.from_state, f.to_state, f.outcome): f.n
                    for f in db.session.scalars(sa.select(TransitionFlow)) if f.n})


def _history(make_item, leader) -> None:
    early = BASE_DAY - timedelta(days=45)
    referral = make_item(ItemKind.REFERRAL, on=early)
    apply(leader, referral.id, "accept", on=early + timedelta(days=2))
    apply(leader, referral.id, "start", on=early + timedelta(days=3))
    apply(leader, referral.id, "complete", on=BASE_DAY, outcome="work")
    make_item(ItemKind.REFERRAL, on=early)
    make_item(ItemKind.SUBLEASE_CASE, on=BASE_DAY)
    plan = make_item(ItemKind.SIP_PLAN, on=early)
    make_item(ItemKind.MEASURE, on=BASE_DAY)
    db.session.commit()
    moved = make_item(ItemKind.REFERRAL, on=BASE_DAY)
    edit_item(leader, moved.id, {"sent_on": BASE_DAY - timedelta(days=35)})  # into an earlier month
    db.session.commit()
    with pytest.raises(ValidationError):
        apply(leader, plan.id, "activate", on=early - timedelta(days=1))
    db.session.rollback()


def test_the_counts_follow_every_write_of_a_transition(make_item, leader):
    _history(make_item, leader)
    recount = _recount()
    assert sum(recount.values()) == 9  # six creations, and three events of the first referral
    assert _flows() == recount
    # The moved creation left its month: its group there counts 0, not a creation that no longer is.
    assert (BASE_DAY.year * 100 + BASE_DAY.month, "referral", "create", leader.unit_id, "", "sent", "") not in _flows()


@pytest.mark.committed
def test_a_rebuild_and_the_migration_count_the_stored_transitions(make_item, leader):
    _history(make_item, leader)
    expected = _recount()
    db.session.execute(sa.delete(TransitionFlow))
    rebuild_flows(200001, 209912)
    db.session.commit()
    assert _flows() == expected
    db.session.remove()
    downgrade(revision="0070")
    upgrade()
    assert _flows() == expected

"""Factories for work items of every kind, made through the services as a caseworker would.

Loaded for every test by the root conftest (``pytest_plugins``): the one place item fixtures live.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.measures.services import create_measure
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from caseflow.sip.services import add_meeting, create_plan
from caseflow.sublease.services import create_sublease_case

#: A day safely in the past, so events can follow on later days that are still not in the future.
BASE_DAY = today_local() - timedelta(days=60)


def _referral(make, actor, unit, n: int, on: date, fields: dict):
    return create_referral(actor, unit=unit, person_ref=f"P{n}", case_ref=f"H{n}", sent_on=on, **fields)


def _sublease_case(make, actor, unit, n: int, on: date, fields: dict):
    return create_sublease_case(actor, unit=unit, case_ref=f"H{n}", applied_on=on,
                                contract_type=fields.pop("contract_type", "sublease"), **fields)


def _sip_plan(make, actor, unit, n: int, on: date, fields: dict):
    return create_plan(actor, unit=unit, person_ref=f"P{n}", case_ref=f"H{n}", initiated_on=on,
                       consent_on=fields.pop("consent_on", on), **fields)


def _sip_meeting(make, actor, unit, n: int, on: date, fields: dict):
    plan = fields.pop("plan", None) or make(ItemKind.SIP_PLAN, on=on, actor=actor)
    return add_meeting(actor, plan.id, scheduled_for=fields.pop("scheduled_for", on),
                       meeting_kind=fields.pop("meeting_kind", "sip"), mode=fields.pop("mode", "in_person"),
                       participants=fields.pop("participants", ["region"]), **fields)


def _measure(make, actor, unit, n: int, on: date, fields: dict):
    return create_measure(actor, unit=unit, plan=fields.pop("plan", "Verksamhetsplan 2026"), number=n,
                          title=fields.pop("title", f"Åtgärd {n}"), start_on=on, **fields)


def _reviewed_caseworker(unit):
    """The caseworker of ``unit`` whose cases the factory's quality reviews review (never their reviewer)."""
    from caseflow.auth.models import User
    username = f"granskad{unit.id}"
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        user = User(username=username, display_name="Gustav Granskad", role=Role.CASEWORKER, unit_id=unit.id,
                    password_hash="!")  # never signs in
        db.session.add(user)
        db.session.flush()
    return user


#: A whole checklist, so a review in state ``in_review`` may be completed.
REVIEW_ANSWERS = {"review_date": None, "planning": True, "payment_error": False, "child_perspective": "partly",
                  "visits": 1, "no_shows": 0, "calls": 2, "note_types_used": True, "housing_above_level": False}


def _quality_review(make, actor, unit, n: int, on: date, fields: dict):
    """A household the reviewed caseworker worked on in ``on``'s month, drawn for review on ``on``, its
    checklist answered already (the factory's shortcut: a reviewer answers it once the review is started)."""
    from caseflow.months import Month
    from caseflow.quality.services import draw
    reviewed = fields.pop("reviewed", None) or _reviewed_caseworker(unit)
    create_referral(actor, unit=unit, person_ref=f"P{n}", case_ref=f"Q{n}", sent_on=on, owner=reviewed,
                    confirm_late=True)
    record = draw(actor, unit=unit, month=Month.of(on), n=1, seed=n, on=on)
    # The draw takes one household of every caseworker who worked that month: the reviewed one's is ours.
    review = next(r for r in record.reviews if r.reviewed_user_id == reviewed.id)
    for name, value in (REVIEW_ANSWERS | {"review_date": on}).items():
        setattr(review, name, value)
    db.session.flush()
    return review


#: How each kind is made: ``factory(make, actor, unit, n, on, fields)``, ``n`` unique in the test.
ITEM_FACTORIES: dict[ItemKind, Callable] = {
    ItemKind.REFERRAL: _referral,
    ItemKind.SUBLEASE_CASE: _sublease_case,
    ItemKind.SIP_PLAN: _sip_plan,
    ItemKind.SIP_MEETING: _sip_meeting,
    ItemKind.MEASURE: _measure,
    ItemKind.QUALITY_REVIEW: _quality_review,
}


@pytest.fixture
def leader(make_user):
    return make_user(Role.UNIT_LEADER, "E6", username="lena")


@pytest.fixture
def caseworker(make_user, leader):
    return make_user(Role.CASEWORKER, "E6", username="sara")


@pytest.fixture
def named(leader, caseworker):
    """Tell the unit's two people apart on the pages."""
    leader.display_name, caseworker.display_name = "Lena Larsson", "Sara Svensson"
    db.session.commit()


@pytest.fixture
def make_item(leader):
    """Create an item of ``kind`` in E6 as the unit leader (who may create every kind)."""
    counter = iter(range(1, 10_000))

    def make(kind: ItemKind, on: date = BASE_DAY, actor=None, **fields):
        # Arranging a test's world: a late registration into a frozen month is confirmed.
        fields.setdefault("confirm_late", True)
        item = ITEM_FACTORIES[ItemKind(kind)](make, actor or leader, leader.unit, next(counter), on, fields)
        db.session.commit()
        return item
    return make

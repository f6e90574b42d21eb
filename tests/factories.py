"""Factories for work items of every kind, made through the services as a caseworker would.

Loaded for every test by the root conftest (``pytest_plugins``): the one place item fixtures live.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

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


#: How each kind is made: ``factory(make, actor, unit, n, on, fields)``, ``n`` unique in the test.
ITEM_FACTORIES: dict[ItemKind, Callable] = {
    ItemKind.REFERRAL: _referral,
    ItemKind.SUBLEASE_CASE: _sublease_case,
    ItemKind.SIP_PLAN: _sip_plan,
    ItemKind.SIP_MEETING: _sip_meeting,
    ItemKind.MEASURE: _measure,
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

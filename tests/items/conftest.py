"""Factories for work items of every kind, made through the services as a caseworker would."""

from __future__ import annotations

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


@pytest.fixture
def leader(make_user):
    return make_user(Role.UNIT_LEADER, "E6", username="lena")


@pytest.fixture
def caseworker(make_user, leader):
    return make_user(Role.CASEWORKER, "E6", username="sara")


@pytest.fixture
def make_item(leader):
    """Create an item of ``kind`` in E6 as the unit leader (who may create every kind)."""
    counter = iter(range(1, 10_000))

    def make(kind: ItemKind, on: date = BASE_DAY, actor=None, **fields):
        actor = actor or leader
        n = next(counter)
        # Arranging a test's world: a late registration into a frozen month is confirmed.
        fields.setdefault("confirm_late", True)
        if kind == ItemKind.REFERRAL:
            item = create_referral(actor, unit=leader.unit, person_ref=f"P{n}", case_ref=f"H{n}", sent_on=on, **fields)
        elif kind == ItemKind.SUBLEASE_CASE:
            item = create_sublease_case(actor, unit=leader.unit, case_ref=f"H{n}", applied_on=on,
                                        contract_type=fields.pop("contract_type", "sublease"), **fields)
        elif kind == ItemKind.SIP_PLAN:
            item = create_plan(actor, unit=leader.unit, person_ref=f"P{n}", case_ref=f"H{n}", initiated_on=on,
                               consent_on=fields.pop("consent_on", on), **fields)
        elif kind == ItemKind.SIP_MEETING:
            plan = fields.pop("plan", None) or make(ItemKind.SIP_PLAN, on=on, actor=actor)
            item = add_meeting(actor, plan.id, scheduled_for=fields.pop("scheduled_for", on),
                               meeting_kind=fields.pop("meeting_kind", "sip"), mode=fields.pop("mode", "in_person"),
                               participants=fields.pop("participants", ["region"]), **fields)
        else:
            item = create_measure(actor, unit=leader.unit, plan=fields.pop("plan", "Verksamhetsplan 2026"),
                                  number=n, title=fields.pop("title", f"Åtgärd {n}"), start_on=on, **fields)
        db.session.commit()
        return item
    return make

"""The referral aggregates of the metric catalog."""

from __future__ import annotations

from sqlalchemy import Select, func, literal, select

from caseflow.items.models import WorkItem
from caseflow.referrals.models import Referral
from caseflow.referrals.states import ReferralState
from caseflow.reports.aggregates import T, transitions_in_month
from caseflow.reports.models import ALL_UNITS
from caseflow.workflow import CREATE

KIND = "referral"
_referral = Referral.__table__
_item = WorkItem.__table__


def sent(first: int, last: int, per_unit: bool) -> Select:
    """Distinct persons with a referral sent in M that is not now rejected (the seeds' "exkl. status avvisad").

    By ``sent_on``, i.e. the creation; the unit at creation. A person referred twice in a month is
    one person; for all units together, one person even if two units referred them.
    """
    unit = T.c.unit_id if per_unit else literal(ALL_UNITS)
    stmt = (select(T.c.month, unit.label("unit_id"), func.count(func.distinct(_referral.c.person_ref)).label("value"))
            .select_from(T)
            .join(_referral, _referral.c.id == T.c.item_id)
            .join(_item, _item.c.id == T.c.item_id)
            .where(T.c.month.between(first, last), T.c.kind == KIND, T.c.event == CREATE,
                   _item.c.state != ReferralState.REJECTED.value)
            .group_by(T.c.month))
    return stmt.group_by(T.c.unit_id) if per_unit else stmt


def rejected(first: int, last: int, per_unit: bool) -> Select:
    """Referrals sent in M that are now rejected (however late the rejection came)."""
    unit = T.c.unit_id if per_unit else literal(ALL_UNITS)
    stmt = (select(T.c.month, unit.label("unit_id"), func.count().label("value"))
            .select_from(T)
            .join(_item, _item.c.id == T.c.item_id)
            .where(T.c.month.between(first, last), T.c.kind == KIND, T.c.event == CREATE,
                   _item.c.state == ReferralState.REJECTED.value)
            .group_by(T.c.month))
    return stmt.group_by(T.c.unit_id) if per_unit else stmt


started = transitions_in_month(KIND, "start")
completed = transitions_in_month(KIND, "complete")


def completed_with(outcome: str):
    """Of the referrals completed in M, those with ``outcome`` (the outcome the transition recorded)."""
    return transitions_in_month(KIND, "complete", T.c.outcome == outcome)

""""Mina ärenden": what needs action today, for one caseworker or leader, in a fixed number of queries.

Referrals waiting for the receiving centre's answer, SIP meetings booked within the week, SIP
follow-ups due and everything of those already late; the reader's own items first, then the
unit's unowned ones. Three queries, each joining its rows' owners.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, case, or_, select
from sqlalchemy.orm import joinedload, lazyload

from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.items.deadlines import DUE_SOON_DAYS, REFERRAL_ANSWER_DAYS, TimeState, time_state
from caseflow.items.models import WorkItem
from caseflow.referrals.models import Referral
from caseflow.referrals.states import ReferralState
from caseflow.sip.models import SipMeeting
from caseflow.sip.states import SipMeetingState, SipPlanState

#: At most this many rows per query: a start page, not a list (the lists page through everything).
#: 100 made the page render up to 400 rows at a city's volume (docs/performance.md).
LIMIT = 25


@dataclass(frozen=True)
class ActionRow:
    item: WorkItem
    #: What is awaited: ``answer`` (a referral), ``meeting`` (booked), ``follow_up`` (after a held meeting).
    need: str
    due_on: date
    light: TimeState
    is_mine: bool
    #: The page to act on: the item's own, or for a follow-up the plan's (where the next meeting is booked).
    target_id: int


@dataclass
class Today:
    late: list[ActionRow] = field(default_factory=list)
    answers: list[ActionRow] = field(default_factory=list)
    meetings: list[ActionRow] = field(default_factory=list)
    follow_ups: list[ActionRow] = field(default_factory=list)
    #: Whether a query hit LIMIT, so the page says the list is cut short.
    truncated: bool = False


def _mine_or_unowned(actor, model) -> Select:
    stmt = visible(actor, model=model).where(or_(model.owner_id == actor.id, model.owner_id.is_(None)))
    return stmt.options(joinedload(model.owner))


def _mine_first(actor, model):
    return case((model.owner_id == actor.id, 0), else_=1)


def _waiting_referrals(actor, today: date) -> Select:
    return (_mine_or_unowned(actor, Referral).where(Referral.state == ReferralState.SENT)
            .order_by(_mine_first(actor, Referral), Referral.sent_on, Referral.id).limit(LIMIT))


def _meetings_this_week(actor, today: date) -> Select:
    # Booked up to a week ahead, and booked in the past but not yet recorded as held or cancelled.
    return (_mine_or_unowned(actor, SipMeeting)
            .where(SipMeeting.state == SipMeetingState.SCHEDULED,
                   SipMeeting.scheduled_for <= today + timedelta(days=DUE_SOON_DAYS))
            .options(lazyload(SipMeeting.participant_codes))
            .order_by(_mine_first(actor, SipMeeting), SipMeeting.scheduled_for, SipMeeting.id).limit(LIMIT))


# The follow-up query's subqueries, built once: new table aliases per request cost more than the query.
# Correlated on the meeting's plan: an uncorrelated ``IN (open plans)`` read every plan of every unit.
_plan_item = WorkItem.__table__.alias("plan_item")
_PLAN_OPEN = (select(_plan_item.c.id)
              .where(_plan_item.c.id == SipMeeting.plan_id,
                     _plan_item.c.state.in_([SipPlanState.INITIATED.value, SipPlanState.ACTIVE.value]))
              .exists())
_later, _later_item = SipMeeting.__table__.alias("later"), WorkItem.__table__.alias("later_item")
_NEXT_BOOKED = (select(_later.c.id).select_from(_later.join(_later_item, _later_item.c.id == _later.c.id))
                .where(_later.c.plan_id == SipMeeting.plan_id, _later.c.scheduled_for > SipMeeting.scheduled_for,
                       _later_item.c.state != SipMeetingState.CANCELLED.value)
                .exists())


def _follow_ups_due(actor, today: date) -> Select:
    """Held meetings of open plans whose follow-up is due within the week and not yet booked."""
    return (_mine_or_unowned(actor, SipMeeting)
            .where(SipMeeting.state == SipMeetingState.HELD, SipMeeting.next_follow_up_on.is_not(None),
                   SipMeeting.next_follow_up_on <= today + timedelta(days=DUE_SOON_DAYS),
                   _PLAN_OPEN, ~_NEXT_BOOKED)
            .options(lazyload(SipMeeting.participant_codes))
            .order_by(_mine_first(actor, SipMeeting), SipMeeting.next_follow_up_on, SipMeeting.id).limit(LIMIT))


def todays_work(actor, today: date) -> Today:
    """The reader's start page: each row with its due date and traffic light; late rows gathered first."""
    result = Today()

    def add(rows: list, need: str, due, target, section: list) -> None:
        result.truncated = result.truncated or len(rows) == LIMIT
        for item in rows:
            due_on = due(item)
            row = ActionRow(item, need, due_on, time_state(due_on, today), item.owner_id == actor.id, target(item))
            (result.late if row.light is TimeState.LATE else section).append(row)

    add(list(db.session.scalars(_waiting_referrals(actor, today))), "answer",
        lambda r: r.sent_on + timedelta(days=REFERRAL_ANSWER_DAYS), lambda r: r.id, result.answers)
    add(list(db.session.scalars(_meetings_this_week(actor, today))), "meeting",
        lambda m: m.scheduled_for, lambda m: m.id, result.meetings)
    add(list(db.session.scalars(_follow_ups_due(actor, today))), "follow_up",
        lambda m: m.next_follow_up_on, lambda m: m.plan_id, result.follow_ups)
    result.late.sort(key=lambda row: (not row.is_mine, row.due_on, row.item.id))
    return result

"""A realistic year of work items for the demo units, in the proportions of the seed reports.

Seed 000 has about 295 referrals a month for a city of 3 700 households and a new sublease
rejection every month or two; seed 004's unit 6 holds about 15 SIP meetings a month; seed 003's
action plan has ten measures followed up monthly. One demo unit is about a tenth of that city.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.models import WorkItem
from caseflow.items.services import apply
from caseflow.measures.services import create_measure, write_note
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.quality.services import draw, save_review
from caseflow.referrals.services import create_referral
from caseflow.sip.services import add_meeting, create_plan
from caseflow.sublease.services import create_sublease_case, record_kir_check
from caseflow.units.models import Unit

REFERRALS_PER_MONTH = 25
SIP_MEETINGS_PER_MONTH = 15
MEASURES = [
    "Tidiga anvisningar från mottagningen till AMC",
    "Minska kostnader för tillfälligt boende",
    "Effektivisera mottagandet av nyanlända",
    "Effektivisera handläggningsprocesser för ekonomiskt bistånd",
    "Relevanta insatser i rätt omfattning för målgrupperna",
    "Samverkan med Region och Försäkringskassan kring ohälsa",
]
BARRIERS = ["ARBETSLOS"] * 5 + ["SJUKSKRIVEN"] * 3 + ["SOCIALA"] * 2 + ["ETABLERING", "OTILLRACKLIG", "OVRIGA"]


def _day_in(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def load_demo_items(seed: int = 2020) -> int:
    """Fill each demo unit that has no items yet with a year of work; returns how many items were made."""
    rng = random.Random(seed)
    today = today_local()
    start = date(today.year - 1, today.month, 1)
    made = 0
    for unit in db.session.scalars(select(Unit).where(Unit.code.in_(["E6", "E2"])).order_by(Unit.code)):
        if db.session.scalar(select(func.count()).select_from(WorkItem).where(WorkItem.unit_id == unit.id)):
            continue
        staff = list(db.session.scalars(select(User).where(User.unit_id == unit.id, User.is_active.is_(True))
                                        .order_by(User.username)))
        leader = next((u for u in staff if u.role == Role.UNIT_LEADER), None)
        workers = [u for u in staff if u.role == Role.CASEWORKER] or staff
        if not workers:
            continue
        made += _referrals(rng, unit, workers, start, today)
        made += _waiting_too_long(rng, unit, workers, today)
        made += _sublease(rng, unit, workers, start, today)
        if unit.code == "E6":  # the unit with the SIP coordinator (seed 004)
            made += _sip(rng, unit, workers, start, today)
        if leader is not None:
            made += _measures(rng, unit, leader, start, today)
            made += _quality_reviews(rng, unit, leader, today)
    return made


def _quality_reviews(rng, unit, leader, today) -> int:
    """Seed 001's quality review: the sample of the month before last, drawn at the start of last month
    (two households per caseworker); the leader reviews one of a caseworker's and starts on another."""
    last_month = Month.of(today).previous
    record = draw(leader, unit=unit, month=last_month.previous, n=2, seed=rng.randrange(2**31),
                  on=last_month.first_day)
    others = [review for review in record.reviews if review.reviewed_user_id != leader.id]
    for number, review in enumerate(others[:2]):
        apply(leader, review.id, "start", on=last_month.first_day + timedelta(days=3))
        save_review(leader, review.id, {
            "review_date": last_month.first_day + timedelta(days=3), "planning": True, "payment_error": False,
            "child_perspective": "partly", "visits": 2, "no_shows": 1, "calls": 3, "note_types_used": True,
            "housing_above_level": bool(number), "housing_measures_taken": bool(number) or None,
            "documentation_comment": "Journalen är tydlig; planeringen följs upp."})
        if number == 0:
            apply(leader, review.id, "complete", on=last_month.first_day + timedelta(days=9))
    return len(record.reviews)


def _referrals(rng, unit, workers, start, today) -> int:
    n = 0
    for month_start in _months(start, today):
        month_end = min(Month.of(month_start).last_day, today)
        for _ in range(rng.randint(REFERRALS_PER_MONTH - 8, REFERRALS_PER_MONTH + 8)):
            worker = rng.choice(workers)
            sent = _day_in(rng, month_start, month_end)
            person = f"P{rng.randint(1000, 9999)}"  # some people are referred twice, as in life
            item = create_referral(worker, unit=unit, person_ref=person, case_ref=f"H{rng.randint(100, 999)}",
                                   sent_on=sent, barrier_group=rng.choice(BARRIERS), owner=worker)
            n += 1
            _answer(rng, worker, item, sent, today)
    return n


def _waiting_too_long(rng, unit, workers, today) -> int:
    """What a unit leader follows up (issue 19): for each caseworker a referral whose answer is late, and
    one accepted three weeks ago but not started."""
    n = 0
    for worker in workers:
        create_referral(worker, unit=unit, person_ref=f"P{rng.randint(1000, 9999)}",
                        case_ref=f"H{rng.randint(100, 999)}", sent_on=today - timedelta(days=rng.randint(16, 25)),
                        barrier_group=rng.choice(BARRIERS), owner=worker)
        waiting = create_referral(worker, unit=unit, person_ref=f"P{rng.randint(1000, 9999)}",
                                  case_ref=f"H{rng.randint(100, 999)}", sent_on=today - timedelta(days=30),
                                  barrier_group=rng.choice(BARRIERS), owner=worker)
        apply(worker, waiting.id, "accept", on=today - timedelta(days=rng.randint(18, 25)))
        n += 2
    return n


def _answer(rng, worker, item, sent, today) -> None:
    """UJC answers within a few weeks: only recent referrals still wait; most start, many complete."""
    answered_on = sent + timedelta(days=rng.randint(2, 12))
    if answered_on > today:
        return
    if rng.random() < 0.1:
        apply(worker, item.id, "reject", on=answered_on, reason="Bedöms inte aktuell för insats")
        return
    apply(worker, item.id, "accept", on=answered_on)
    day = answered_on
    for event, chance in (("start", 0.85), ("complete", 0.6)):
        day = day + timedelta(days=rng.randint(5, 40))
        if day > today:
            return
        if rng.random() > chance:
            if event == "start":  # never started: withdrawn, rather than left accepted for a year
                apply(worker, item.id, "withdraw", on=day)
            return
        outcome = rng.choice(["work", "studies", "work", "other_support", "dropped_out"]) if event == "complete" else None
        apply(worker, item.id, event, on=day, outcome=outcome)


def _sublease(rng, unit, workers, start, today) -> int:
    n = 0
    for month_start in _months(start, today):
        for _ in range(rng.choice([0, 1, 1, 2])):
            worker = rng.choice(workers)
            applied = _day_in(rng, month_start, min(Month.of(month_start).last_day, today))
            case = create_sublease_case(worker, unit=unit, case_ref=f"H{rng.randint(100, 999)}", applied_on=applied,
                                        contract_type=rng.choice(["sublease", "sublease", "lodger"]), owner=worker)
            n += 1
            checked = min(applied + timedelta(days=2), today)
            record_kir_check(worker, case.id, checked_on=checked, registered_at_address=rng.randint(1, 9),
                             double_rent_suspected=rng.random() < 0.2)
            decided = min(checked + timedelta(days=rng.randint(3, 12)), today)
            apply(worker, case.id, "reject" if rng.random() < 0.7 else "approve", on=decided)
            if case.state == "rejected" and rng.random() < 0.2:
                appealed = min(decided + timedelta(days=10), today)
                apply(worker, case.id, "appeal", on=appealed)
    return n


def _sip(rng, unit, workers, start, today) -> int:
    coordinator, n, plans = workers[0], 0, []
    for month_start in _months(start, today):
        month_end = min(Month.of(month_start).last_day, today)
        for _ in range(3):
            initiated = _day_in(rng, month_start, month_end)
            plans.append(create_plan(coordinator, unit=unit, person_ref=f"P{rng.randint(1000, 9999)}",
                                     case_ref=f"H{rng.randint(100, 999)}", initiated_on=initiated,
                                     consent_on=initiated, coordinator_id=coordinator.id, owner=coordinator))
            n += 1
        open_plans = [p for p in plans if p.state != "closed"]
        for _ in range(SIP_MEETINGS_PER_MONTH):
            plan = rng.choice(open_plans)
            day = _day_in(rng, max(month_start, plan.initiated_on), month_end)
            meeting = add_meeting(coordinator, plan.id, scheduled_for=day, next_follow_up_on=day + timedelta(days=42),
                                  **_meeting(rng, n))
            n += 1
            apply(coordinator, meeting.id, "hold" if rng.random() < 0.9 else "cancel", on=day)
        for plan in rng.sample(open_plans, k=min(2, len(open_plans))):
            if plan.state == "active":
                apply(coordinator, plan.id, "close", on=month_end)
    return n + _meetings_ahead(rng, coordinator, [p for p in plans if p.state != "closed"], today)


def _meetings_ahead(rng, coordinator, open_plans, today) -> int:
    """Meetings booked in the coming three weeks for about half the open plans, so the week views and the
    start pages have something ahead of them (the rest wait for their follow-up to be booked)."""
    n = 0
    for plan in rng.sample(open_plans, k=len(open_plans) // 2):
        scheduled_for = today + timedelta(days=rng.randint(1, 21))
        add_meeting(coordinator, plan.id, scheduled_for=scheduled_for, **_meeting(rng, n))
        n += 1
    return n


def _meeting(rng, n: int) -> dict:
    """A meeting's kind, mode and parties, drawn in this order (the demo's data depend on it), and its planning."""
    meeting_kind, mode = rng.choice(["sip", "sip", "multi_party"]), rng.choice(["in_person", "digital"])
    participants = rng.sample(["region", "forsakringskassan", "arbetsformedlingen"], rng.randint(1, 3))
    return {"meeting_kind": meeting_kind, "mode": mode, "participants": participants, **_planning(n, mode)}


def _planning(n: int, mode: str) -> dict:
    """A meeting's time, length and place or link, from its running number: no draw of the random
    generator, so the demo's other data stay as they were."""
    where = {"place": "Socialkontoret, mötesrum Ekan"} if mode == "in_person" else \
        {"video_link": "https://meet.example.se/sip"}
    return {"start_time": time(9 + n % 6, 30 * (n % 2)), "duration_minutes": 60 + 30 * (n % 2), **where}


def _measures(rng, unit, leader, start, today) -> int:
    plan = f"Verksamhetsplan {start.year}"
    n = 0
    for number, title in enumerate(MEASURES, start=1):
        measure = create_measure(leader, unit=unit, plan=f"{plan} {unit.code}", number=number, title=title,
                                 start_on=start, responsible_id=leader.id,
                                 expected_effect="Kortare tid i bidragsberoende")
        n += 1
        apply(leader, measure.id, "start", on=start + timedelta(days=number))
        if number == 1:
            apply(leader, measure.id, "pause", on=start + timedelta(days=200))  # seed 003's paused measure
        for month_start in _months(start, today):
            if month_start.month != today.month or month_start.year != today.year:  # this month's note is due
                write_note(leader, measure.id, Month.of(month_start),
                           f"{title}: arbetet fortskrider enligt plan.")
    return n


def _months(first: date, last: date):
    current = first.replace(day=1)
    while current <= last:
        yield current
        current = (current + timedelta(days=32)).replace(day=1)



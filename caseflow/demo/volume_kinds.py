"""One unit's month of work for ``demo-data --households``: each kind's items and their lives, and the checks.

The proportions are the seeds' per 3 700 households a month (``caseflow.demo.volume``); the lives
follow ``caseflow/demo/items.py``, which makes the small demo through the services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _

from caseflow.demo.items import MEASURES
from caseflow.demo.volume_rows import ItemLife, Rows
from caseflow.months import Month

#: Persons in a household (1 to 6): seed 000 checks 8 737 individuals in 3 713 households, 2.35 each.
HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS = (1, 2, 3, 4, 5, 6), (35, 27, 18, 11, 6, 3)
#: Seed 000: 16 783 of 27 631 lookups by the robot.
ROBOT_SHARE = 16_783 / 27_631
REJECT_REASON = "Bedöms inte aktuell för insats"
NOTE_TEXTS = ("arbetet fortskrider enligt plan.", "försenat, ny tidplan tas fram.",
              "uppföljning med enheterna genomförd.", "inväntar beslut om resurser.")


@dataclass
class Plan:
    """A SIP plan still in the unit's pool: its item and what the months ahead hold for it."""

    life: ItemLife
    person_ref: str
    initiated_on: date
    coordinator_id: int
    consent_on: date | None
    consent_withdrawn_on: date | None = None
    #: Meetings still to book before the plan is done.
    remaining: int = 1
    last_meeting_on: date | None = None
    #: A meeting is booked for a day after the horizon.
    waiting: bool = False
    inserted: bool = False

    def row(self) -> tuple:
        return (self.life.id, self.person_ref, self.initiated_on, self.coordinator_id, self.consent_on,
                self.consent_withdrawn_on)


@dataclass
class UnitWork:
    """A unit, its households and staff, and the SIP plans it carries from month to month."""

    unit_id: int
    code: str
    first_household: int
    sizes: list[int]
    caseworkers: list[int]
    leader_id: int
    #: The unit's SIP coordinator (seed 004: one per unit holds the SIP meetings).
    coordinator_id: int
    plans: list[Plan] = field(default_factory=list)
    touched: dict[int, Plan] = field(default_factory=dict)

    def household(self, rng: random.Random) -> tuple[str, int]:
        """A household of the unit: its case reference and its index."""
        index = int(rng.random() * len(self.sizes))
        return f"H{self.first_household + index:07d}", index

    def person(self, rng: random.Random) -> tuple[str, str]:
        """A person of a household: (case_ref, person_ref)."""
        case_ref, index = self.household(rng)
        return case_ref, f"P{self.first_household + index:07d}{rng.randint(1, self.sizes[index])}"


@dataclass
class Codes:
    """The reference data's active codes (read once), weighted where the seeds say how often."""

    targets: list[str]
    target_weights: list[int]
    barriers: list[str]
    outcomes: list[str]
    outcome_weights: list[int]
    participants: list[str]


@dataclass
class MonthContext:
    rng: random.Random
    rows: Rows
    codes: Codes
    first: date
    #: The last day events may fall on this month: its end, or the horizon within it.
    last: date
    #: The calendar end of the month (a meeting may be booked for a day after the horizon).
    end: date

    def day(self, first: date | None = None, last: date | None = None) -> date:
        first, last = first or self.first, last or self.last
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def after(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=self.rng.randint(low, high))


def how_many(rng: random.Random, expected: float) -> int:
    """``expected`` rounded up or down at random, so sums over units and months keep the rate."""
    whole = int(expected)
    return whole + (rng.random() < expected - whole)


def referrals(ctx: MonthContext, unit: UnitWork, count: int) -> None:
    """Referrals to UJC and their answers: accepted, started and completed with an outcome, or rejected."""
    rng, rows, codes = ctx.rng, ctx.rows, ctx.codes
    for _ in range(count):
        owner = rng.choice(unit.caseworkers)
        case_ref, person_ref = unit.person(rng)
        sent = ctx.day()
        item = ItemLife(rows, "referral", unit_id=unit.unit_id, owner_id=owner, case_ref=case_ref,
                        opened_on=sent, actor_id=owner)
        rows.add("referral", (item.id, person_ref, sent, rng.choices(codes.targets, codes.target_weights)[0],
                              rng.choice(codes.barriers)))
        _referral_answers(ctx, item, sent, owner)
        rows.add("work_item", item.row())


def _referral_answers(ctx: MonthContext, item: ItemLife, sent: date, owner: int) -> None:
    day = ctx.after(sent, 2, 12)
    if not item.can(day) or _turned_away(ctx, item, day, owner, rejected=0.10, withdrawn=0.13):
        return
    item.event("accept", day, owner)
    day = ctx.after(day, 5, 40)
    if not item.can(day) or _turned_away(ctx, item, day, owner, rejected=0.05, withdrawn=0.12):
        return
    item.event("start", day, owner)
    day = ctx.after(day, 30, 180)
    if item.can(day):
        item.event("complete", day, owner, outcome=ctx.rng.choices(ctx.codes.outcomes, ctx.codes.outcome_weights)[0])


def _turned_away(ctx: MonthContext, item: ItemLife, day: date, owner: int, *, rejected: float,
                 withdrawn: float) -> bool:
    """One draw: the referral is rejected below ``rejected``, withdrawn below ``withdrawn`` (cumulative)."""
    draw = ctx.rng.random()
    if draw < rejected:
        item.event("reject", day, owner, reason=REJECT_REASON)
    elif draw < withdrawn:
        item.event("withdraw", day, owner)
    else:
        return False
    return True


def sublease_cases(ctx: MonthContext, unit: UnitWork, count: int) -> None:
    """Sublease applications: a KIR check for most, then rejected or approved; a few rejections appealed."""
    rng, rows = ctx.rng, ctx.rows
    for _ in range(count):
        owner = rng.choice(unit.caseworkers)
        case_ref, _index = unit.household(rng)
        applied = ctx.day()
        item = ItemLife(rows, "sublease_case", unit_id=unit.unit_id, owner_id=owner, case_ref=case_ref,
                        opened_on=applied, actor_id=owner)
        kir_on, registered, double_rent = None, None, False
        decided = ctx.after(applied, 3, 15)
        if rng.random() < 0.6:
            checked = ctx.after(applied, 1, 5)
            if checked <= rows.clock.horizon:
                kir_on, registered, double_rent = checked, rng.randint(1, 9), rng.random() < 0.2
                item.edit(checked)
                decided = ctx.after(checked, 2, 12)
        rows.add("sublease_case", (item.id, applied, rng.choice(("sublease", "sublease", "lodger")), kir_on,
                                   registered, double_rent))
        if item.can(decided):
            item.event("reject" if rng.random() < 0.7 else "approve", decided, owner)
            appealed = ctx.after(decided, 5, 20)
            if item.state == "rejected" and rng.random() < 0.15 and item.can(appealed):
                item.event("appeal", appealed, owner)
                settled = ctx.after(appealed, 20, 60)
                if item.can(settled):
                    item.event("uphold" if rng.random() < 0.7 else "overturn", settled, owner)
        rows.add("work_item", item.row())


def sip(ctx: MonthContext, unit: UnitWork, new_plans: int, meetings: int) -> None:
    """New SIP plans, the month's meetings spread over the open plans with consent, and plans closed.

    A plan gets at most one meeting a month; when too few plans can meet, new ones are initiated
    (so the first month already holds its share of meetings).
    """
    rng = ctx.rng
    for _ in range(new_plans):
        _new_plan(ctx, unit, ctx.day())
    pool = [p for p in unit.plans if p.consent_on is not None and p.consent_on <= ctx.last]
    rng.shuffle(pool)
    chosen = pool[:meetings]
    while len(chosen) < meetings and ctx.first <= ctx.last:
        plan = _new_plan(ctx, unit, ctx.day(ctx.first, max(ctx.first, ctx.last - timedelta(days=7))),
                         consent=True)
        chosen.append(plan)
    for plan in chosen:
        _meeting(ctx, unit, plan)
    for plan in pool[meetings:]:
        if rng.random() < 0.03:
            _withdraw_consent(ctx, unit, plan)
    for plan in [p for p in unit.plans if p.remaining <= 0]:
        unit.plans.remove(plan)
        if plan.waiting or plan.last_meeting_on is None:
            continue  # its last meeting lies after the horizon
        closed = ctx.after(plan.last_meeting_on, 0, 20)
        if plan.life.can(closed):
            plan.life.event("close", closed, plan.coordinator_id)
            unit.touched[plan.life.id] = plan


def _new_plan(ctx: MonthContext, unit: UnitWork, initiated: date, consent: bool = False) -> Plan:
    rng, rows = ctx.rng, ctx.rows
    case_ref, person_ref = unit.person(rng)
    coordinator = unit.coordinator_id
    life = ItemLife(rows, "sip_plan", unit_id=unit.unit_id, owner_id=coordinator, case_ref=case_ref,
                    opened_on=initiated, actor_id=coordinator)
    plan = Plan(life, person_ref, initiated, coordinator, consent_on=initiated, remaining=rng.randint(1, 4))
    if not consent and rng.random() < 0.2:  # consent recorded a few days later, by an edit
        given = ctx.after(initiated, 2, 14)
        plan.consent_on = given if given <= rows.clock.horizon else None
        if plan.consent_on:
            life.edit(given)
    unit.plans.append(plan)
    unit.touched[life.id] = plan
    return plan


def _meeting(ctx: MonthContext, unit: UnitWork, plan: Plan) -> None:
    """Book a meeting of the plan in this month; hold it (the plan's first activates it) or cancel it."""
    rng, rows, horizon = ctx.rng, ctx.rows, ctx.rows.clock.horizon
    earliest = max(ctx.first, plan.initiated_on, plan.consent_on, plan.life.last_on or ctx.first)
    scheduled = ctx.day(earliest, max(earliest, ctx.end))
    booked = min(max(plan.initiated_on, scheduled - timedelta(days=rng.randint(5, 25))), horizon)
    coordinator = plan.coordinator_id
    # Booked ahead: the creation is effective the day it is entered (FUTURE_OWN_DATE), never late.
    meeting = ItemLife(rows, "sip_meeting", unit_id=unit.unit_id, owner_id=plan.life.owner_id,
                       case_ref=plan.life.case_ref, opened_on=booked, actor_id=coordinator, on_time=True)
    follow_up = scheduled + timedelta(days=42) if rng.random() < 0.8 else None
    rows.add("sip_meeting", (meeting.id, plan.life.id, scheduled, rng.choice(("sip", "sip", "multi_party")),
                             rng.choice(("in_person", "digital")), follow_up))
    for code in sorted(rng.sample(ctx.codes.participants, rng.randint(1, min(3, len(ctx.codes.participants))))):
        rows.add("sip_meeting_participant", (meeting.id, code))
    unit.touched[plan.life.id] = plan
    plan.remaining -= 1
    if scheduled > horizon:
        plan.waiting = True  # booked for a day after the horizon: still scheduled
    elif rng.random() < 0.9:
        at = meeting.event("hold", scheduled, coordinator)
        if plan.life.state == "initiated":  # the meeting's after_event: one flush writes both
            plan.life.event("activate", scheduled, coordinator, at=at)
        plan.last_meeting_on = scheduled
    else:
        meeting.event("cancel", ctx.day(booked, scheduled), coordinator)
        plan.remaining += 1  # to be booked again
    rows.add("work_item", meeting.row())


def _withdraw_consent(ctx: MonthContext, unit: UnitWork, plan: Plan) -> None:
    """The person withdraws consent: recorded, and the plan closed the same day (two flushes)."""
    on = ctx.day(max(ctx.first, plan.consent_on, plan.life.last_on or ctx.first), ctx.last)
    if not plan.life.can(on) or on < plan.consent_on:
        return
    plan.consent_withdrawn_on = on
    plan.life.event("close", on, plan.coordinator_id, note=_("Consent withdrawn."), flushes=2)
    unit.plans.remove(plan)
    unit.touched[plan.life.id] = plan


def measures(ctx: MonthContext, unit: UnitWork, count: int, plan_number) -> None:
    """Action-plan measures of the unit's plan for the year, their course, and the leader's monthly notes.

    ``plan_number(unit, day)`` gives the action plan's id and the measure's number in it.
    """
    rng, rows, horizon = ctx.rng, ctx.rows, ctx.rows.clock.horizon
    leader = unit.leader_id
    for _ in range(count):
        created = ctx.day()
        plan_id, number = plan_number(unit, created)
        start_on = ctx.after(created, 0, 30)
        title = MEASURES[(number - 1) % len(MEASURES)]
        item = ItemLife(rows, "measure", unit_id=unit.unit_id, owner_id=leader, case_ref=None,
                        opened_on=min(start_on, created), actor_id=leader, on_time=True)
        rows.add("measure", (item.id, plan_id, number, title, leader, start_on, "Kortare tid i bidragsberoende"))
        history = _measure_course(ctx, item, start_on, leader)
        rows.add("work_item", item.row())
        for month in Month.range(Month.of(created), Month.of(horizon)):
            end = Month(month).last_day
            written = end - timedelta(days=rng.randint(0, 6))
            state = next((s for on, s in reversed(history) if on <= end), "planned")
            if state in ("completed", "cancelled") or written > horizon or rng.random() < 0.1:
                continue  # closed, not yet due, or the note is missing (the report flags it)
            at = rows.clock.at(max(written, created))
            rows.add("measure_note", (rows.new_id("measure_note"), item.id, month,
                                      f"{title}: {rng.choice(NOTE_TEXTS)}", leader, at, at, 1))


def _measure_course(ctx: MonthContext, item: ItemLife, start_on: date, leader: int) -> list[tuple[date, str]]:
    """Started on its start date; now and then paused (seed 003) and resumed; completed or cancelled."""
    rng = ctx.rng
    history: list[tuple[date, str]] = []

    def apply(name: str, on: date) -> bool:
        if not item.can(on):
            return False
        item.event(name, on, leader)
        history.append((on, item.state))
        return True

    if rng.random() < 0.05:
        apply("cancel", ctx.after(start_on, 0, 20))
        return history
    if not apply("start", start_on):
        return history
    day = start_on
    if rng.random() < 0.15:
        day = ctx.after(day, 60, 200)
        if not apply("pause", day):
            return history
        day = ctx.after(day, 30, 120)
        if rng.random() < 0.4 or not apply("resume", day):
            return history
    day = ctx.after(day, 180, 500)
    apply("complete" if rng.random() < 0.92 else "cancel", day)
    return history


def checks(ctx: MonthContext, unit: UnitWork, count: int) -> None:
    """SSBTEK lookups of the unit's households: the robot's posted in one batch a day, the caseworkers' one by one."""
    rng, rows, clock = ctx.rng, ctx.rows, ctx.rows.clock
    days = [ctx.first + timedelta(days=n) for n in range((ctx.last - ctx.first).days + 1)]
    robot_at = [clock.at(day, 18, 18.5) for day in days]
    month = Month.of(ctx.first)
    sizes, first, table = unit.sizes, unit.first_household, rows.tables["control_check"]
    next_id = rows.next_ids["control_check"]
    random_ = rng.random
    for n in range(count):
        index = int(random_() * len(sizes))
        d = int(random_() * len(days))
        if random_() < ROBOT_SHARE:
            actor, at = "robot", robot_at[d]
        else:
            actor, at = "caseworker", clock.at(days[d])
        table.append((next_id + n, f"H{first + index:07d}", days[d], month, actor, sizes[index], unit.unit_id, at))
    rows.next_ids["control_check"] = next_id + count

"""Demo data at volume (``flask demo-data --households N --from --to``): months of work in the seeds' proportions.

Per 3 700 households a month (seed 000's city): about 300 referrals, 2 sublease rejections, 15 SIP
meetings held, an action-plan measure, and 27 000 control checks. Households are spread over units
of about 500, each with caseworkers enough for some 60 open items each. Rows are written in bulk
month by month, ids assigned here, each one what the services would have written
(``caseflow/demo/volume_rows.py``); only the audit log gets one summary row instead of one per change.
"""

from __future__ import annotations

import random
import secrets
from datetime import UTC, date, timedelta

from sqlalchemy import func, select

from caseflow.audit.services import record_change
from caseflow.auth.models import User
from caseflow.auth.passwords import hash_password
from caseflow.auth.services import user_snapshot
from caseflow.db import today_local
from caseflow.demo.people import load_demo_data
from caseflow.demo.volume_kinds import (HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS, Codes, MonthContext, UnitWork,
                                        checks, how_many, measures, referrals, sip, sublease_cases)
from caseflow.demo.volume_rows import TABLES, Clock, Rows, Writer, max_ids
from caseflow.extensions import db
from caseflow.items.flows import rebuild_flows
from caseflow.measures.models import ActionPlan, Measure
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.reference.models import BarrierReason, ReferralOutcome, ReferralTarget, SipParticipant
from caseflow.reference.services import ref_problem
from caseflow.reports.dirty import mark_months_dirty
from caseflow.reports.sources import ALL_SOURCES
from caseflow.units.models import Unit
from caseflow.units.services import create_unit

#: The seeds' city: the rates below are per this many households a month.
SEED_HOUSEHOLDS = 3_700
REFERRALS_PER_MONTH = 300
#: Seed 000: two new sublease rejections a month; about 70 % of the cases examined are rejected.
SUBLEASE_CASES_PER_MONTH = 2 / 0.7
#: Seed 004: 15 SIP meetings held a month; one booked in ten is cancelled.
SIP_MEETINGS_PER_MONTH = 15 / 0.9
SIP_PLANS_PER_MONTH = 6
MEASURES_PER_MONTH = 1
CHECKS_PER_HOUSEHOLD = 27_000 / 3_700
#: Work items created per household per month on average (control checks are not items).
ITEMS_PER_HOUSEHOLD_MONTH: float = (REFERRALS_PER_MONTH + SUBLEASE_CASES_PER_MONTH + SIP_MEETINGS_PER_MONTH
                                    + SIP_PLANS_PER_MONTH + MEASURES_PER_MONTH) / SEED_HOUSEHOLDS
HOUSEHOLDS_PER_UNIT = 500
#: A referral stays open about three and a half months on average (answer, start, months of activity;
#: a quarter end at the answer), so this many items are open at a time (measured at 1 000 000 items).
OPEN_ITEMS_PER_HOUSEHOLD = REFERRALS_PER_MONTH * 3.5 / SEED_HOUSEHOLDS
OPEN_ITEMS_PER_CASEWORKER = 60
#: The demo units come first, with their demo caseworkers (``caseflow.demo``).
DEMO_UNIT_STAFF = {"E6": ("handlaggare", "enhetschef"), "E2": ("handlaggare2", None)}
#: How often each referral target and outcome is chosen; codes not named here get weight 1.
TARGET_WEIGHTS = {"UJC": 16, "AMC": 3, "JOBBCENTRUM": 1}
OUTCOME_WEIGHTS = {"work": 35, "studies": 20, "other_support": 20, "dropped_out": 25}


def generate_volume(households: int, first: int, last: int, *, seed: int = 2020,
                    checks_per_household: float = CHECKS_PER_HOUSEHOLD) -> dict[str, int]:
    """Add ``households``' worth of work items and checks for the months ``first`` to ``last`` (``202411``).

    Creates the demo units and users, and as many more units and staff as the households need.
    Events fall on or before the horizon: the end of ``last``, or yesterday in the current month.
    Flushes only; the caller commits. Returns the rows inserted per table.
    """
    if households < 1 or first > last:
        raise ValueError("households >= 1 and first <= last")
    horizon = min(Month(last).last_day, today_local() - timedelta(days=1))
    rng = random.Random(seed)
    # Write first: on SQLite that takes the database's write lock before the ids are read.
    mark_months_dirty(Month.range(first, max(last, Month.current())), *ALL_SOURCES)
    load_demo_data()
    _check_refs()
    units = _units_and_staff(households, rng)
    writer = Writer()
    writer.lock()
    rows = Rows(max_ids(), Clock(rng, horizon))
    codes = _codes()
    plan_number = _ActionPlans(rows.clock)
    totals = dict.fromkeys(TABLES, 0)
    for month in Month.range(first, last):
        month_first = Month(month).first_day
        if month_first > horizon:
            break
        end = Month.of(month_first).last_day
        ctx = MonthContext(rng, rows, codes, month_first, min(end, horizon), end)
        share = ((ctx.last - month_first).days + 1) / ((end - month_first).days + 1)
        for unit in units:
            scale = len(unit.sizes) / SEED_HOUSEHOLDS * share
            referrals(ctx, unit, how_many(rng, REFERRALS_PER_MONTH * scale))
            sublease_cases(ctx, unit, how_many(rng, SUBLEASE_CASES_PER_MONTH * scale))
            sip(ctx, unit, how_many(rng, SIP_PLANS_PER_MONTH * scale), how_many(rng, SIP_MEETINGS_PER_MONTH * scale))
            measures(ctx, unit, how_many(rng, MEASURES_PER_MONTH * scale), plan_number)
            checks(ctx, unit, how_many(rng, checks_per_household * len(unit.sizes) * share))
            _plans_touched(rows, unit)
        writer.insert(rows)
        for name, count in rows.counts().items():
            totals[name] += count
        rows.clear()
    writer.finish()
    rebuild_flows(first, max(last, Month.current()))
    record_change("demo.volume", "work_item", None, after={
        "households": households, "from": first, "to": last, "seed": seed,
        "rows": {name: count for name, count in totals.items() if count}})
    db.session.flush()
    return totals


def _check_refs() -> None:
    """The generated references must fit the admin's patterns, or nothing is generated."""
    for field, sample in (("case_ref", "H0000001"), ("person_ref", "P00000011")):
        if problem := ref_problem(field, sample):
            raise ValueError(f"The {field} pattern refuses generated references like {sample}: {problem}")


def _codes() -> Codes:
    def active(model) -> list[str]:
        return list(db.session.scalars(select(model.code).where(model.is_active.is_(True))
                                       .order_by(model.sort_order, model.code)))
    targets, outcomes = active(ReferralTarget), active(ReferralOutcome)
    return Codes(targets, [TARGET_WEIGHTS.get(c, 1) for c in targets], active(BarrierReason),
                 outcomes, [OUTCOME_WEIGHTS.get(c, 1) for c in outcomes], active(SipParticipant))


def _units_and_staff(households: int, rng: random.Random) -> list[UnitWork]:
    """Units of about 500 households (E6 and E2 first), each with a leader and its caseworkers.

    Bulk staff share one Argon2 hash of a random password nobody keeps: they cannot sign in, and
    cost one hash in all, not one each.
    """
    count = max(1, round(households / HOUSEHOLDS_PER_UNIT))
    codes = list(DEMO_UNIT_STAFF)[:count] + [f"V{n:03d}" for n in range(3, count + 1)]
    existing = {u.code: u for u in db.session.scalars(select(Unit))}
    users = {u.username: u for u in db.session.scalars(select(User))}
    unusable = None
    out, first_household = [], 1
    for n, code in enumerate(codes):
        unit = existing.get(code) or create_unit(code, f"Volymenhet {n + 1}")
        size = households // count + (n < households % count)
        demo_worker, demo_leader = DEMO_UNIT_STAFF.get(code, (None, None))
        needed = max(1, round(size * OPEN_ITEMS_PER_HOUSEHOLD / OPEN_ITEMS_PER_CASEWORKER))
        names = ([demo_worker] if demo_worker else []) + [f"volym-{code.lower()}-{k:02d}" for k in range(1, needed + 1)]
        names = names[:needed]
        wanted = [(name, Role.CASEWORKER) for name in names] + [(demo_leader or f"volym-{code.lower()}-chef",
                                                                 Role.UNIT_LEADER)]
        missing = [(name, role) for name, role in wanted if name not in users]
        if missing and unusable is None:
            unusable = hash_password(secrets.token_urlsafe(32))  # a password nobody keeps
        made = [_bulk_user(name, role, unit, unusable) for name, role in missing]
        db.session.flush()
        for user in made:
            users[user.username] = user
            record_change("user.create", "user_account", user.id, unit_id=unit.id, after=user_snapshot(user))
        workers = [users[name].id for name, _ in wanted[:-1]]
        sizes = rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS, k=size)
        out.append(UnitWork(unit.id, code, first_household, sizes, workers, users[wanted[-1][0]].id,
                            coordinator_id=workers[0]))
        first_household += size
    return out


def _bulk_user(username: str, role: Role, unit: Unit, password_hash: str) -> User:
    label = "Enhetschef" if role is Role.UNIT_LEADER else "Handläggare"
    user = User(username=username, display_name=f"{label} {username}", role=role, unit_id=unit.id,
                password_hash=password_hash)
    db.session.add(user)
    return user


class _ActionPlans:
    """Each unit's action plan of the year ("Verksamhetsplan 2025 E6"), created when first needed;
    a new measure takes the plan's next number."""

    def __init__(self, clock: Clock):
        self.clock = clock
        self.numbers: dict[str, tuple[int, int]] = {}

    def __call__(self, unit: UnitWork, day: date) -> tuple[int, int]:
        name = f"Verksamhetsplan {day.year} {unit.code}"
        if name not in self.numbers:
            plan = db.session.scalar(select(ActionPlan).where(ActionPlan.unit_id == unit.unit_id,
                                                              ActionPlan.name == name))
            if plan is None:
                plan = ActionPlan(name=name, unit_id=unit.unit_id,
                                  created_at=self.clock.at(day).replace(tzinfo=UTC))
                db.session.add(plan)
                db.session.flush()
            top = db.session.scalar(select(func.max(Measure.number)).where(Measure.plan_id == plan.id)) or 0
            self.numbers[name] = (plan.id, top)
        plan_id, top = self.numbers[name]
        self.numbers[name] = (plan_id, top + 1)
        return plan_id, top + 1


def _plans_touched(rows: Rows, unit: UnitWork) -> None:
    """SIP plans live for months: inserted in the chunk of their creation, updated in later ones."""
    for plan in unit.touched.values():
        if plan.inserted:
            rows.updates.append((plan.life.row(), plan.row()))
        else:
            rows.add("work_item", plan.life.row())
            rows.add("sip_plan", plan.row())
            plan.inserted = True
    unit.touched.clear()


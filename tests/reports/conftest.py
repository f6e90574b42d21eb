"""Hand-built ``monthly_count`` rows for the report's layout tests: the seeds' own figures."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.reports.models import ALL_UNITS, MonthlyCount

#: Seed 000, "Kontroller och beslut": households, decisions, lookups by caseworkers and by the robot
#: (None before the robot existed), individuals checked.
SEED_000 = {
    202001: (3719, 7372, 22971, None, 6773), 202002: (3608, 7105, 21641, None, 6525),
    202003: (3748, 7994, 20508, None, 6013), 202004: (3743, 7531, 17382, None, 5498),
    202005: (3915, 8008, 9820, None, 3598), 202006: (3802, 7605, 9601, None, 3745),
    202007: (3980, 8224, 10000, None, 3749), 202008: (3801, 7466, 10783, None, 3976),
    202009: (3789, 7546, 12105, 26965, 8947), 202010: (3777, 7507, 11057, 16896, 8591),
    202011: (3713, 7453, 10848, 16783, 8737),
}
CONTROL_KEYS = ("households_applied", "decisions_total", "ssbtek_lookups_caseworker", "ssbtek_lookups_robot",
                "individuals_checked")
#: Seed 000, "Arbetsmarknadsuppdrag och inflöde", mar-20 to nov-20.
SEED_000_REFERRALS = dict(zip(range(202003, 202012), (354, 198, 201, 321, 225, 142, 175, 224, 295)))
SEED_000_EXECUTIONS = dict(zip(range(202003, 202012), (206, 184, 150, 343, 237, 212, 247, 198, 154)))


def put(metric: str, month: int, value, unit_id: int = ALL_UNITS) -> None:
    """A ``monthly_count`` row as a rollup would leave it (upserted by hand)."""
    row = db.session.get(MonthlyCount, (metric, month, unit_id))
    value = None if value is None else Decimal(value)
    if row is None:
        db.session.add(MonthlyCount(metric=metric, month=month, unit_id=unit_id, value=value,
                                    computed_at=datetime.now(UTC)))
    else:
        row.value = value


@pytest.fixture
def seed_000(app):
    """The November 2020 report's figures, as hand-built rows. The robot's months before September
    are counted 0 (it did nothing), which the report shows as ``--``, as the seed does."""
    for month, values in SEED_000.items():
        for key, value in zip(CONTROL_KEYS, values):
            put(key, month, 0 if value is None and key == "ssbtek_lookups_robot" else value)
    for month, value in SEED_000_REFERRALS.items():
        put("referrals_sent", month, value)
        put("executions_opened", month, SEED_000_EXECUTIONS[month])
    put("sublease_rejections_new", 202011, 1)
    put("sublease_rejections_total", 202011, 40)
    put("kir_checks", 202011, 12)
    put("double_rent_suspicions", 202011, 2)
    put("sip_meetings_held", 202011, 14)
    put("sip_meetings_held_multi_party", 202011, 4)
    put("sip_meetings_held_digital", 202011, 5)
    put("sip_meetings_held_total", 202011, 140)
    put("sip_plans_active", 202011, 60)
    db.session.commit()


#: Seed 003 (the January 2020 report): ongoing households and the average cost, 2018 to January 2020.
SEED_003_ONGOING = {
    2018: (3011, 3001, 2975, 2983, 3011, 3053, 3081, 3094, 3099, 3102, 3082, 3071),
    2019: (3088, 3099, 3114, 3121, 3109, 3118, 3178, 3229, 3230, 3168, 3126, 3130),
    2020: (3161,),
}
SEED_003_TEMPORARY_HOUSING_2018 = (577023, 628813, 761936, 618708, 714254, 587842, 553686, 526128, 524758,
                                   690447, 890538, 943902)


@pytest.fixture
def seed_003(app):
    for year, values in SEED_003_ONGOING.items():
        for month, value in enumerate(values, start=1):
            put("households_ongoing", year * 100 + month, value)
    for month, value in enumerate(SEED_003_TEMPORARY_HOUSING_2018, start=1):
        put("temporary_housing_cost", 201800 + month, value)
    put("avg_cost_per_household", 202001, "9199.4")
    db.session.commit()


@pytest.fixture
def seed_004_targets(app):
    """The committee's two targets of seed 004, as the migration sets them up for a new install: a
    test's own, since emptying the users' table on PostgreSQL empties the targets that name them."""
    from caseflow.reports.models import ReportTarget, TargetDirection, TargetPeriod
    db.session.execute(sa.delete(ReportTarget))
    db.session.add_all([
        ReportTarget(title="Högst en procent vuxna biståndsmottagare av befolkningen",
                     metric="adult_recipients_share_pct", direction=TargetDirection.AT_MOST, value=Decimal(1),
                     period=TargetPeriod.MONTH),
        ReportTarget(title="1 000 vuxna i egen försörjning genom nämndens stöd under mandatperioden",
                     metric="referrals_completed_self_sufficient", direction=TargetDirection.AT_LEAST,
                     value=Decimal(1000), period=TargetPeriod.MANDATE)])
    db.session.flush()

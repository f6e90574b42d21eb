"""Item-level data built to match the seed committee reports rolls up to exactly their figures.

Seed 000 (November 2020): "Kontroller och beslut" and "Arbetsmarknadsuppdrag och inflöde";
seed 001 (February 2020): sublease rejections; seed 004 (May 2023): SIP meetings since August 2022.
The seeds' numbers are copied here by hand from the documents.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.figures.keys import FigureKey
from caseflow.figures.models import ImportSource
from caseflow.figures.services import Figure, record_import
from caseflow.items.services import apply
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from caseflow.reports.models import ALL_UNITS, MonthlyCount
from caseflow.reports.rollup import rollup_months
from caseflow.sip.services import add_meeting, create_plan
from caseflow.sublease.services import create_sublease_case

# Seed 000, "Kontroller och beslut": month: (households, decisions, lookups caseworker, lookups robot, individuals)
KONTROLLER = {
    202001: (3719, 7372, 22971, None, 6773), 202002: (3608, 7105, 21641, None, 6525),
    202003: (3748, 7994, 20508, None, 6013), 202004: (3743, 7531, 17382, None, 5498),
    202005: (3915, 8008, 9820, None, 3598), 202006: (3802, 7605, 9601, None, 3745),
    202007: (3980, 8224, 10000, None, 3749), 202008: (3801, 7466, 10783, None, 3976),
    202009: (3789, 7546, 12105, 26965, 8947), 202010: (3777, 7507, 11057, 16896, 8591),
    202011: (3713, 7453, 10848, 16783, 8737),
}
# Seed 000, "Arbetsmarknadsuppdrag och inflöde" (2020): month: (referrals excl. rejected, executions opened)
INFLODE = {202003: (354, 206), 202004: (198, 184), 202005: (201, 150), 202006: (321, 343), 202007: (225, 237),
           202008: (142, 212), 202009: (175, 247), 202010: (224, 198), 202011: (295, 154)}


def _day(month: int, n: int) -> date:
    return date(month // 100, month % 100, 1 + n % 28)


def _count(metric: str, month: int):
    value = db.session.scalar(sa.select(MonthlyCount.value).where(
        MonthlyCount.metric == metric, MonthlyCount.month == month, MonthlyCount.unit_id == ALL_UNITS))
    return None if value is None else int(value)


def _checks_for(month: int, caseworker: int, robot: int | None, individuals: int) -> list[dict]:
    """Lookups over distinct households whose largest persons_checked sum to ``individuals``."""
    total = caseworker + (robot or 0)
    households = min(total, individuals)
    persons = [individuals // households + (1 if i < individuals % households else 0) for i in range(households)]
    rows = []
    for i in range(total):
        h = i % households
        # The first lookup of a household sees everyone; later ones may see fewer (a max, not a sum).
        rows.append({"case_ref": f"H{month}-{h}", "performed_on": _day(month, i),
                     "actor": "caseworker" if i < caseworker else "robot",
                     "persons_checked": persons[h] if i < households else max(1, persons[h] - 1)})
    return rows


@pytest.fixture
def leader(make_user):
    return make_user(Role.UNIT_LEADER, "E6", username="lena")


def test_seed_000_kontroller_och_beslut(leader):
    for month, (households, decisions, caseworker, robot, individuals) in KONTROLLER.items():
        rows = _checks_for(month, caseworker, robot, individuals)
        for start in range(0, len(rows), 10_000):
            record_checks(rows[start:start + 10_000], leader.unit_id)
        record_import([Figure(month, FigureKey.HOUSEHOLDS_APPLIED, Decimal(households)),
                       Figure(month, FigureKey.DECISIONS_TOTAL, Decimal(decisions))], source=ImportSource.CLI)
    db.session.commit()
    rollup_months(202001, 202011)
    db.session.commit()
    for month, (households, decisions, caseworker, robot, individuals) in KONTROLLER.items():
        assert (_count("households_applied", month), _count("decisions_total", month),
                _count("ssbtek_lookups_caseworker", month), _count("ssbtek_lookups_robot", month) or None,
                _count("individuals_checked", month)) == (households, decisions, caseworker, robot, individuals)


def test_seed_000_arbetsmarknadsuppdrag_och_inflode(leader):
    n = 0
    for month, (referred, executions) in INFLODE.items():
        for i in range(referred):
            n += 1
            create_referral(leader, unit=leader.unit, person_ref=f"P{n}", case_ref=f"H{n}", sent_on=_day(month, i))
        # Noise the rule must ignore: a second referral of the same person, and a rejected one.
        create_referral(leader, unit=leader.unit, person_ref=f"P{n}", case_ref=f"H{n}", sent_on=_day(month, 27))
        rejected = create_referral(leader, unit=leader.unit, person_ref=f"X{month}", case_ref="H0",
                                   sent_on=_day(month, 3))
        apply(leader, rejected.id, "reject", on=_day(month, 4), reason="Avvisad av UJC")
        record_import([Figure(month, FigureKey.EXECUTIONS_OPENED, Decimal(executions))], source=ImportSource.CLI)
    db.session.commit()
    rollup_months(202003, 202011)
    db.session.commit()
    for month, (referred, executions) in INFLODE.items():
        assert (_count("referrals_sent", month), _count("executions_opened", month)) == (referred, executions)


def _rejections(leader, days: list[date]) -> None:
    for day in days:
        case = create_sublease_case(leader, unit=leader.unit, case_ref="H1", applied_on=day - timedelta(days=5),
                                    contract_type="lodger")
        apply(leader, case.id, "reject", on=day)


def test_seed_001_and_000_sublease_rejections(leader):
    # Six before February 2020, one in February: "1 ärende tillkommit under februari. Totalt 7 ärenden".
    _rejections(leader, [date(2019, 9 + i % 4, 10) for i in range(5)] + [date(2020, 1, 20), date(2020, 2, 12)])
    # 32 from March to October, one in November: "tillkom en ny ansökan … totalt 40".
    _rejections(leader, [date(2020, 3 + i % 8, 5 + i % 20) for i in range(32)] + [date(2020, 11, 9)])
    db.session.commit()
    rollup_months(202002, 202011)
    db.session.commit()
    assert (_count("sublease_rejections_new", 202002), _count("sublease_rejections_total", 202002)) == (1, 7)
    assert (_count("sublease_rejections_new", 202011), _count("sublease_rejections_total", 202011)) == (1, 40)


def test_seed_004_sip_meetings_since_august_2022(leader):
    # "Enheten har genomfört 140 SIP-möten sedan augusti 2022" (May 2023): 14 a month for ten months.
    plans = [create_plan(leader, unit=leader.unit, person_ref=f"P{i}", case_ref=f"H{i}",
                         initiated_on=date(2022, 8, 1), consent_on=date(2022, 8, 1)) for i in range(20)]
    months = [202208, 202209, 202210, 202211, 202212, 202301, 202302, 202303, 202304, 202305]
    for m, month in enumerate(months):
        for i in range(14):
            day = _day(month, i)
            meeting = add_meeting(leader, plans[(m + i) % 20].id, scheduled_for=day,
                                  meeting_kind="sip" if i % 3 else "multi_party", mode="digital" if i % 2 else "in_person",
                                  participants=["region", "forsakringskassan"])
            apply(leader, meeting.id, "hold", on=day)
    db.session.commit()
    rollup_months(202208, 202305)
    db.session.commit()
    assert _count("sip_meetings_held_total", 202305) == 140
    assert _count("sip_meetings_held", 202305) == 14
    assert _count("sip_plans_active", 202305) == 20

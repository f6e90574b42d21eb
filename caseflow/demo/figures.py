"""A year of control checks and monthly figures for the demo units, rolled up so the report is full.

Seed 000's city (November 2020): 3 713 households applied, 7 453 decisions, 10 848 lookups by
caseworkers and 16 783 by the robot, 8 737 individuals checked; seed 003: 3 100 ongoing households,
an average cost of 9 200 kr, 500 000–900 000 kr of temporary housing a month; seed 001: 74 % apply
by e-application. For checks and figures each demo unit is a twentieth of that city, the two
together a tenth: smaller than ``demo_items``' referrals (a tenth a unit) so that ``demo-data`` stays
quick, and still in seed 000's proportions (about 3 robot lookups to 2 by caseworkers).
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from caseflow.checks.models import ControlCheck
from caseflow.checks.services import MAX_CHECKS, record_checks
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.figures.keys import FigureKey
from caseflow.figures.models import FigureImport, ImportSource
from caseflow.figures.services import Figure, record_import
from caseflow.months import Month
from caseflow.reports.rollup import rollup_months
from caseflow.reports.values import report_window
from caseflow.units.models import Unit

#: Seed 000's month for one demo unit (a twentieth): households, caseworker and robot lookups.
UNIT_HOUSEHOLDS, UNIT_CASEWORKER_LOOKUPS, UNIT_ROBOT_LOOKUPS = 185, 540, 840
#: Seed 000: 8 737 individuals over 3 713 households, about 2.35 persons a household.
PERSONS = (1, 1, 2, 2, 2, 3, 3, 4, 5)
DEMO_FILE = "demo-data"


def _year_of_months() -> list[int]:
    today = today_local()
    return Month.range(Month.of(date(today.year - 1, today.month, 1)), Month.of(today))


def _month_days(month: int) -> list[date]:
    today = today_local()
    year, m = divmod(month, 100)
    last = 28 if (year, m) != (today.year, today.month) else min(28, today.day)
    return [date(year, m, d) for d in range(1, last + 1)]


def _checks(rng: random.Random, unit: Unit, months: list[int]) -> int:
    """Lookups over the unit's households each month, the robot's and the caseworkers'."""
    made = 0
    for month in months:
        days = _month_days(month)
        scale = rng.uniform(0.9, 1.1)
        households = [(f"{unit.code}-{h:04d}", rng.choice(PERSONS)) for h in range(round(UNIT_HOUSEHOLDS * scale))]
        rows = [{"case_ref": case_ref, "performed_on": rng.choice(days), "actor": actor,
                 "persons_checked": persons}
                for actor, count in (("caseworker", UNIT_CASEWORKER_LOOKUPS), ("robot", UNIT_ROBOT_LOOKUPS))
                for case_ref, persons in (rng.choice(households) for _ in range(round(count * scale)))]
        for start in range(0, len(rows), MAX_CHECKS):
            made += record_checks(rows[start:start + MAX_CHECKS], unit.id)
    return made


def _figures(rng: random.Random, months: list[int]) -> list[Figure]:
    """Plausible business-system figures for the two demo units together (a tenth of seed 000's city)."""
    figures = []
    for month in months:
        households = rng.randint(350, 400)
        values = {
            FigureKey.HOUSEHOLDS_APPLIED: households,
            FigureKey.DECISIONS_TOTAL: round(households * rng.uniform(1.9, 2.1)),
            FigureKey.EXECUTIONS_OPENED: rng.randint(15, 35),
            FigureKey.HOUSEHOLDS_ONGOING: rng.randint(300, 320),
            FigureKey.AVG_COST_PER_HOUSEHOLD: Decimal(rng.randint(88_000, 96_000)) / 10,
            FigureKey.TEMPORARY_HOUSING_COST: rng.randint(50_000, 95_000),
            FigureKey.ADULT_RECIPIENTS: rng.randint(430, 480),
            FigureKey.ADULT_RECIPIENTS_SHARE_PCT: Decimal(rng.randint(30, 38)) / 10,
            FigureKey.E_APPLICATION_SHARE_PCT: Decimal(rng.randint(700, 780)) / 10,
        }
        figures += [Figure(month, key, Decimal(value)) for key, value in values.items()]
    return figures


def load_demo_checks_and_figures(seed: int = 2020) -> tuple[int, int]:
    """Record a year of checks for each demo unit that has none, and import a year of figures unless
    a demo import exists; returns (checks, figures) made."""
    rng = random.Random(seed)
    months = _year_of_months()
    checks = 0
    for unit in db.session.scalars(select(Unit).where(Unit.code.in_(["E6", "E2"])).order_by(Unit.code)):
        if not db.session.scalar(select(func.count()).select_from(ControlCheck)
                                 .where(ControlCheck.unit_id == unit.id)):
            checks += _checks(rng, unit, months)
    figures = 0
    if not db.session.scalar(select(func.count()).select_from(FigureImport)
                             .where(FigureImport.file_name == DEMO_FILE)):
        made = _figures(rng, months)
        record_import(made, source=ImportSource.CLI, file_name=DEMO_FILE)
        figures = len(made)
    return checks, figures


def roll_up_demo_report() -> None:
    """Every month the current month's report shows, so the analyst's first page is full."""
    first, last = report_window(Month.current())
    rollup_months(first, last)

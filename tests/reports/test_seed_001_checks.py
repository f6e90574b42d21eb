"""Seed 001's "Kontroller och beslut", maj-19 … jan-20, whole: the households and decisions imported, the
SSBTEK lookups and the persons checked counted from 149 443 control checks; the seed's rows by hand."""

from __future__ import annotations

from datetime import date

from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.figures.csv_import import import_figures_csv
from caseflow.figures.models import ImportSource
from caseflow.months import Month
from caseflow.reports.rollup import rollup_months
from caseflow.reports.services import live_report, report_span

NBSP = "\u00a0"

#: Seed 001, month: households, decisions, lookups in SSBTEK, persons (children included) checked.
SEED_001 = {
    "maj-19": (3908, 7853, 13787, 5232), "jun-19": (3772, 7250, 13322, 5037), "jul-19": (4017, 7900, 14287, 5271),
    "aug-19": (3778, 6952, 13858, 5077), "sep-19": (3666, 6951, 16113, 5232), "okt-19": (3847, 7745, 18057, 5570),
    "nov-19": (3710, 6975, 15908, 5172), "dec-19": (3764, 7352, 21140, 6518), "jan-20": (3719, 7372, 22971, 6773),
}


def _checks(month: Month, lookups: int, persons: int) -> list[dict]:
    """``lookups`` checks by caseworkers (all of 2019's were: the robot came in September 2020) of
    ``persons`` households of one person each, some looked up more than once."""
    return [{"case_ref": f"K{month}-{i % persons}", "performed_on": date(month.year, month.number, 1 + i % 28),
             "actor": "caseworker", "persons_checked": 1} for i in range(lookups)]


def test_seed_001s_checks_and_decisions_from_may_2019_to_january_2020(app):
    rows = "".join(f"{label};households_applied;{h}\n{label};decisions_total;{d}\n"
                   for label, (h, d, _l, _p) in SEED_001.items())
    import_figures_csv(f"month;key;value\n{rows}".encode("cp1252"), "seed-001.csv", source=ImportSource.CLI)
    for label, (_h, _d, lookups, persons) in SEED_001.items():
        checks = _checks(Month.from_label(label), lookups, persons)
        for start in range(0, len(checks), 10_000):
            record_checks(checks[start:start + 10_000], None)
    db.session.commit()
    rollup_months(201905, 202001)
    db.session.commit()
    table = live_report(202001, report_span(202001, "2019-05")).table("controls")
    shown = {row.label: tuple(cell.display() for cell in row.cells) for row in table.rows}
    n = lambda value: f"{value:,}".replace(",", NBSP)  # noqa: E731 - as the seed prints it
    assert shown == {label: (n(h), n(d), n(lookups), "--", n(persons))
                     for label, (h, d, lookups, persons) in SEED_001.items()}

"""``flask rollup --from --to``: in-process, says what it did, refuses bad months clearly."""

from datetime import date

import sqlalchemy as sa

from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount


def test_rollup_command_computes_the_months_and_clears_them(runner, make_unit):
    e6 = make_unit("E6")
    record_checks([{"case_ref": "AA-1", "performed_on": date(2021, 1, 4), "actor": "robot",
                    "persons_checked": 4}], e6.id)
    db.session.commit()
    result = runner.invoke(args=["rollup", "--from", "2020-12", "--to", "2021-01"])
    assert result.exit_code == 0, result.output
    assert "2 month(s), 2020-12 to 2021-01" in result.output
    value = db.session.scalar(sa.select(MonthlyCount.value).where(
        MonthlyCount.metric == "individuals_checked", MonthlyCount.month == 202101,
        MonthlyCount.unit_id == ALL_UNITS))
    assert value == 4
    assert db.session.scalars(sa.select(DirtyMonth.month)).all() == []


def test_rollup_command_refuses_bad_months(runner):
    result = runner.invoke(args=["rollup", "--from", "2020-13", "--to", "2021-01"])
    assert result.exit_code == 1
    assert "Inte en månad: 2020-13" in result.output and "ÅÅÅÅ-MM" in result.output
    result = runner.invoke(args=["rollup", "--from", "2021-02", "--to", "2021-01"])
    assert result.exit_code == 1 and "efter den sista" in result.output
    result = runner.invoke(args=["rollup", "--from", "2021-01"])
    assert result.exit_code == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MonthlyCount)) == 0

"""``flask rollup --from --to`` and ``--dirty``: in-process, says what it did, refuses bad months clearly."""

from datetime import date

import sqlalchemy as sa

from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount, ReportSnapshot


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


def _referral(user, person_ref: str, sent_on: date) -> None:
    create_referral(user, unit=user.unit, person_ref=person_ref, case_ref="H-1", sent_on=sent_on)
    db.session.commit()


def _referrals_sent(month: int, unit_id: int = ALL_UNITS):
    return db.session.scalar(sa.select(MonthlyCount.value).where(
        MonthlyCount.metric == "referrals_sent", MonthlyCount.month == month, MonthlyCount.unit_id == unit_id))


def test_rollup_dirty_recomputes_exactly_the_dirty_months_and_clears_them(runner, make_user):
    user = make_user(Role.CASEWORKER, "E6")
    _referral(user, "P-1", date(2021, 1, 15))
    _referral(user, "P-2", date(2021, 3, 2))
    assert sorted(db.session.scalars(sa.select(DirtyMonth.month))) == [202101, 202103]
    result = runner.invoke(args=["rollup", "--dirty"])
    assert result.exit_code == 0, result.output
    # Never rolled up before: the month between the dirty ones too, every metric (36 counted for all
    # units and E6, 9 figures for all units: 81 rows a month).
    assert result.output == "Rolled up the dirty months, 3 month(s): 2021-01 to 2021-03; 243 rows written.\n"
    assert [_referrals_sent(m) for m in (202101, 202102, 202103)] == [1, 0, 1]
    assert _referrals_sent(202103, user.unit_id) == 1
    assert db.session.scalars(sa.select(DirtyMonth.month)).all() == []

    _referral(user, "P-3", date(2021, 2, 8))  # a late registration in a month already rolled up
    result = runner.invoke(args=["rollup", "--dirty"])
    assert result.exit_code == 0, result.output
    # Only February, and only the referral metrics (7, for all units and E6).
    assert result.output == "Rolled up the dirty months, 1 month(s): 2021-02; 14 rows written.\n"
    assert [_referrals_sent(m) for m in (202101, 202102, 202103)] == [1, 1, 1]
    assert db.session.scalars(sa.select(DirtyMonth.month)).all() == []

    result = runner.invoke(args=["rollup", "--dirty"])
    assert result.exit_code == 0 and result.output == "No month was dirty: nothing to roll up.\n"


def test_rollup_dirty_and_a_range_are_exclusive(runner, make_user):
    _referral(make_user(Role.CASEWORKER, "E6"), "P-1", date(2021, 1, 15))
    for args in (["--dirty", "--from", "2021-01", "--to", "2021-01"], ["--dirty", "--to", "2021-01"]):
        result = runner.invoke(args=["rollup", *args])
        assert result.exit_code == 2
        assert "--dirty and --from/--to are exclusive" in result.output
    result = runner.invoke(args=["rollup"])
    assert result.exit_code == 2 and "Give --from and --to, or --dirty." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MonthlyCount)) == 0
    assert db.session.scalars(sa.select(DirtyMonth.month)).all() == [202101]


def test_freeze_command_prints_the_new_version_alone_as_its_last_line(runner, make_unit):
    """API.md: ``flask --app caseflow freeze YYYY-MM`` rolls the months up and freezes a new version."""
    e6 = make_unit("E6")
    record_checks([{"case_ref": "AA-1", "performed_on": date(2020, 11, 4), "actor": "robot",
                    "persons_checked": 2}], e6.id)
    db.session.commit()
    first = runner.invoke(args=["freeze", "2020-11"])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1] == "1"
    second = runner.invoke(args=["freeze", "2020-11"])
    assert second.output.splitlines()[-1] == "2"
    snapshots = db.session.execute(sa.select(ReportSnapshot.month, ReportSnapshot.version)
                                   .order_by(ReportSnapshot.version)).all()
    assert snapshots == [(202011, 1), (202011, 2)]
    assert db.session.scalar(sa.select(MonthlyCount.value).where(
        MonthlyCount.metric == "ssbtek_lookups_robot", MonthlyCount.month == 202011,
        MonthlyCount.unit_id == ALL_UNITS)) == 1


def test_freeze_command_refuses_a_month_not_begun(runner):
    result = runner.invoke(args=["freeze", "2099-12"])
    assert result.exit_code == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportSnapshot)) == 0

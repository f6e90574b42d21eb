"""Control checks: bulk recording, and the three catalog metrics counted from them."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.checks.models import ControlCheck
from caseflow.checks.services import record_checks
from caseflow.db import today_local
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount
from caseflow.reports.rollup import rollup_months

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py


def check(case_ref, day, actor="robot", persons=1):
    return {"case_ref": case_ref, "performed_on": day, "actor": actor, "persons_checked": persons}


def _dirty():
    return db.session.scalars(sa.select(DirtyMonth.month).order_by(DirtyMonth.month)).all()


def _values(key, first, last, per_unit):
    """The metric's non-zero counts after a rollup of the months, per unit or for all units."""
    rollup_months(first, last)
    unit = MonthlyCount.unit_id != ALL_UNITS if per_unit else MonthlyCount.unit_id == ALL_UNITS
    rows = db.session.execute(sa.select(MonthlyCount.month, MonthlyCount.unit_id, MonthlyCount.value).where(
        MonthlyCount.metric == key, MonthlyCount.month.between(first, last), unit, MonthlyCount.value != 0)).all()
    return {(month, unit): int(value) for month, unit, value in rows}


def test_record_checks_inserts_all_and_marks_their_months_dirty_once(make_unit):
    unit = make_unit("E6")
    count = record_checks([check("AB-1", date(2020, 11, 2)), check("AB-2", date(2020, 11, 30), "caseworker", 3),
                           check("AB-1", date(2020, 10, 31))], unit.id)
    db.session.commit()
    assert count == 3
    rows = db.session.execute(sa.select(ControlCheck.case_ref, ControlCheck.month, ControlCheck.unit_id)
                              .order_by(ControlCheck.performed_on)).all()
    assert rows == [("AB-1", 202010, unit.id), ("AB-1", 202011, unit.id), ("AB-2", 202011, unit.id)]
    assert _dirty() == [202010, 202011]
    audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "control_check.record"))
    assert audit.after == {"count": 3, "months": [202010, 202011]}
    assert "AB-1" not in str(audit.after)


def test_one_bad_check_refuses_all_naming_its_index(make_unit):
    unit = make_unit("E6")
    tomorrow = today_local() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        record_checks([check("AB-1", date(2020, 11, 2)), check("19121212-1212", date(2020, 11, 2)),
                       check("AB-3", tomorrow, "human", 0)], unit.id)
    db.session.rollback()
    assert set(caught.value.fields) == {"[1].case_ref", "[2].performed_on", "[2].actor", "[2].persons_checked"}
    assert "framtiden" in caught.value.fields["[2].performed_on"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ControlCheck)) == 0
    assert _dirty() == []


@pytest.mark.parametrize(("field", "flaw"), [
    ("case_ref", "A-121212-1212"),   # fits the pattern, holds a personnummer
    ("case_ref", None),
    ("performed_on", date(1999, 12, 31)),
    ("performed_on", "2020-11-02"),
    ("actor", "human"),
    ("persons_checked", True),       # equal to 1 in a set: the quick check must see the type
    ("persons_checked", 100),
])
def test_one_flaw_in_a_bulk_of_good_checks_refuses_it(make_unit, field, flaw):
    """The bulk's quick pass checks distinct values once; it must refuse whatever the row-by-row check does."""
    unit = make_unit("E6")
    bulk = [check(f"AB-{n}", date(2020, 11, 1 + n % 28), persons=1 + n % 5) for n in range(50)]
    bulk[37][field] = flaw
    with pytest.raises(ValidationError) as caught:
        record_checks(bulk, unit.id)
    db.session.rollback()
    assert set(caught.value.fields) == {f"[37].{field}"}


@pytest.fixture
def two_units_of_checks(make_unit):
    """Hand-built: November 2020 in E6 and E2, one October check, one December check."""
    e6, e2 = make_unit("E6"), make_unit("E2")
    nov = date(2020, 11, 10)
    record_checks([
        check("AA-1", nov, "robot", 3),
        check("AA-1", nov + timedelta(days=5), "robot", 4),   # AA-1's largest in E6: 4
        check("AA-1", nov, "caseworker", 2),
        check("BB-2", nov, "caseworker", 1),
        check("BB-2", nov, "caseworker", 1),                   # BB-2: 1
        check("AA-1", date(2020, 10, 31), "robot", 9),         # October, not November
    ], e6.id)
    record_checks([
        check("AA-1", nov, "robot", 5),                        # the same household, checked in E2: 5
        check("CC-3", date(2020, 11, 30), "caseworker", 2),    # CC-3: 2
        check("CC-3", date(2020, 12, 1), "robot", 7),          # December
    ], e2.id)
    db.session.commit()
    return e6.id, e2.id


def test_ssbtek_lookups_count_checks_by_actor(two_units_of_checks):
    e6, e2 = two_units_of_checks
    assert _values("ssbtek_lookups_robot", 202011, 202011, True) == {(202011, e6): 2, (202011, e2): 1}
    assert _values("ssbtek_lookups_robot", 202010, 202012, False) == {
        (202010, ALL_UNITS): 1, (202011, ALL_UNITS): 3, (202012, ALL_UNITS): 1}
    assert _values("ssbtek_lookups_caseworker", 202011, 202011, True) == {(202011, e6): 3, (202011, e2): 1}
    assert _values("ssbtek_lookups_caseworker", 202011, 202011, False) == {(202011, ALL_UNITS): 4}


def test_individuals_checked_sums_each_households_largest_count(two_units_of_checks):
    e6, e2 = two_units_of_checks
    # E6: AA-1 max 4 + BB-2 max 1 = 5. E2: AA-1 5 + CC-3 2 = 7.
    assert _values("individuals_checked", 202011, 202011, True) == {(202011, e6): 5, (202011, e2): 7}
    # All units: AA-1 once, its largest anywhere (5), + BB-2 1 + CC-3 2 = 8 (not 5 + 7).
    assert _values("individuals_checked", 202010, 202012, False) == {
        (202010, ALL_UNITS): 9, (202011, ALL_UNITS): 8, (202012, ALL_UNITS): 7}

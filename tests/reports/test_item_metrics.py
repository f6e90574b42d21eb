"""Each work-item metric on a small hand-built data set, with its expected counts written out by hand.

The traps DESIGN.md and the issue name: a person referred twice in a month, a referral rejected
later, a rejection appealed and overturned, a SIP plan closed in a later month, a late registration.
"""

from __future__ import annotations

from datetime import date as d

import pytest
import sqlalchemy as sa

from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.items.services import apply, edit_item
from caseflow.measures.services import create_measure, write_note
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount
from caseflow.reports.rollup import rollup_dirty, rollup_months
from caseflow.sip.services import add_meeting, create_plan
from caseflow.sublease.services import create_sublease_case, record_kir_check

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py

SEP, OCT, NOV = 202509, 202510, 202511


@pytest.fixture
def world(make_user):
    lena = make_user(Role.UNIT_LEADER, "E6", username="lena")
    omar = make_user(Role.UNIT_LEADER, "E2", username="omar")
    e6, e2 = lena.unit, omar.unit

    def referral(person, sent, *events, unit=e6, actor=lena):
        item = create_referral(actor, unit=unit, person_ref=person, case_ref="H1", sent_on=sent)
        for name, on, extra in events:
            apply(actor, item.id, name, on=on, **extra)
        return item

    referral("P1", d(2025, 9, 3))
    referral("P1", d(2025, 9, 20))  # the same person twice in September
    referral("P2", d(2025, 9, 10), ("reject", d(2025, 10, 2), {"reason": "Ej aktuell"}))  # rejected later
    referral("P3", d(2025, 9, 15), ("accept", d(2025, 9, 16), {}), ("start", d(2025, 9, 25), {}),
             ("complete", d(2025, 10, 10), {"outcome": "work"}))
    referral("P4", d(2025, 10, 1), ("accept", d(2025, 10, 2), {}), ("start", d(2025, 10, 5), {}),
             ("complete", d(2025, 10, 30), {"outcome": "studies"}))
    referral("P5", d(2025, 10, 7), ("accept", d(2025, 10, 8), {}), ("start", d(2025, 11, 2), {}),
             ("complete", d(2025, 11, 20), {"outcome": "dropped_out"}))
    referral("P1", d(2025, 9, 5), unit=e2, actor=omar)  # P1 again, by another unit

    def case(applied, *events, kir=None):
        item = create_sublease_case(lena, unit=e6, case_ref="H2", applied_on=applied, contract_type="sublease")
        if kir:
            record_kir_check(lena, item.id, checked_on=kir[0], registered_at_address=4, double_rent_suspected=kir[1])
        for name, on in events:
            apply(lena, item.id, name, on=on)

    case(d(2025, 5, 1), ("reject", d(2025, 5, 10)))
    case(d(2025, 9, 2), ("reject", d(2025, 9, 12)), ("appeal", d(2025, 9, 20)), ("overturn", d(2025, 10, 15)))
    case(d(2025, 10, 3), ("reject", d(2025, 10, 20)), kir=(d(2025, 10, 4), True))
    case(d(2025, 10, 5), ("approve", d(2025, 11, 5)), kir=(d(2025, 11, 1), False))

    def meeting(plan, day, kind, mode, outcome):
        item = add_meeting(lena, plan.id, scheduled_for=day, meeting_kind=kind, mode=mode, participants=["region"])
        apply(lena, item.id, outcome, on=day if outcome == "hold" else d(2025, 10, 18))

    plan_a = create_plan(lena, unit=e6, person_ref="P7", case_ref="H3", initiated_on=d(2025, 9, 1),
                         consent_on=d(2025, 9, 1))
    meeting(plan_a, d(2025, 9, 10), "sip", "in_person", "hold")
    meeting(plan_a, d(2025, 10, 5), "multi_party", "digital", "hold")
    meeting(plan_a, d(2025, 10, 20), "sip", "digital", "cancel")
    apply(lena, plan_a.id, "close", on=d(2025, 10, 25))  # closed a month after it began
    plan_b = create_plan(lena, unit=e6, person_ref="P8", case_ref="H4", initiated_on=d(2025, 10, 10),
                         consent_on=d(2025, 10, 10))
    meeting(plan_b, d(2025, 11, 3), "multi_party", "in_person", "hold")
    create_plan(lena, unit=e6, person_ref="P9", case_ref="H5", initiated_on=d(2025, 11, 15))

    def measure(number, *events):
        item = create_measure(lena, unit=e6, plan="Gemensam åtgärdsplan", number=number, title=f"Åtgärd {number}",
                              start_on=d(2025, 9, 1))
        for name, on in events:
            apply(lena, item.id, name, on=on)
        return item

    m1 = measure(1, ("start", d(2025, 9, 2)), ("pause", d(2025, 10, 15)), ("resume", d(2025, 11, 10)))
    m2 = measure(2, ("start", d(2025, 10, 1)), ("complete", d(2025, 11, 20)))
    measure(3, ("cancel", d(2025, 9, 30)))
    write_note(lena, m1.id, SEP, "Arbetet har påbörjats.")
    write_note(lena, m1.id, OCT, "Pausas från mitten av oktober.")
    write_note(lena, m2.id, OCT, "Igång.")
    db.session.commit()
    rollup_months(202505, NOV)
    db.session.commit()
    return e6, e2


def values(metric: str, unit_id: int) -> dict[int, float | None]:
    rows = db.session.execute(sa.select(MonthlyCount.month, MonthlyCount.value)
                              .where(MonthlyCount.metric == metric, MonthlyCount.unit_id == unit_id,
                                     MonthlyCount.month.in_([SEP, OCT, NOV]))).all()
    return {month: None if value is None else float(value) for month, value in rows}


def test_referral_metrics(world):
    e6, e2 = world
    expected = {
        # metric: (E6 Sep, Oct, Nov), (E2 …), (all units …)
        "referrals_sent": ((2, 2, 0), (1, 0, 0), (2, 2, 0)),  # P1 once; P2 rejected; P1 once for all units
        "referrals_rejected": ((1, 0, 0), (0, 0, 0), (1, 0, 0)),  # by sent month, though rejected in October
        "referrals_started": ((1, 1, 1), (0, 0, 0), (1, 1, 1)),
        "referrals_completed": ((0, 2, 1), (0, 0, 0), (0, 2, 1)),
        "referrals_completed_work": ((0, 1, 0), (0, 0, 0), (0, 1, 0)),
        "referrals_completed_studies": ((0, 1, 0), (0, 0, 0), (0, 1, 0)),
        "referrals_completed_self_sufficient": ((0, 2, 0), (0, 0, 0), (0, 2, 0)),  # the work and the studies
    }
    for metric, per_unit in expected.items():
        for unit_id, (sep, oct_, nov) in zip((e6.id, e2.id, ALL_UNITS), per_unit):
            assert values(metric, unit_id) == {SEP: sep, OCT: oct_, NOV: nov}, (metric, unit_id)


def test_sublease_metrics(world):
    e6, _ = world
    expected = {
        "sublease_rejections_new": (1, 1, 0),  # the overturned rejection still counts in September
        "sublease_rejections_total": (2, 3, 3),  # May's rejection too
        "kir_checks": (0, 1, 1),
        "double_rent_suspicions": (0, 1, 0),
    }
    for metric, (sep, oct_, nov) in expected.items():
        assert values(metric, e6.id) == values(metric, ALL_UNITS) == {SEP: sep, OCT: oct_, NOV: nov}, metric


def test_sip_metrics(world):
    e6, e2 = world
    expected = {
        "sip_meetings_held": (1, 1, 1),  # the cancelled meeting is not counted
        "sip_meetings_held_multi_party": (0, 1, 1),
        "sip_meetings_held_digital": (0, 1, 0),
        "sip_meetings_held_total": (1, 2, 3),
        "sip_plans_active": (1, 1, 2),  # plan A closed 25 Oct; B from 10 Oct; C from 15 Nov
    }
    for metric, (sep, oct_, nov) in expected.items():
        assert values(metric, e6.id) == values(metric, ALL_UNITS) == {SEP: sep, OCT: oct_, NOV: nov}, metric
        assert values(metric, e2.id) == {SEP: 0, OCT: 0, NOV: 0}, metric


def test_measure_metrics(world):
    e6, _ = world
    expected = {
        "measures_planned": (1, 0, 0),
        "measures_in_progress": (1, 1, 1),
        "measures_paused": (0, 1, 0),
        "measures_completed": (0, 0, 1),
        "measures_cancelled": (1, 1, 1),
        "measures_missing_note": (1, 0, 1),  # Sep: measure 2 has none; Nov: measure 1 has none
    }
    for metric, (sep, oct_, nov) in expected.items():
        assert values(metric, e6.id) == {SEP: sep, OCT: oct_, NOV: nov}, metric


def test_a_late_registration_changes_the_earlier_month_after_the_dirty_rollup(world):
    e6, _ = world
    assert values("referrals_sent", e6.id)[SEP] == 2
    db.session.execute(sa.delete(DirtyMonth))
    create_referral(_leader(), unit=e6, person_ref="P6",
                    case_ref="H9", sent_on=d(2025, 9, 28))  # registered today, effective in September
    db.session.commit()
    assert SEP in set(db.session.scalars(sa.select(DirtyMonth.month)))
    assert values("referrals_sent", e6.id)[SEP] == 2  # the stored count waits for the rollup
    rollup_dirty()
    db.session.commit()
    assert values("referrals_sent", e6.id)[SEP] == 3


def test_editing_the_kir_date_moves_the_check_between_months(world):
    e6, _ = world
    from caseflow.sublease.models import SubleaseCase
    case = db.session.scalar(sa.select(SubleaseCase).where(SubleaseCase.kir_checked_on == d(2025, 11, 1)))
    edit_item(_leader(), case.id, {"kir_checked_on": d(2025, 10, 30)})
    db.session.commit()
    rollup_dirty()
    db.session.commit()
    assert values("kir_checks", e6.id) == {SEP: 0, OCT: 2, NOV: 0}


def test_a_kir_check_is_not_moved_before_its_application(world):
    from caseflow.sublease.models import SubleaseCase
    case = db.session.scalar(sa.select(SubleaseCase).where(SubleaseCase.kir_checked_on == d(2025, 10, 4)))
    with pytest.raises(ValidationError) as refused:
        edit_item(_leader(), case.id, {"kir_checked_on": d(2025, 9, 30)})  # applied 2025-10-03
    assert list(refused.value.fields) == ["kir_checked_on"]
    db.session.rollback()


def _leader():
    from caseflow.auth.models import User
    return db.session.scalar(sa.select(User).where(User.username == "lena"))


def test_a_late_measure_carries_its_states_and_missing_notes_into_the_months_after(world):
    e6, _ = world
    db.session.execute(sa.delete(DirtyMonth))
    late = create_measure(_leader(), unit=e6, plan="Gemensam åtgärdsplan", number=4, title="Åtgärd 4",
                          start_on=d(2025, 9, 5))  # registered today, planned since September
    write_note(_leader(), late.id, OCT, "Planerad.")
    db.session.commit()
    result = rollup_dirty()
    db.session.commit()
    assert result.months == [SEP, OCT]  # November is not recomputed: its stocks are carried forward
    assert values("measures_planned", e6.id) == {SEP: 2, OCT: 1, NOV: 1}  # measure 2 and the late one
    assert values("measures_missing_note", e6.id) == {SEP: 2, OCT: 0, NOV: 2}
    assert values("measures_missing_note", ALL_UNITS) == {SEP: 2, OCT: 0, NOV: 2}

"""Quality review (seed 001): the draw's reproducibility and quarter rule, no own case, and the counts
with their expected numbers written out by hand."""

from __future__ import annotations

from datetime import date as d
from decimal import Decimal

import pytest
import sqlalchemy as sa

from caseflow.errors import Forbidden, ValidationError
from caseflow.extensions import db
from caseflow.items.services import apply
from caseflow.permissions import Role
from caseflow.quality.models import QualityDraw, QualityReview
from caseflow.quality.services import choose, draw, sample, save_review
from caseflow.referrals.services import create_referral
from caseflow.reports.committee import build_committee_report
from caseflow.reports.models import ALL_UNITS, MonthlyCount
from caseflow.reports.plan_lines import plan_lines
from caseflow.reports.rollup import rollup_months
from caseflow.reports.values import live_figures

pytestmark = pytest.mark.both_databases

JAN, FEB, APR = 202601, 202602, 202604


@pytest.fixture
def unit_people(make_user):
    lena = make_user(Role.UNIT_LEADER, "E6", username="lena")
    sara = make_user(Role.CASEWORKER, "E6", username="sara")
    adam = make_user(Role.CASEWORKER, "E6", username="adam")
    return lena, sara, adam


def _work(owner, leader, refs, on):
    """Referrals of households ``refs`` sent on ``on``, owned by ``owner``: the caseworker's work that month."""
    for n, ref in enumerate(refs):
        create_referral(leader, unit=leader.unit, person_ref=f"P{ref}{n}", case_ref=ref, sent_on=on, owner=owner)
    db.session.commit()


def _pairs(record: QualityDraw) -> list[tuple[int, str]]:
    return sorted((r.reviewed_user_id, r.case_ref) for r in record.reviews)


def test_the_same_seed_draws_the_same_sample(unit_people):
    lena, sara, adam = unit_people
    _work(sara, lena, [f"S{i}" for i in range(10)], d(2026, 1, 12))
    _work(adam, lena, [f"A{i}" for i in range(10)], d(2026, 1, 14))
    record = draw(lena, unit=lena.unit, on=d(2026, 2, 1), month=JAN, n=3, seed=4711)
    db.session.commit()
    assert record.seed == 4711 and record.n == 3 and record.drawn_by_id == lena.id
    drawn = _pairs(record)
    assert len(drawn) == 6  # three per caseworker
    assert sum(1 for owner, _ref in drawn if owner == sara.id) == 3
    assert all(ref.startswith("S") for owner, ref in drawn if owner == sara.id)
    # Drawn again with the recorded seed from the same work: the same households.
    assert sorted(sample(lena.unit_id, JAN, 3, 4711, ignoring_draw=record.id)) == drawn
    # Another seed draws another sample (from 10 choose 3 twice, a different one for these seeds).
    assert sorted(sample(lena.unit_id, JAN, 3, 1234, ignoring_draw=record.id)) != drawn
    candidates = {1: [f"H{i}" for i in range(20)]}
    assert choose(candidates, 4, 99) == choose(candidates, 4, 99)


def test_the_draw_is_logged_without_a_household(unit_people):
    from caseflow.audit.models import AuditEvent
    lena, sara, _adam = unit_people
    _work(sara, lena, ["H1", "H2"], d(2026, 1, 12))
    record = draw(lena, unit=lena.unit, on=d(2026, 2, 1), month=JAN, n=1, seed=7)
    db.session.commit()
    logged = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "quality.draw"))
    assert logged.entity_id == record.id and logged.after["seed"] == 7 and logged.after["month"] == "2026-01"
    assert "H1" not in str(logged.after) and "H2" not in str(logged.after)


def test_a_household_is_never_drawn_twice_in_a_quarter(unit_people):
    lena, sara, _adam = unit_people
    _work(sara, lena, ["H1", "H2", "H3"], d(2026, 1, 12))
    _work(sara, lena, ["H1", "H2", "H3", "H4"], d(2026, 2, 10))
    _work(sara, lena, ["H1", "H2", "H3", "H4"], d(2026, 4, 8))
    january = draw(lena, unit=lena.unit, on=d(2026, 2, 1), month=JAN, n=3, seed=1)
    db.session.commit()
    assert [ref for _o, ref in _pairs(january)] == ["H1", "H2", "H3"]
    february = draw(lena, unit=lena.unit, on=d(2026, 3, 1), month=FEB, n=3, seed=1)
    db.session.commit()
    assert [ref for _o, ref in _pairs(february)] == ["H4"]  # the others were drawn in January, same quarter
    april = draw(lena, unit=lena.unit, on=d(2026, 5, 1), month=APR, n=3, seed=1)  # a new quarter: drawn again
    db.session.commit()
    assert len(april.reviews) == 3


def test_only_a_leader_draws_and_a_second_draw_takes_other_households(unit_people):
    lena, sara, _adam = unit_people
    _work(sara, lena, ["H1", "H2"], d(2026, 1, 12))
    with pytest.raises(Forbidden):
        draw(sara, unit=sara.unit, on=d(2026, 2, 1), month=JAN, n=1)
    first = draw(lena, unit=lena.unit, on=d(2026, 2, 1), month=JAN, n=1)
    second = draw(lena, unit=lena.unit, on=d(2026, 2, 1), month=JAN, n=1)
    third = draw(lena, unit=lena.unit, on=d(2026, 2, 1), month=JAN, n=1)
    db.session.commit()
    assert sorted(r.case_ref for r in first.reviews + second.reviews) == ["H1", "H2"]
    assert third.reviews == []  # nothing left to draw this quarter
    with pytest.raises(ValidationError) as refused:
        draw(lena, unit=lena.unit, on=d(2026, 3, 1), month=FEB, n=0)
    assert "n" in refused.value.fields


def _answers(**overrides):
    answers = {"review_date": d(2026, 2, 20), "latest_investigation_on": d(2025, 12, 1), "planning": True,
               "payment_error": False, "child_perspective": "fully", "visits": 2, "no_shows": 1, "calls": 3,
               "note_types_used": True, "housing_above_level": False, "documentation_comment": "Tydlig journal."}
    return answers | overrides


def test_no_one_reviews_their_own_case(unit_people):
    lena, sara, adam = unit_people
    _work(sara, lena, ["H1"], d(2026, 1, 12))
    review = draw(lena, unit=lena.unit, on=d(2026, 2, 1), month=JAN, n=1, seed=3).reviews[0]
    db.session.commit()
    assert review.reviewed_user_id == sara.id
    with pytest.raises(ValidationError) as refused:
        apply(sara, review.id, "start", on=d(2026, 2, 20))
    assert "eget ärende" in str(refused.value)
    db.session.rollback()
    apply(adam, review.id, "start", on=d(2026, 2, 20))
    db.session.commit()
    with pytest.raises(ValidationError):
        save_review(sara, review.id, _answers())
    db.session.rollback()
    save_review(adam, review.id, _answers())
    db.session.commit()
    with pytest.raises(ValidationError):
        apply(sara, review.id, "complete", on=d(2026, 2, 21))
    db.session.rollback()
    apply(adam, review.id, "complete", on=d(2026, 2, 21))
    db.session.commit()
    assert db.session.get(QualityReview, review.id).reviewer_id == adam.id


def test_a_review_is_completed_only_with_the_whole_checklist(unit_people):
    lena, sara, adam = unit_people
    _work(sara, lena, ["H1"], d(2026, 1, 12))
    review = draw(lena, unit=lena.unit, on=d(2026, 2, 1), month=JAN, n=1).reviews[0]
    apply(adam, review.id, "start", on=d(2026, 2, 20))
    save_review(adam, review.id, _answers(visits=None, housing_above_level=True))
    db.session.commit()
    with pytest.raises(ValidationError) as refused:
        apply(adam, review.id, "complete", on=d(2026, 2, 21))
    assert set(refused.value.fields) == {"visits", "housing_measures_taken"}
    db.session.rollback()
    with pytest.raises(ValidationError) as refused:
        save_review(adam, review.id, _answers(visits=-1))
    assert set(refused.value.fields) == {"visits"}


def _review(reviewer, review, on, **answers):
    apply(reviewer, review.id, "start", on=on)
    save_review(reviewer, review.id, _answers(**answers))
    apply(reviewer, review.id, "complete", on=on)


def test_the_counts_of_completed_reviews(unit_people, make_user):
    lena, sara, adam = unit_people
    _work(sara, lena, ["S1", "S2", "S3"], d(2026, 1, 12))
    _work(adam, lena, ["A1", "A2"], d(2026, 1, 13))
    reviews = {r.case_ref: r for r in draw(lena, unit=lena.unit, on=d(2026, 2, 1), month=JAN, n=3, seed=5).reviews}
    assert sorted(reviews) == ["A1", "A2", "S1", "S2", "S3"]
    # February: four completed. S1 planned, fully; S2 a payment error, housing above the level
    # with no measures, partly; A1 above the level with measures, not documented; A2 no planning,
    # not applicable. S3 is only started (not counted); one more completed in March.
    _review(adam, reviews["S1"], d(2026, 2, 3), visits=2, no_shows=0, calls=4)
    _review(adam, reviews["S2"], d(2026, 2, 4), planning=True, payment_error=True, housing_above_level=True,
            housing_measures_taken=False, child_perspective="partly", visits=1, no_shows=2, calls=0)
    _review(sara, reviews["A1"], d(2026, 2, 5), planning=False, housing_above_level=True,
            housing_measures_taken=True, child_perspective="not_documented", visits=0, no_shows=0, calls=1)
    _review(sara, reviews["A2"], d(2026, 2, 6), planning=False, child_perspective="not_applicable",
            visits=5, no_shows=1, calls=3)
    apply(adam, reviews["S3"].id, "start", on=d(2026, 2, 7))
    save_review(adam, reviews["S3"].id, _answers())
    apply(adam, reviews["S3"].id, "complete", on=d(2026, 3, 2))
    db.session.commit()
    rollup_months(202601, 202603)
    db.session.commit()

    def value(metric, month=202602, unit=ALL_UNITS):
        return db.session.scalar(sa.select(MonthlyCount.value).where(
            MonthlyCount.metric == metric, MonthlyCount.month == month, MonthlyCount.unit_id == unit))

    expected = {"quality_reviews_completed": 4, "quality_with_planning": 2, "quality_with_payment_error": 1,
                "quality_housing_without_measures": 1, "quality_child_fully": 1, "quality_child_partly": 1,
                "quality_child_not_documented": 1, "quality_child_not_applicable": 1,
                "quality_visits": 8, "quality_no_shows": 3, "quality_calls": 8}
    assert {key: value(key) for key in expected} == {key: Decimal(n) for key, n in expected.items()}
    assert value("quality_reviews_completed", unit=lena.unit_id) == 4
    assert value("quality_reviews_completed", month=202603) == 1
    assert value("quality_reviews_completed", month=202601) == 0

    report = build_committee_report(202602, live_figures(202602), plan_lines(202602))
    table = report.table("quality")
    shown = {row.label: row.cells[0].display() for row in table.rows}
    assert shown["Genomförda kvalitetsgranskningar"] == "4"
    assert shown["Andel med planering för sökanden, %"] == "50,0"
    assert shown["Andel med handläggningsfel som lett till felaktig utbetalning, %"] == "25,0"
    assert shown["Andel över FK:s nivå för boendekostnad utan adekvata åtgärder, %"] == "25,0"
    assert shown["Genomsnittligt antal dokumenterade besök"] == "2,0"
    assert shown["Genomsnittligt antal dokumenterade uteblivna besök"] == "0,8"
    assert shown["Genomsnittligt antal dokumenterade telefonsamtal"] == "2,0"
    assert shown["Barnperspektiv: delvis dokumenterat"] == "1"


def test_a_voided_review_leaves_the_counts(unit_people):
    lena, sara, adam = unit_people
    _work(sara, lena, ["S1"], d(2026, 1, 12))
    review = draw(lena, unit=lena.unit, on=d(2026, 2, 1), month=JAN, n=1).reviews[0]
    _review(adam, review, d(2026, 2, 3))
    db.session.commit()
    rollup_months(202602, 202602)
    apply(lena, review.id, "void", on=d(2026, 2, 10), reason="Fel ärende")
    db.session.commit()
    from caseflow.reports.rollup import rollup_dirty
    rollup_dirty()
    db.session.commit()
    assert db.session.scalar(sa.select(MonthlyCount.value).where(
        MonthlyCount.metric == "quality_reviews_completed", MonthlyCount.month == 202602,
        MonthlyCount.unit_id == ALL_UNITS)) == 0

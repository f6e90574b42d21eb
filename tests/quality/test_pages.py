"""The quality review's pages: the leader's draw, the list, the checklist on the item page, and the
report's section in the exports."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.quality.models import QualityDraw, QualityReview
from caseflow.referrals.services import create_referral
from caseflow.reports.rollup import rollup_months
from caseflow.reports.services import ExportFormat, export_report
from tests.conftest import sign_in
from tests.screens.caseworker_support import error_text, page_text

TODAY = today_local()
THIS_MONTH = Month.of(TODAY)


def _people(make_user):
    lena = make_user(Role.UNIT_LEADER, "E6", username="lena", display_name="Lena Larsson")
    sara = make_user(Role.CASEWORKER, "E6", username="sara", display_name="Sara Svensson")
    adam = make_user(Role.CASEWORKER, "E6", username="adam", display_name="Adam Andersson")
    create_referral(lena, unit=lena.unit, person_ref="P1", case_ref="H-Q-1", sent_on=THIS_MONTH.first_day, owner=sara)
    db.session.commit()
    return lena, sara, adam


def _draw_as_leader(client, lena) -> QualityReview:
    assert sign_in(client, lena.username).status_code == 302
    page = page_text(client.get("/quality-reviews/draw"))
    assert "Dra en månads urval" in page and 'name="n"' in page
    response = client.post("/quality-reviews/draw", data={"month": str(THIS_MONTH), "n": "2"})
    assert response.status_code == 302, page_text(response)
    record = db.session.scalar(sa.select(QualityDraw))
    assert (record.month, record.n, record.drawn_by_id) == (THIS_MONTH, 2, lena.id)
    listing = page_text(client.get("/quality-reviews/"))
    assert "H-Q-1" in listing and "Sara Svensson" in listing
    client.post("/logout")
    return record.reviews[0]


def test_a_leader_draws_and_a_caseworker_may_not(client, make_user):
    lena, sara, _adam = _people(make_user)
    assert sign_in(client, sara.username).status_code == 302
    assert client.get("/quality-reviews/draw").status_code == 403
    client.post("/logout")
    _draw_as_leader(client, lena)


def test_a_bad_sample_size_is_refused_beside_its_field(client, make_user):
    lena, _sara, _adam = _people(make_user)
    sign_in(client, lena.username)
    response = client.post("/quality-reviews/draw", data={"month": str(THIS_MONTH), "n": "0"})
    assert response.status_code == 422
    assert error_text(page_text(response), "n") == "Ett heltal från 1 till 50."
    response = client.post("/quality-reviews/draw", data={"month": "2098-01", "n": "1"})
    assert response.status_code == 422
    assert error_text(page_text(response), "month") == "En månad till och med innevarande."
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QualityDraw)) == 0


def test_the_reviewed_caseworker_cannot_review_and_another_can(client, make_user):
    lena, sara, adam = _people(make_user)
    review = _draw_as_leader(client, lena)
    sign_in(client, sara.username)
    response = client.post(f"/items/{review.id}/events/start", data={"start-on": TODAY.isoformat(),
                                                                     "start-version": "1"})
    assert response.status_code == 422
    assert "Du kan inte granska ditt eget ärende" in page_text(response)
    client.post("/logout")

    sign_in(client, adam.username)
    assert client.post(f"/items/{review.id}/events/start", data={
        "start-on": TODAY.isoformat(), "start-version": "1"}).status_code == 302
    page = page_text(client.get(f"/items/{review.id}"))
    assert "Fyll i kontrollistan" in page and 'name="review-visits"' in page
    answers = {"review-version": "2", "review-review_date": TODAY.isoformat(), "review-planning": "yes",
               "review-payment_error": "no", "review-child_perspective": "partly", "review-visits": "-1",
               "review-no_shows": "0", "review-calls": "2", "review-note_types_used": "yes",
               "review-housing_above_level": "yes", "review-housing_measures_taken": "no",
               "review-housing_comment": "Inget gjort.", "review-documentation_comment": "Bra."}
    response = client.post(f"/quality-reviews/{review.id}/checklist", data=answers)
    assert response.status_code == 422
    assert error_text(page_text(response), "review-visits") == "Ett heltal från 0 till 999."
    assert client.post(f"/quality-reviews/{review.id}/checklist", data=answers | {"review-visits": "3"}).status_code == 302
    assert client.post(f"/items/{review.id}/events/complete", data={
        "complete-on": TODAY.isoformat(), "complete-version": "4"}).status_code == 302
    db.session.expire_all()
    done = db.session.get(QualityReview, review.id)
    assert (done.state, done.visits, done.housing_measures_taken, done.reviewer_id) == ("completed", 3, False, adam.id)
    page = page_text(client.get(f"/items/{review.id}"))
    assert "Granskning avslutad" in page and "Adam Andersson" in page

    rollup_months(THIS_MONTH, THIS_MONTH)
    db.session.commit()
    csv = export_report(THIS_MONTH, ExportFormat.CSV)[0].decode("utf-8-sig")
    assert "Kvalitetsuppföljning av utvalda ärenden" in csv
    assert "Genomförda kvalitetsgranskningar;1" in csv
    assert "Andel över FK:s nivå för boendekostnad utan adekvata åtgärder, %;100,0" in csv
    for fmt in (ExportFormat.XLSX, ExportFormat.DOCX):
        assert export_report(THIS_MONTH, fmt)[0]  # the section goes the same loop over the tables


def test_the_api_reads_a_review_with_its_answers(client, make_user):
    from caseflow.api.tokens import create_token
    lena, sara, adam = _people(make_user)
    review = _draw_as_leader(client, lena)
    _token, plain = create_token("ingest-robot", "ingest", lena.unit)
    db.session.commit()
    response = client.get(f"/api/v1/items/{review.id}", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["kind"], body["state"], body["month"]) == ("quality_review", "drawn", THIS_MONTH)
    assert body["reviewed_user_id"] == sara.id and body["planning"] is None and body["drawn_on"] == TODAY.isoformat()

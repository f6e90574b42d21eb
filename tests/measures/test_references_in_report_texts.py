"""Case and person references kept out of the committee report (issue 17, item 3): a measure's plan, title,
expected effect or monthly note naming an existing ``case_ref`` or ``person_ref`` of any unit is refused
beside its field, saying why (the API's 422: ``tests/api/test_references_in_report_texts.py``); nothing is saved. Other words pass."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.measures.models import ActionPlan, Measure, MeasureNote
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from tests.conftest import sign_in
from tests.factories import BASE_DAY

pytestmark = pytest.mark.both_databases

THIS_MONTH = Month.of(today_local())
WHY = "Den når nämndrapporten, som inte får peka ut ett hushåll eller en person"


@pytest.fixture
def household_of_another_unit(make_user):
    """Household H394 with person P6179, registered by unit E7: references are the municipality's."""
    other = make_user(Role.UNIT_LEADER, "E7")
    create_referral(other, unit=other.unit, person_ref="P6179", case_ref="H394", sent_on=BASE_DAY)
    db.session.commit()


def _counts():
    return [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (ActionPlan, Measure, MeasureNote)]


MEASURE = {"plan": "Verksamhetsplan 2026", "number": "1", "title": "Fler i arbete", "start_on": BASE_DAY.isoformat(),
           "responsible_id": "", "expected_effect": "Färre hushåll med långvarigt bistånd"}


@pytest.mark.parametrize("field, text, word", [
    ("title", "Stöd till hushållet H394", "H394"),
    ("plan", "Plan för P6179", "P6179"),
    ("expected_effect", "Att h394 (person p6179) får arbete.", "h394"),
    ("title", "H394-ärendet", "H394"),
])
def test_a_new_measure_naming_a_reference_is_refused_beside_the_field(client, leader, household_of_another_unit,
                                                                      field, text, word):
    sign_in(client, leader.username)
    before = _counts()
    response = client.post("/measures/new", data=MEASURE | {field: text})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and f"referensen {word}." in page and WHY in page
    assert _counts() == before


def test_a_monthly_note_naming_a_household_is_refused_and_the_page_says_why(client, leader, make_item,
                                                                           household_of_another_unit):
    measure = make_item(ItemKind.MEASURE)
    sign_in(client, leader.username)
    before = _counts()
    response = client.post(f"/measures/{measure.id}/notes/{str(Month(THIS_MONTH))}",
                           data={f"note-{measure.id}-text": "Möte med hushållet H394 (person P6179) i veckan.",
                                 f"note-{measure.id}-version": "0"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "referensen H394." in page and WHY in page
    assert _counts() == before


def test_texts_without_a_reference_are_saved(client, leader, make_item, household_of_another_unit):
    measure = make_item(ItemKind.MEASURE)
    sign_in(client, leader.username)
    text = "Hushåll H395 finns inte; 394 hushåll och person P61790 inte heller. H-394, 2026-12-05."
    response = client.post("/measures/new", data=MEASURE | {"number": "2", "title": "H395 och P617",
                                                             "expected_effect": text})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    response = client.post(f"/measures/{measure.id}/notes/{str(Month(THIS_MONTH))}",
                           data={f"note-{measure.id}-text": text, f"note-{measure.id}-version": "0"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(MeasureNote.text)) == text

"""The API refuses a measure whose text names a case or person reference with 422 (issue 17, item 3)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.measures.models import Measure
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from tests.api.conftest import error_of
from tests.factories import BASE_DAY

pytestmark = pytest.mark.both_databases


def test_the_api_refuses_a_measure_naming_a_reference_with_422(api, make_user):
    other = make_user(Role.UNIT_LEADER, "E7")
    create_referral(other, unit=other.unit, person_ref="P6179", case_ref="H394", sent_on=BASE_DAY)
    db.session.commit()
    response = api.post("/measures", {"unit": "E6", "plan": "Verksamhetsplan 2026", "number": 1,
                                      "title": "Hushållet H394", "start_on": BASE_DAY.isoformat()})
    assert response.status_code == 422
    assert "H394" in error_of(response)["fields"]["title"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Measure)) == 0

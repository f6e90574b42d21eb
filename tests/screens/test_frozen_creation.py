"""Registering an item dated in a month already reported asks, as an event or a correction does (issue 14)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.referrals.models import Referral
from caseflow.reports.freeze import freeze_report
from caseflow.permissions import Role
from tests.screens.caseworker_support import page_text


def test_a_referral_dated_in_a_frozen_month_is_registered_only_once_confirmed(client, signed_in, make_user):
    freeze_report(202011, actor=make_user(Role.ANALYST))
    db.session.commit()
    form = {"person_ref": "P-1", "case_ref": "H-1", "sent_on": "2020-11-10", "target": "UJC", "barrier_group": ""}
    asked = client.post("/referrals/new", data=form)
    assert asked.status_code == 422
    page = page_text(asked)
    assert "Månaden är redan rapporterad till nämnden (fryst version 1)" in page
    assert 'name="confirm_frozen"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 0
    # A date that far back is asked about too, once the frozen month is confirmed.
    assert client.post("/referrals/new", data=form | {"confirm_frozen": "y"}).status_code == 409
    assert client.post("/referrals/new", data=form | {"confirm_frozen": "y", "confirm_old_date": "y"}).status_code == 302
    assert db.session.scalars(sa.select(Referral.sent_on)).all() == [date(2020, 11, 10)]

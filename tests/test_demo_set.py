"""The demo set gives every role something to try (issue 19): several caseworkers a unit to balance, SIP
meetings ahead of today for the week views, and late work for the unit leader's start page."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.auth.models import User
from caseflow.caseload.services import caseload
from caseflow.db import today_local
from caseflow.demo.items import load_demo_items
from caseflow.demo.people import load_demo_data
from caseflow.extensions import db
from caseflow.items.models import WorkItem
from caseflow.items.unit_overview import unit_overview
from caseflow.permissions import Role
from caseflow.sip.models import SipMeeting
from caseflow.units.models import Unit


def test_the_demo_units_have_caseworkers_to_balance_meetings_ahead_and_late_work(app):
    load_demo_data()
    load_demo_items()
    db.session.flush()
    today = today_local()
    for code in ("E6", "E2"):
        unit = db.session.scalar(sa.select(Unit).where(Unit.code == code))
        workers = db.session.scalar(sa.select(sa.func.count()).select_from(User)
                                    .where(User.unit_id == unit.id, User.role == Role.CASEWORKER))
        assert workers >= 2, code
    booked = db.session.scalar(sa.select(sa.func.count()).select_from(SipMeeting)
                               .where(SipMeeting.scheduled_for > today, WorkItem.state == "scheduled"))
    assert booked >= 5
    leader = db.session.scalar(sa.select(User).where(User.username == "enhetschef"))
    rows, _totals = caseload(leader, today)
    caseworkers = [row for row in rows if row.owner is not None and row.owner.role == Role.CASEWORKER]
    assert len(caseworkers) == 3 and all(row.total > 0 and row.late > 0 for row in caseworkers)
    overview = unit_overview(leader, today)
    watches = {section.watch.name: section.rows for section in overview.watches}
    assert len(watches["accepted-not-started"]) >= 3 and watches["missing-notes"]

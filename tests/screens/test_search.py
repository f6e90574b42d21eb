"""The header's search: a household's items of every kind on one page, only the unit's, each look logged."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.audit.words import masked_for
from caseflow.extensions import db
from caseflow.items.services import apply
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from caseflow.sip.services import add_meeting, create_plan
from caseflow.sublease.services import create_sublease_case
from tests.conftest import sign_in
from tests.screens.caseworker_support import BASE_DAY, assert_page_shape, page_text

#: Case-insensitive prefixes across the kinds' tables: the two databases must agree.
pytestmark = pytest.mark.both_databases


def _household(leader, caseworker):
    """Household H474: a referral of person P2426, a SIP plan of hers and a meeting; H4740 is another."""
    unit = leader.unit
    referral = create_referral(caseworker, unit=unit, person_ref="P2426", case_ref="H474", sent_on=BASE_DAY,
                               target="UJC", confirm_late=True)
    plan = create_plan(caseworker, unit=unit, person_ref="P2426", case_ref="H474",
                       initiated_on=BASE_DAY + timedelta(days=3), consent_on=BASE_DAY + timedelta(days=3),
                       confirm_late=True)
    meeting = add_meeting(caseworker, plan.id, scheduled_for=BASE_DAY + timedelta(days=10), meeting_kind="sip",
                          mode="in_person", participants=["region"], confirm_late=True)
    sublease = create_sublease_case(caseworker, unit=unit, case_ref="H474", applied_on=BASE_DAY,
                                    contract_type="sublease", confirm_late=True)
    other = create_referral(caseworker, unit=unit, person_ref="P77", case_ref="H9", sent_on=BASE_DAY,
                            target="UJC", confirm_late=True)
    db.session.commit()
    apply(caseworker, referral.id, "accept", on=BASE_DAY + timedelta(days=2), confirm_late=True)
    apply(caseworker, meeting.id, "hold", on=BASE_DAY + timedelta(days=10), confirm_late=True)
    db.session.commit()
    return {"referral": referral.id, "plan": plan.id, "meeting": meeting.id, "sublease": sublease.id,
            "other": other.id}


def _linked_ids(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/items/(\d+)"', html)}


def test_a_case_reference_finds_the_households_referral_plan_and_meeting_as_a_timeline(
        client, signed_in, leader, make_user):
    items = _household(leader, signed_in)
    stranger = make_user(Role.CASEWORKER, "E2")
    create_referral(stranger, unit=stranger.unit, person_ref="P2426", case_ref="H474", sent_on=BASE_DAY,
                    target="UJC", confirm_late=True)
    db.session.commit()
    html = page_text(client.get("/search?q=h474"))  # any case
    assert_page_shape(html)
    assert _linked_ids(html) == {items["referral"], items["plan"], items["meeting"], items["sublease"]}
    # The timeline, by the day each event happened: sent, applied, accepted, plan initiated, meeting
    # booked, held, plan activated.
    timeline = html.split("Tidslinje")[1]
    events = re.findall(r"<td>(\d{4}-\d{2}-\d{2})</td>\s*<td>([^<]+)</td>", timeline)
    days = [day for day, _ in events]
    assert days == sorted(days) and len(events) == 7
    assert events[0] == (BASE_DAY.isoformat(), "Registrerad")
    assert (BASE_DAY + timedelta(days=2)).isoformat() in days


def test_a_person_reference_finds_her_meetings_through_her_plan(client, signed_in, leader):
    items = _household(leader, signed_in)
    html = page_text(client.get("/search?q=P24"))
    assert _linked_ids(html) == {items["referral"], items["plan"], items["meeting"]}


def test_another_units_items_are_not_found(client, make_user, leader, caseworker):
    _household(leader, caseworker)
    stranger = make_user(Role.CASEWORKER, "E2")
    assert sign_in(client, stranger.username).status_code == 302
    html = page_text(client.get("/search?q=H474"))
    assert _linked_ids(html) == set()
    assert "Inget ärende i din enhet" in html


def test_each_search_is_logged_with_the_items_shown_and_the_reference_masked_to_an_admin(
        client, signed_in, leader, make_user):
    items = _household(leader, signed_in)
    client.get("/search?q=H474")
    row = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "items.search")).one()
    assert row.actor_user_id == signed_in.id and row.unit_id == signed_in.unit_id
    assert sorted(row.after["shown"]) == sorted([items["referral"], items["plan"], items["meeting"], items["sublease"]])
    admin = make_user(Role.ADMIN)
    assert masked_for(admin)(row.after)["filter"] == {"reference": "•••"}
    assert "H474" not in str(masked_for(admin)(row.after))


def test_an_analyst_or_admin_has_no_search(client, make_user):
    for role in (Role.ANALYST, Role.ADMIN):
        user = make_user(role)
        assert sign_in(client, user.username).status_code == 302
        assert client.get("/search?q=H").status_code == 403
        assert 'name="q"' not in page_text(client.get("/"))
        client.post("/logout")

""""Mina ärenden": what needs action today, with traffic lights in words, own items first."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.models import WorkItem
from caseflow.items.services import apply, edit_item
from caseflow.permissions import Role
from tests.screens.caseworker_support import assert_page_shape, page_text

TODAY = today_local()


def _section(html: str, section_id: str) -> str:
    return html.split(f'<section aria-labelledby="{section_id}">')[1].split("</section>")[0]


def _rows(section: str) -> list[tuple[str, str]]:
    """(light, case reference) of each row."""
    return re.findall(r'<span class="light [^"]+">([^<]+)</span>.*?<td><a href="[^"]+">(H\d+)</a></td>', section, re.S)


def _unown(item) -> None:
    db.session.execute(update(WorkItem).where(WorkItem.id == item.id).values(owner_id=None))
    db.session.commit()


def test_referrals_waiting_for_an_answer_with_their_lights(client, signed_in, make_item):
    late = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=20), actor=signed_in)  # due 6 days ago
    soon = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=10), actor=signed_in)  # due in 4 days
    fresh = make_item(ItemKind.REFERRAL, on=TODAY, actor=signed_in)  # due in 14 days
    answered = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=20), actor=signed_in)
    apply(signed_in, answered.id, "accept", on=TODAY)
    db.session.commit()
    html = page_text(client.get("/"))
    assert_page_shape(html)
    assert "<h1>Mina ärenden</h1>" in html
    assert _rows(_section(html, "late")) == [("Försenad", late.case_ref)]
    assert _rows(_section(html, "answers")) == [("Snart dags", soon.case_ref), ("I tid", fresh.case_ref)]
    assert f'href="/items/{answered.id}"' not in html  # not its reference: a random token may hold "H4"
    assert f'href="/items/{late.id}"' in html


def test_own_items_come_first_then_the_units_unowned_and_never_a_colleagues(client, signed_in, make_item):
    unowned = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=9))
    _unown(unowned)
    colleagues = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=9))  # the leader's own
    mine = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=1), actor=signed_in)
    html = page_text(client.get("/"))
    assert [ref for _, ref in _rows(_section(html, "answers"))] == [mine.case_ref, unowned.case_ref]
    assert f'href="/items/{colleagues.id}"' not in html  # not its reference: a random token may hold "H2"


def test_meetings_this_week_and_meetings_passed_but_not_recorded(client, signed_in, make_item):
    plan = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=30), actor=signed_in)
    this_week = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY + timedelta(days=3), actor=signed_in)
    next_month = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY + timedelta(days=30),
                           actor=signed_in)
    passed = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY - timedelta(days=2), actor=signed_in)
    html = page_text(client.get("/"))
    assert f'href="/items/{this_week.id}"' in _section(html, "meetings")
    assert f'href="/items/{passed.id}"' in _section(html, "late")
    assert f'href="/items/{next_month.id}"' not in html


def test_follow_ups_due_until_the_next_meeting_is_booked(client, signed_in, make_item, leader):
    plan = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=60), actor=signed_in)
    held = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY - timedelta(days=30), actor=signed_in)
    apply(signed_in, held.id, "hold", on=TODAY - timedelta(days=30))
    edit_item(signed_in, held.id, {"next_follow_up_on": TODAY + timedelta(days=5)})
    db.session.commit()
    section = _section(page_text(client.get("/")), "follow-ups")
    assert f'href="/items/{plan.id}"' in section and "Snart dags" in section  # acted on from the plan's page
    make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY + timedelta(days=20), actor=signed_in)
    assert f'href="/items/{plan.id}"' not in _section(page_text(client.get("/")), "follow-ups")


def test_a_closed_plans_follow_up_is_no_longer_due(client, signed_in, make_item, leader):
    plan = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=60), actor=signed_in)
    held = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY - timedelta(days=30), actor=signed_in)
    apply(signed_in, held.id, "hold", on=TODAY - timedelta(days=30))
    edit_item(signed_in, held.id, {"next_follow_up_on": TODAY - timedelta(days=1)})
    db.session.commit()
    assert f'href="/items/{plan.id}"' in _section(page_text(client.get("/")), "late")
    apply(leader, plan.id, "close", on=TODAY)
    db.session.commit()
    assert f'href="/items/{plan.id}"' not in page_text(client.get("/"))


def test_leaders_start_from_the_unit_and_find_their_own_items_a_link_away(client, login_as):
    login_as(Role.UNIT_LEADER)
    html = page_text(client.get("/"))
    assert "<h1>Enheten i dag</h1>" in html and 'href="/?view=mine"' in html
    assert "<h1>Mina ärenden</h1>" in page_text(client.get("/?view=mine"))


def test_the_start_page_shows_the_first_25_of_a_kind_and_says_the_rest_are_in_the_list(client, signed_in,
                                                                                      make_item):
    for n in range(26):
        make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=n % 10), actor=signed_in)
    html = page_text(client.get("/"))
    assert len(_rows(_section(html, "answers"))) == 25
    assert "Bara de första raderna av varje slag visas; listorna visar allt." in html


def test_an_overdue_sip_follow_up_is_late_on_the_start_page_and_on_the_meetings_page(client, signed_in, make_item):
    """One due date per kind (issue 14): the start page and the item page read the same rule."""
    meeting = make_item(ItemKind.SIP_MEETING, on=TODAY - timedelta(days=30), actor=signed_in)
    apply(signed_in, meeting.id, "hold", on=TODAY - timedelta(days=30))
    edit_item(signed_in, meeting.id, {"next_follow_up_on": TODAY - timedelta(days=2)})
    db.session.commit()
    start = page_text(client.get("/"))
    assert _rows(_section(start, "late")) == [("Försenad", meeting.case_ref)]
    item_page = page_text(client.get(f"/items/{meeting.id}"))
    assert '<span class="light light-late">Försenad</span>' in item_page
    assert (TODAY - timedelta(days=2)).isoformat() in item_page

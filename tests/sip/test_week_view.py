"""The week of SIP meetings: Monday to Sunday, the unit's and one's own, this week by default (on a
Sunday the week that ends that day), navigation to the weeks before and after; each look logged."""

from __future__ import annotations

import re
from datetime import date, time

from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.services import apply
from caseflow.kinds import ItemKind
from caseflow.permissions import Role
from caseflow.sip.services import add_meeting, create_plan
from caseflow.sip.week import monday_of, parse_week
from tests.screens.caseworker_support import assert_page_shape, page_text

SUNDAY = date(2026, 12, 13)  # week 50: Monday 7 to Sunday 13 December 2026
MONDAY = date(2026, 12, 7)


def _section_of(html: str, day: int) -> str:
    """The section of the week's ``day``-th day (1 = Monday)."""
    return html.split(f'<section class="week-day" aria-labelledby="day-{day}">')[1].split("</section>")[0]


def _week(make_item, signed_in, leader, make_user):
    plan = make_item(ItemKind.SIP_PLAN, on=date(2026, 11, 1), actor=signed_in)
    mine = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=MONDAY, actor=signed_in,
                     start_time=time(10, 0), duration_minutes=90, place="Stadshuset")
    colleagues = make_item(ItemKind.SIP_MEETING, plan=make_item(ItemKind.SIP_PLAN, on=date(2026, 11, 1)),
                           scheduled_for=SUNDAY, start_time=time(9, 0), mode="digital",
                           video_link="https://meet.example.se/s")
    untimed = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=SUNDAY, actor=signed_in)
    next_monday = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=date(2026, 12, 14), actor=signed_in)
    last_sunday = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=date(2026, 12, 6), actor=signed_in)
    voided = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=MONDAY, actor=signed_in)
    apply(leader, voided.id, "void", on=today_local(), reason="Fel plan")
    other_leader = make_user(Role.UNIT_LEADER, "E7", username="olle")
    other_plan = create_plan(other_leader, unit=other_leader.unit, person_ref="P900", case_ref="H900",
                             initiated_on=date(2026, 11, 1), consent_on=date(2026, 11, 1))
    db.session.flush()
    elsewhere = add_meeting(other_leader, other_plan.id, scheduled_for=MONDAY, meeting_kind="sip",
                            mode="in_person", participants=["region"])
    db.session.commit()
    return mine, colleagues, untimed, next_monday, last_sunday, voided, elsewhere


def test_an_iso_week_is_monday_to_sunday_and_a_sunday_belongs_to_the_week_it_ends():
    assert monday_of(SUNDAY) == MONDAY and monday_of(MONDAY) == MONDAY
    assert parse_week("2026-W50") == MONDAY
    assert parse_week("2026-W53") == date(2026, 12, 28)  # 2026 has 53 ISO weeks
    assert parse_week("2027-W53") is None and parse_week("50") is None and parse_week("2026-W5") is None


def test_on_a_sunday_the_week_view_shows_the_week_that_ends_today(client, signed_in, leader, make_user,
                                                                   make_item, monkeypatch):
    mine, colleagues, untimed, next_monday, last_sunday, voided, elsewhere = _week(
        make_item, signed_in, leader, make_user)
    monkeypatch.setattr("caseflow.sip.views.today_local", lambda: SUNDAY)
    response = client.get("/sip-meetings/week")
    assert response.status_code == 200
    html = page_text(response)
    assert_page_shape(html)
    assert "SIP-möten vecka 50" in html
    assert "söndag 13 december 2026 <span class=\"today\">(i dag)</span>" in html
    monday, sunday = _section_of(html, 1), _section_of(html, 7)
    assert f'href="/items/{mine.id}"' in monday and "10:00–11:30" in monday and "Stadshuset" in monday
    assert '<span class="tag">Mitt</span>' in monday
    # Sunday's meetings by time: the untimed one first, then 09:00; the colleague's is not marked as mine.
    assert sunday.index(f'href="/items/{untimed.id}"') < sunday.index(f'href="/items/{colleagues.id}"')
    assert "09:00" in sunday and "Videolänk" in sunday and "Tid ej satt" in sunday
    row = sunday.split(f'href="/items/{colleagues.id}"')[1].split("</tr>")[0]
    assert "Mitt" not in row
    for absent in (next_monday, last_sunday, voided, elsewhere):
        assert f'href="/items/{absent.id}"' not in html
    for day in (2, 3, 4, 5, 6):
        assert "Inget möte." in _section_of(html, day)
    assert 'href="/sip-meetings/week?week=2026-W49"' in html and 'href="/sip-meetings/week?week=2026-W51"' in html
    # The look is logged as a list's: which meetings were shown, never their references.
    logged = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "items.list"))
    assert logged.after["list"] == "sip_week" and sorted(logged.after["shown"]) == sorted(
        [mine.id, colleagues.id, untimed.id])
    assert "H" not in str(logged.after["filter"])


def test_only_ones_own_meetings_and_the_next_week(client, signed_in, leader, make_user, make_item):
    mine, colleagues, untimed, next_monday, *_ = _week(make_item, signed_in, leader, make_user)
    html = page_text(client.get("/sip-meetings/week?week=2026-W50&mine=y"))
    assert f'href="/items/{mine.id}"' in html and f'href="/items/{untimed.id}"' in html
    assert f'href="/items/{colleagues.id}"' not in html
    assert 'href="/sip-meetings/week?week=2026-W51&amp;mine=1"' in html
    following = page_text(client.get("/sip-meetings/week?week=2026-W51"))
    assert f'href="/items/{next_monday.id}"' in _section_of(following, 1)


def test_a_meeting_whose_plan_one_coordinates_is_ones_own(client, signed_in, leader, make_item):
    plan = make_item(ItemKind.SIP_PLAN, on=date(2026, 11, 1), coordinator_id=signed_in.id)
    meeting = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=MONDAY)  # the leader's own
    html = page_text(client.get("/sip-meetings/week?week=2026-W50&mine=y"))
    assert f'href="/items/{meeting.id}"' in html and '<span class="tag">Mitt</span>' in html


def test_a_bad_week_is_refused_beside_its_field_and_this_week_shown(client, signed_in):
    response = client.get("/sip-meetings/week?week=2026-W99")
    assert response.status_code == 422
    html = page_text(response)
    assert re.search(r'<p class="error" id="week-error">\s*En vecka som ÅÅÅÅ-Wvv', html)
    assert html.count('<section class="week-day"') == 7


def test_the_start_page_counts_the_whole_week_monday_to_sunday(client, signed_in, make_item, monkeypatch):
    """On a Sunday "SIP-möten den här veckan" holds the week's meetings held since Monday, not only today's."""
    plan = make_item(ItemKind.SIP_PLAN, on=date(2026, 11, 1), actor=signed_in)
    held_monday = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=date(2026, 11, 30), actor=signed_in)
    held_before = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=date(2026, 11, 29), actor=signed_in)
    for meeting in (held_monday, held_before):
        apply(signed_in, meeting.id, "hold", on=meeting.scheduled_for)
    today_booked = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=date(2026, 12, 6), actor=signed_in)
    db.session.commit()
    monkeypatch.setattr("caseflow.main.views.today_local", lambda: date(2026, 12, 6))
    html = page_text(client.get("/"))
    section = html.split('<section aria-labelledby="meetings">')[1].split("</section>")[0]
    assert f'href="/items/{held_monday.id}"' in section and f'href="/items/{today_booked.id}"' in section
    assert f'href="/items/{held_before.id}"' not in html

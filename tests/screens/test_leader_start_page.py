"""The unit leader's start page: the unit's late and soon-due items by caseworker, measures missing the
month's note, accepted referrals not started after the admin's number of days, SIP plans without a meeting."""

from __future__ import annotations

import re
from datetime import timedelta

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.services import apply
from caseflow.kinds import ItemKind
from caseflow.measures.services import write_note
from caseflow.months import Month
from caseflow.reference.rules import set_rules
from tests.conftest import counted_queries, sign_in
from tests.screens.caseworker_support import assert_page_shape, page_text

TODAY = today_local()


def _section(html: str, section_id: str) -> str:
    return html.split(f'<section aria-labelledby="{section_id}"')[1].split("</section>")[0]


def _owner_section(html: str, name: str) -> str:
    """The by-caseworker section whose heading names ``name``."""
    for part in html.split('<section aria-labelledby="owner-')[1:]:
        if re.search(rf"<h3[^>]*>\s*{re.escape(name)}", part):
            return part.split("</section>")[0]
    raise AssertionError(f"no section for {name}")


def _rows(section: str) -> list[list[str]]:
    """Each row's cells as text."""
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", section.split("<tbody>")[1], re.S)]


def test_the_leader_sees_late_and_soon_items_by_caseworker_with_who_and_what(client, leader, caseworker, named,
                                                                             make_item):
    late = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=20), actor=caseworker)  # due 6 days ago
    soon = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=10), actor=caseworker)  # due in 4 days
    make_item(ItemKind.REFERRAL, on=TODAY, actor=caseworker)  # due in 14 days: not followed up yet
    own = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=15))  # the leader's own, due yesterday
    sign_in(client, leader.username)
    html = page_text(client.get("/"))
    assert_page_shape(html)
    assert "<h1>Enheten i dag</h1>" in html
    sara = _owner_section(html, "Sara Svensson")
    assert "(1 försenat, 1 snart förfallet)" in sara
    assert _rows(sara) == [
        ["Försenad", (TODAY - timedelta(days=6)).isoformat(), late.case_ref, late.person_ref,
         "Anvisning till UJC – Anvisning som väntar på svar"],
        ["Snart dags", (TODAY + timedelta(days=4)).isoformat(), soon.case_ref, soon.person_ref,
         "Anvisning till UJC – Anvisning som väntar på svar"]]
    assert f'<a href="/items/{late.id}">{late.case_ref}</a>' in sara  # linked by the case as people know it
    assert f'href="/caseload/reassign?owner={caseworker.id}&amp;due=late">Fördela om försenade ärenden för Sara' in sara
    lena = _owner_section(html, "Lena Larsson")
    assert "(1 försenat, 0 snart förfallna)" in lena and own.case_ref in lena
    # Most late first, then most due soon: Sara (1 and 1) before Lena (1 and 0).
    assert re.findall(r'<h3 id="owner-\d+">(\w+)', html) == ["Sara", "Lena"]


def test_measures_missing_this_months_note_with_the_days_left_to_the_deadline(client, leader, make_item):
    missing = make_item(ItemKind.MEASURE, title="Tidiga anvisningar till AMC")
    written = make_item(ItemKind.MEASURE, title="Minska kostnader för boende")
    write_note(leader, written.id, Month.of(TODAY), "Enligt plan.")
    db.session.commit()
    sign_in(client, leader.username)
    section = _section(page_text(client.get("/")), "missing-notes")
    last_day = Month.of(TODAY).last_day
    left = (last_day - TODAY).days
    assert "Åtgärder som saknar månadens uppföljning <span class=\"count\">(1)</span>" in section
    assert f"månadens sista dag, {last_day.isoformat()}: nämndkalendern har ännu inget sammanträde för månadens rapport" in section
    [row] = _rows(section)
    assert row[3] == f"Åtgärd {missing.number}: Tidiga anvisningar till AMC"
    assert row[4] == (f"{left} dag kvar till sista dagen." if left == 1 else f"{left} dagar kvar till sista dagen.")
    assert f'href="/items/{missing.id}"' in section and "Minska kostnader" not in section
    # On time is not red: the light says so in words, in the on-time colour.
    assert "light-late" not in section


def test_accepted_referrals_not_started_after_the_admins_number_of_days(client, leader, caseworker, make_user,
                                                                         make_item):
    waiting = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=40), actor=caseworker)
    apply(caseworker, waiting.id, "accept", on=TODAY - timedelta(days=20))
    fresh = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=40), actor=caseworker)
    apply(caseworker, fresh.id, "accept", on=TODAY - timedelta(days=5))
    started = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=40), actor=caseworker)
    apply(caseworker, started.id, "accept", on=TODAY - timedelta(days=30))
    apply(caseworker, started.id, "start", on=TODAY - timedelta(days=2))
    db.session.commit()
    sign_in(client, leader.username)
    section = _section(page_text(client.get("/")), "accepted-not-started")
    assert "inte påbörjats inom 14 dagar" in section
    assert [row[1] for row in _rows(section)] == [waiting.case_ref]
    assert f"Antagen {(TODAY - timedelta(days=20)).isoformat()}, inte påbörjad efter 20 dagar." in section
    # The administrator gives referrals longer: 21 days, and the one accepted 20 days ago is no longer flagged.
    set_rules(make_user("admin", None), {"referral_start_days": 21})
    db.session.commit()
    section = _section(page_text(client.get("/")), "accepted-not-started")
    assert "inom 21 dagar" in section and waiting.case_ref not in section
    assert "Ingen antagen anvisning har väntat för länge på att påbörjas." in section


def test_sip_plans_without_a_meeting_booked(client, leader, make_item):
    alone = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=30))
    booked = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=30))
    make_item(ItemKind.SIP_MEETING, plan=booked, scheduled_for=TODAY + timedelta(days=20))
    sign_in(client, leader.username)
    section = _section(page_text(client.get("/")), "plans-without-follow-up")
    assert [row[1:3] for row in _rows(section)] == [[alone.case_ref, alone.person_ref]]
    assert f"Inget möte bokat sedan planen initierades {(TODAY - timedelta(days=30)).isoformat()}." in section


def test_a_caseworker_keeps_the_own_start_page(client, caseworker, make_item):
    sign_in(client, caseworker.username)
    html = page_text(client.get("/"))
    assert "<h1>Mina ärenden</h1>" in html and "Enheten i dag" not in html


def _fill(n: int, leader, caseworker, make_item) -> None:
    for i in range(n):
        owner = caseworker if i % 2 else leader
        make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=20), actor=owner)  # late
        accepted = make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=40), actor=owner)
        apply(owner, accepted.id, "accept", on=TODAY - timedelta(days=30))
        plan = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=30), actor=owner)
        if i % 3 == 0:
            make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY + timedelta(days=3), actor=owner)
        make_item(ItemKind.MEASURE)
    db.session.commit()


def test_the_same_number_of_queries_for_3_rows_as_for_30(client, leader, caseworker, named, make_item):
    sign_in(client, leader.username)

    def queries() -> int:
        client.get("/")
        with counted_queries() as statements:
            assert client.get("/").status_code == 200
        return len(statements)

    _fill(3, leader, caseworker, make_item)
    few = queries()
    _fill(27, leader, caseworker, make_item)
    many = queries()
    assert many == few and few <= 20, (few, many)  # with the calendar's deadline and notices

"""The caseload table and the reassignment of open items, through the test client."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.models import WorkItem
from caseflow.items.services import apply, reassign
from caseflow.permissions import Role
from tests.conftest import sign_in
from tests.factories import BASE_DAY


def _cells(page: str, row_header: str) -> list[str]:
    """The data cells of the table row whose header holds ``row_header``."""
    row = re.search(rf"<tr>\s*<th scope=\"row\">(?:(?!</tr>).)*?{re.escape(row_header)}(?:(?!</tr>).)*?</tr>",
                    page, re.S)
    assert row, row_header
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r'<td class="num">(.*?)</td>', row.group(0))]


def test_caseload_counts_open_items_by_owner_and_kind(client, leader, caseworker, named, make_user, make_item):
    make_user(Role.CASEWORKER, "E2", display_name="Annan Enhet")
    for _ in range(3):
        make_item(ItemKind.REFERRAL, actor=caseworker)
    make_item(ItemKind.SUBLEASE_CASE, actor=caseworker)
    done = make_item(ItemKind.REFERRAL, actor=caseworker)
    apply(caseworker, done.id, "withdraw", on=BASE_DAY)  # closed: not counted
    make_item(ItemKind.REFERRAL)  # the leader's own
    nobody = make_item(ItemKind.REFERRAL)
    nobody.owner_id = None
    db.session.commit()
    sign_in(client, leader.username)
    page = client.get("/caseload").get_data(as_text=True)
    assert page.count("<h1>") == 1 and "<title>Ärendebelastning – Caseflow</title>" in page
    # Columns: referral, sublease case, SIP plan, SIP meeting, measure, quality review, total, late, due
    # within the week. Every referral was sent 60 days ago and waits for its answer (due after 14 days): late.
    assert _cells(page, caseworker.display_name) == ["3", "1", "0", "0", "0", "0", "4", "3", "0"]
    assert _cells(page, "Lena Larsson") == ["1", "0", "0", "0", "0", "0", "1", "1", "0"]
    assert _cells(page, "Ej tilldelade") == ["1", "0", "0", "0", "0", "0", "1", "1", "0"]
    assert _cells(page, "Totalt") == ["5", "1", "0", "0", "0", "0", "6", "5", "0"]
    assert "Annan Enhet" not in page


def test_a_leader_reassigns_two_items_at_once(client, leader, caseworker, make_item):
    first, second, third = (make_item(ItemKind.REFERRAL) for _ in range(3))
    sign_in(client, leader.username)
    page = client.get("/caseload/reassign").get_data(as_text=True)
    assert f'value="{first.id}"' in page and f'<option value="{caseworker.id}">' in page
    response = client.post("/caseload/reassign?kind=referral",
                           data={"items": [first.id, second.id], "owner_id": caseworker.id})
    assert response.status_code == 302 and response.headers["Location"].endswith("/caseload/reassign?kind=referral")
    owners = dict(db.session.execute(sa.select(WorkItem.id, WorkItem.owner_id)).all())
    assert owners == {first.id: caseworker.id, second.id: caseworker.id, third.id: leader.id}
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "item.reassign")) == 2
    assert "är nu ansvarig handläggare för 2 ärenden" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_reassignment_is_all_or_none_and_errors_are_swedish(client, leader, caseworker, make_user, make_item):
    mine = make_item(ItemKind.REFERRAL)
    outsider = make_user(Role.CASEWORKER, "E2")
    sign_in(client, leader.username)
    response = client.post("/caseload/reassign", data={"items": [mine.id, 999999], "owner_id": caseworker.id})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="items-error"' in page and "Okänt ärende." in page
    response = client.post("/caseload/reassign", data={"items": [mine.id], "owner_id": outsider.id})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="owner_id-error"' in page
    response = client.post("/caseload/reassign", data={"owner_id": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Kryssa i minst ett ärende." in page and "Välj den nya ansvariga handläggaren." in page
    db.session.expire_all()
    assert db.session.get(WorkItem, mine.id).owner_id == leader.id
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "item.reassign")) == 0


def test_the_list_filters_by_owner_and_kind_and_paginates_on_the_server(client, leader, caseworker, make_item):
    referrals = [make_item(ItemKind.REFERRAL) for _ in range(52)]
    case = make_item(ItemKind.SUBLEASE_CASE)
    reassign(leader, [referrals[0].id], caseworker.id)
    db.session.commit()
    sign_in(client, leader.username)
    page = client.get("/caseload/reassign").get_data(as_text=True)
    assert "Hittade: 53" in page and "Sida 1 av 2" in page
    page = client.get("/caseload/reassign?kind=sublease_case").get_data(as_text=True)
    assert "Hittade: 1" in page and f'value="{case.id}"' in page
    page = client.get(f"/caseload/reassign?owner={caseworker.id}").get_data(as_text=True)
    assert "Hittade: 1" in page and f'value="{referrals[0].id}"' in page
    page = client.get("/caseload/reassign?owner=none").get_data(as_text=True)
    assert "Hittade: 0" in page


def test_late_and_due_soon_per_caseworker_count_every_kind_with_a_due_date(client, leader, caseworker, named,
                                                                          make_item):
    today = today_local()
    make_item(ItemKind.REFERRAL, on=today - timedelta(days=20), actor=caseworker)  # answer due 6 days ago
    make_item(ItemKind.REFERRAL, on=today - timedelta(days=10), actor=caseworker)  # due in 4 days
    make_item(ItemKind.REFERRAL, on=today, actor=caseworker)  # due in 14 days: neither
    answered = make_item(ItemKind.REFERRAL, on=today - timedelta(days=30), actor=caseworker)
    apply(caseworker, answered.id, "accept", on=today - timedelta(days=1))  # nothing awaited: neither
    plan = make_item(ItemKind.SIP_PLAN, on=today - timedelta(days=40), actor=caseworker)
    make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=today - timedelta(days=2), actor=caseworker)  # late
    make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=today + timedelta(days=7), actor=caseworker)  # soon
    held = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=today - timedelta(days=30), actor=leader)
    apply(leader, held.id, "hold", on=today - timedelta(days=30))
    held.next_follow_up_on = today - timedelta(days=1)  # the leader's follow-up, due yesterday... but
    db.session.commit()  # ...the caseworker's meeting in 7 days is booked after it: not late
    sign_in(client, leader.username)
    page = client.get("/caseload").get_data(as_text=True)
    assert _cells(page, "Sara Svensson")[-2:] == ["2", "2"]
    assert _cells(page, "Lena Larsson")[-2:] == ["0", "0"]
    assert _cells(page, "Totalt")[-2:] == ["2", "2"]
    assert f'href="/caseload/reassign?owner={caseworker.id}&amp;due=late"' in page
    late = client.get(f"/caseload/reassign?owner={caseworker.id}&due=late").get_data(as_text=True)
    assert "Hittade: 2" in late and "Försenad" in late


def test_all_items_the_filter_matches_are_reassigned_across_pages(client, leader, caseworker, make_item):
    referrals = [make_item(ItemKind.REFERRAL) for _ in range(53)]
    case = make_item(ItemKind.SUBLEASE_CASE)
    sign_in(client, leader.username)
    page = client.get("/caseload/reassign?kind=referral").get_data(as_text=True)
    assert "Sida 1 av 2" in page and "Välj alla 53 ärenden som filtret träffar, på alla sidor" in page
    assert f'<a href="/items/{referrals[0].id}">{referrals[0].case_ref}</a>' in page  # the case, not the id
    # The page grew by one since it was shown: the leader's choice of "all 53" is refused, nothing moves.
    make_item(ItemKind.REFERRAL)
    response = client.post("/caseload/reassign?kind=referral",
                           data={"all_matching": "y", "matching": "53", "owner_id": caseworker.id})
    assert response.status_code == 422 and "Filtret träffar nu 54 ärenden, inte 53 som visades" in \
        response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).where(WorkItem.owner_id == caseworker.id)) == 0
    response = client.post("/caseload/reassign?kind=referral",
                           data={"all_matching": "y", "matching": "54", "owner_id": caseworker.id})
    assert response.status_code == 302
    db.session.expire_all()
    owners = dict(db.session.execute(sa.select(WorkItem.id, WorkItem.owner_id)).all())
    assert sum(owner == caseworker.id for owner in owners.values()) == 54 and owners[case.id] == leader.id
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "item.reassign")) == 54

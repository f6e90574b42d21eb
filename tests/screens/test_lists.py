"""The lists per kind: only visible items, filters in the URL, sorting, server-side pages with the number found."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.models import WorkItem
from caseflow.items.services import apply
from caseflow.pagination import paginate
from caseflow.permissions import Role
from tests.screens.caseworker_support import BASE_DAY, assert_page_shape, error_text, page_text


def _refs(html: str) -> list[str]:
    """The case references of a list's rows, in order: each row's link."""
    return re.findall(r'<td><a href="/items/\d+">(H\d+)</a></td>', html)


def _found(html: str) -> int:
    return int(re.search(r"Hittade: ([\d\u00a0 ]+)<", html).group(1).replace("\u00a0", "").replace(" ", ""))


@pytest.fixture
def referrals(make_item, signed_in, leader):
    """Four referrals of E6: two of mine (one accepted), one of the leader's, one unassigned; one of E2."""
    mine = [make_item(ItemKind.REFERRAL, on=BASE_DAY + timedelta(days=i), actor=signed_in) for i in range(2)]
    theirs = make_item(ItemKind.REFERRAL, on=BASE_DAY + timedelta(days=2))
    unowned = make_item(ItemKind.REFERRAL, on=BASE_DAY + timedelta(days=3))
    db.session.execute(update(WorkItem).where(WorkItem.id == unowned.id).values(owner_id=None))
    apply(signed_in, mine[0].id, "accept", on=BASE_DAY + timedelta(days=5))
    db.session.commit()
    return {"mine": [m.case_ref for m in mine], "theirs": theirs.case_ref, "unowned": unowned.case_ref}


def test_the_list_shows_the_units_items_newest_first_with_the_number_found(client, referrals, make_user):
    from caseflow.referrals.services import create_referral
    other = make_user(Role.CASEWORKER, "E2")
    create_referral(other, unit=other.unit, person_ref="P9", case_ref="H900", sent_on=BASE_DAY)
    db.session.commit()
    html = page_text(client.get("/referrals/"))
    assert_page_shape(html)
    assert _refs(html) == [referrals["unowned"], referrals["theirs"], *reversed(referrals["mine"])]
    assert _found(html) == 4 and "H900" not in html


@pytest.mark.parametrize("query, expected", [
    ("state=accepted", lambda r: [r["mine"][0]]),
    ("owner=me", lambda r: list(reversed(r["mine"]))),
    ("owner=none", lambda r: [r["unowned"]]),
    ("case_ref=H1", lambda r: [ref for ref in r["mine"] if ref.startswith("H1")]),
    ("sort=oldest", lambda r: [*r["mine"], r["theirs"], r["unowned"]]),
    ("sort=state&owner=me", lambda r: [r["mine"][0], r["mine"][1]]),  # accepted before sent
])
def test_filters_and_sorting_are_in_the_url(client, referrals, query, expected):
    html = page_text(client.get(f"/referrals/?{query}"))
    assert _refs(html) == expected(referrals)


def test_the_month_filter_goes_by_the_items_own_date(client, signed_in, make_item):
    this_month = today_local().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    old = make_item(ItemKind.SUBLEASE_CASE, on=last_month, actor=signed_in)
    make_item(ItemKind.SUBLEASE_CASE, on=this_month, actor=signed_in)
    html = page_text(client.get(f"/sublease-cases/?month={last_month:%Y-%m}"))
    assert _refs(html) == [old.case_ref]


def test_a_malformed_month_is_shown_beside_the_filter_and_filters_nothing(client, referrals):
    response = client.get("/referrals/?month=nov-20")
    assert response.status_code == 200
    html = page_text(response)
    assert error_text(html, "month") == "En månad som ÅÅÅÅ-MM, t.ex. 2020-11."
    assert _found(html) == 4


def test_pages_keep_the_filters(client, signed_in, make_item, monkeypatch):
    monkeypatch.setattr(paginate, "__defaults__", (2,))  # two rows a page
    for i in range(5):
        make_item(ItemKind.REFERRAL, on=BASE_DAY + timedelta(days=i), actor=signed_in)
    html = page_text(client.get("/referrals/?owner=me&sort=oldest"))
    assert _found(html) == 5 and len(_refs(html)) == 2
    assert "Sida 1 av 3" in html
    next_link = re.search(r'<a href="([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    assert "owner=me" in next_link and "sort=oldest" in next_link and "page=2" in next_link
    assert len(_refs(page_text(client.get(next_link)))) == 2


@pytest.mark.parametrize("path, kind", [("/sip-plans/", ItemKind.SIP_PLAN), ("/sip-meetings/", ItemKind.SIP_MEETING),
                                        ("/sublease-cases/", ItemKind.SUBLEASE_CASE)])
def test_each_kind_has_its_list(client, signed_in, make_item, path, kind):
    item = make_item(kind, actor=signed_in)
    html = page_text(client.get(path))
    assert f'href="/items/{item.id}"' in html and _found(html) == 1
    assert '<form method="get" class="filters"' in html

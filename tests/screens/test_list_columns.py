"""The lists' filters people ask for (target, försörjningshinder, only late), their due-date and light
columns, and the column headers that sort them (the kinds' SQL due dates behind "only late" and the due-date
sort agree with their ``due_on``: tests/items/test_due_in_sql.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.models import WorkItem
from caseflow.items.services import apply
from caseflow.referrals.services import create_referral
from tests.screens.caseworker_support import assert_page_shape, page_text

TODAY = today_local()

#: Sorting NULLs, case-insensitive prefixes and the SQL due dates: the two databases must agree.
pytestmark = pytest.mark.both_databases


def _refs(html: str) -> list[str]:
    return re.findall(r'<td><a href="/items/\d+">(H\d+)</a></td>', html)


@pytest.fixture
def referrals(signed_in, leader, named):
    """H1 sent 30 days ago (late), H2 10 days ago (the answer due soon, the leader's), H3 accepted (no due
    date), H4 two days ago (on time, unassigned)."""
    unit = signed_in.unit
    made = {}
    for ref, days, target, barrier in (("H1", 30, "UJC", "ARBETSLOS"), ("H2", 10, "AMC", "SOCIALA"),
                                       ("H3", 20, "UJC", None), ("H4", 2, "UJC", "SOCIALA")):
        made[ref] = create_referral(signed_in, unit=unit, person_ref="P" + ref[1:], case_ref=ref,
                                    sent_on=TODAY - timedelta(days=days), target=target, barrier_group=barrier,
                                    confirm_late=True)
    db.session.commit()
    apply(signed_in, made["H3"].id, "accept", on=TODAY - timedelta(days=18), confirm_late=True)
    db.session.execute(update(WorkItem).where(WorkItem.id == made["H2"].id).values(owner_id=leader.id))
    db.session.execute(update(WorkItem).where(WorkItem.id == made["H4"].id).values(owner_id=None))
    db.session.commit()
    return made


@pytest.mark.parametrize("query, expected", [
    ("", ["H4", "H2", "H3", "H1"]),  # newest first
    ("target=UJC", ["H4", "H3", "H1"]),
    ("barrier_group=SOCIALA", ["H4", "H2"]),
    ("late=y", ["H1"]),
    ("target=AMC&late=y", []),
    ("target=NOPE", ["H4", "H2", "H3", "H1"]),  # a code not offered filters nothing
    ("case_ref=h", ["H4", "H2", "H3", "H1"]),  # any case
    ("sort=case_ref", ["H1", "H2", "H3", "H4"]),
    ("sort=-case_ref", ["H4", "H3", "H2", "H1"]),
    ("sort=due", ["H1", "H2", "H4", "H3"]),  # no due date last
    ("sort=-due", ["H4", "H2", "H1", "H3"]),
    ("sort=owner", ["H2", "H3", "H1", "H4"]),  # Lena, then Sara's newest first, the unassigned last
    ("sort=date&target=UJC", ["H1", "H3", "H4"]),
    ("sort=oldest", ["H1", "H3", "H2", "H4"]),  # an old bookmark still sorts
])
def test_filters_and_sorting(client, referrals, query, expected):
    assert _refs(page_text(client.get(f"/referrals/?{query}"))) == expected


def test_each_row_shows_its_due_date_and_light_and_links_on_its_case(client, referrals):
    html = page_text(client.get("/referrals/"))
    assert_page_shape(html)
    rows = {_refs(row)[0]: row for row in html.split("<tbody>")[1].split("</tr>") if _refs(row)}
    assert (TODAY - timedelta(days=16)).isoformat() in rows["H1"] and "Försenad" in rows["H1"]
    assert (TODAY + timedelta(days=4)).isoformat() in rows["H2"] and "Snart dags" in rows["H2"]
    assert (TODAY + timedelta(days=12)).isoformat() in rows["H4"] and "I tid" in rows["H4"]
    assert "light" not in rows["H3"]
    assert f'<a href="/items/{referrals["H1"].id}">H1</a>' in rows["H1"]


def test_the_headers_sort_by_links_and_say_which_way(client, referrals):
    html = page_text(client.get("/referrals/?target=UJC&sort=case_ref&page=1"))
    header = re.search(r'<th scope="col" aria-sort="ascending">\s*<a href="([^"]+)">Ärendereferens', html)
    assert header is not None
    link = header.group(1).replace("&amp;", "&")
    assert "sort=-case_ref" in link and "target=UJC" in link and "page=" not in link
    assert html.count("aria-sort=") == 1
    html = page_text(client.get(link))
    assert 'aria-sort="descending"' in html and _refs(html) == ["H4", "H3", "H1"]
    assert '<select id="sort"' not in html  # no drop-down any more
    # The filter form keeps the order chosen.
    assert '<input type="hidden" name="sort" value="-case_ref">' in html


def test_the_lists_filters_are_logged_with_the_codes_chosen(client, referrals):
    from caseflow.audit.models import AuditEvent
    client.get("/referrals/?target=UJC&late=y")
    row = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "items.list")
                             .order_by(AuditEvent.id.desc())).first()
    assert row.after["filter"]["target"] == "UJC" and row.after["filter"]["late"] is True
    assert row.after["shown"] == [referrals["H1"].id]

"""The start page and every list run a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.services import apply, edit_item
from tests.conftest import counted_queries
from tests.screens.caseworker_support import page_text

TODAY = today_local()
PAGES = ["/", "/referrals/", "/sublease-cases/", "/sip-plans/", "/sip-meetings/"]


def _make_rows(make_item, actor, n: int) -> None:
    """``n`` rows of every kind, on every section of the start page."""
    for i in range(n):
        make_item(ItemKind.REFERRAL, on=TODAY - timedelta(days=i % 20), actor=actor)
        make_item(ItemKind.SUBLEASE_CASE, on=TODAY - timedelta(days=i % 20), actor=actor)
        plan = make_item(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=40), actor=actor)
        make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY + timedelta(days=i % 7), actor=actor)
        held = make_item(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY - timedelta(days=30), actor=actor,
                         participants=["region", "other"])
        apply(actor, held.id, "hold", on=TODAY - timedelta(days=30))
        edit_item(actor, held.id, {"next_follow_up_on": TODAY + timedelta(days=i % 9 - 2)})
    db.session.commit()


def _queries_per_page(client) -> dict[str, int]:
    counts = {}
    for path in PAGES:
        client.get(path)  # warm: the session's user, Babel's catalog
        with counted_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200
        counts[path] = len(statements)
    return counts


@pytest.mark.parametrize("rows", [30])
def test_queries_do_not_grow_with_the_rows(client, signed_in, make_item, rows):
    _make_rows(make_item, signed_in, 3)
    few = _queries_per_page(client)
    _make_rows(make_item, signed_in, rows - 3)
    many = _queries_per_page(client)
    assert many == few
    assert page_text(client.get("/")).count('<tr class="mine">') >= rows  # the rows are really there

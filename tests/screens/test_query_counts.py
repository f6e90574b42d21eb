"""The caseload and action-plan pages run as many queries for 30 rows as for 3: no query per row."""

from __future__ import annotations


import pytest

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.measures.services import write_note
from caseflow.months import Month
from caseflow.permissions import Role
from tests.conftest import counted_queries, sign_in

MONTH = str(Month.of(today_local()))
PAGES = ["/caseload", "/caseload/reassign", "/measures", f"/measures/follow-up/{MONTH}"]


def _fill(n: int, leader, caseworker, make_item, make_user) -> None:
    for i in range(n):
        owner = caseworker if i % 2 else leader
        make_item(ItemKind.REFERRAL, actor=owner)
        make_item(ItemKind.SUBLEASE_CASE, actor=owner)
        measure = make_item(ItemKind.MEASURE, responsible_id=make_user(Role.UNIT_LEADER, "E6").id)
        if i % 2:
            write_note(leader, measure.id, Month.of(today_local()), f"Uppföljning {i}.")
    db.session.commit()


def _queries(client, path: str) -> int:
    client.get(path)  # warm up: connections, caches
    with counted_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", PAGES)
def test_the_same_number_of_queries_for_3_rows_as_for_30(app, client, make_user, make_item, leader, caseworker,
                                                          path):
    sign_in(client, leader.username)
    _fill(3, leader, caseworker, make_item, make_user)
    few = _queries(client, path)
    _fill(27, leader, caseworker, make_item, make_user)
    many = _queries(client, path)
    assert many == few, (path, few, many)
    assert few <= 8, few

"""A create form is saved once however often it is sent, and asks before saving a likely duplicate or a
date far back (issue 18)."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.services import apply
from caseflow.referrals.models import Referral
from caseflow.sublease.models import SubleaseCase
from tests.conftest import sign_in
from tests.screens.caseworker_support import BASE_DAY, page_text

SUBMISSION = "0123456789abcdef0123456789abcdef"


def _form(**fields) -> dict:
    return {"person_ref": "P-1", "case_ref": "H-1", "sent_on": BASE_DAY.isoformat(), "target": "UJC",
            "barrier_group": "", "submission_id": SUBMISSION} | fields


def _referrals() -> list[tuple]:
    return db.session.execute(sa.select(Referral.id, Referral.person_ref).order_by(Referral.id)).all()


def test_the_empty_form_carries_a_fresh_one_time_id(client, signed_in):
    ids = [re.search(r'name="submission_id" type="hidden" value="([0-9a-f]{32})"',
                     page_text(client.get("/referrals/new"))).group(1) for _ in range(2)]
    assert ids[0] != ids[1]


def test_a_form_sent_again_lands_on_the_first_item(client, signed_in):
    first = client.post("/referrals/new", data=_form())
    again = client.post("/referrals/new", data=_form())
    [(item_id, _person)] = _referrals()
    assert first.headers["Location"] == again.headers["Location"] == f"/items/{item_id}"
    assert "Formuläret skickades två gånger; det är sparat en gång, här." in page_text(client.get(again.headers["Location"]))


def test_another_users_form_id_saves_nothing_of_theirs(client, signed_in, make_user):
    assert client.post("/referrals/new", data=_form()).status_code == 302
    other = make_user("caseworker", "E6", username="olle")
    client.post("/logout")
    sign_in(client, other.username)
    answer = client.post("/referrals/new", data=_form(person_ref="P-2", case_ref="H-2"))
    assert answer.status_code == 409  # shown again with a new id, to send again
    assert SUBMISSION not in page_text(answer)
    assert [person for _id, person in _referrals()] == ["P-1"]


@pytest.mark.committed
@pytest.mark.both_databases
def test_two_simultaneous_posts_of_one_form_make_one_item(app, caseworker):
    """A double click: two requests of the same form, on two connections, at the same moment."""
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        assert sign_in(client, caseworker.username).status_code == 302
    start, answers = threading.Barrier(len(clients)), []

    def post(client):
        start.wait()
        answers.append(client.post("/referrals/new", data=_form()))

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.expire_all()
    [(item_id, _person)] = _referrals()
    assert sorted(a.status_code for a in answers) == [302, 302]
    assert {a.headers["Location"] for a in answers} == {f"/items/{item_id}"}


def test_a_likely_duplicate_is_named_and_saved_only_once_confirmed(client, signed_in, make_item):
    existing = make_item(ItemKind.REFERRAL, on=BASE_DAY - timedelta(days=3))  # P1, H1
    form = _form(person_ref="P1", case_ref="H1")
    asked = client.post("/referrals/new", data=form)
    assert asked.status_code == 409
    page = page_text(asked)
    assert "Det här kan redan vara registrerat:" in page
    assert f'href="/items/{existing.id}"' in page
    assert 'name="confirm_duplicate"' in page
    assert [i for i, _p in _referrals()] == [existing.id]
    assert client.post("/referrals/new", data=form | {"confirm_duplicate": "y"}).status_code == 302
    assert len(_referrals()) == 2


@pytest.mark.parametrize("other, asks", [
    ({"person_ref": "P1", "case_ref": "H1", "days": 7}, True),
    ({"person_ref": "P1", "case_ref": "H1", "days": 8}, False),  # more than a week apart
    ({"person_ref": "P2", "case_ref": "H1", "days": 0}, False),  # another person of the household
    ({"person_ref": "P1", "case_ref": "H2", "days": 0}, False),
])
def test_what_counts_as_a_likely_duplicate(client, signed_in, make_item, other, asks):
    make_item(ItemKind.REFERRAL, on=BASE_DAY)  # P1, H1
    form = _form(person_ref=other["person_ref"], case_ref=other["case_ref"],
                 sent_on=(BASE_DAY - timedelta(days=other["days"])).isoformat())
    assert client.post("/referrals/new", data=form).status_code == (409 if asks else 302)


def test_a_voided_item_is_no_duplicate(client, signed_in, make_item, leader):
    existing = make_item(ItemKind.REFERRAL, on=BASE_DAY)
    apply(leader, existing.id, "void", on=today_local(), reason="Fel person")
    db.session.commit()
    assert client.post("/referrals/new", data=_form(person_ref="P1", case_ref="H1")).status_code == 302


def test_a_sublease_case_of_the_same_household_is_asked_about(client, signed_in, make_item):
    make_item(ItemKind.SUBLEASE_CASE, on=BASE_DAY)  # H1
    form = {"case_ref": "H1", "applied_on": BASE_DAY.isoformat(), "contract_type": "sublease"}
    assert client.post("/sublease-cases/new", data=form).status_code == 409
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SubleaseCase)) == 1


def test_a_date_more_than_90_days_back_is_asked_about_once(client, signed_in):
    far = (today_local() - timedelta(days=91)).isoformat()
    asked = client.post("/referrals/new", data=_form(sent_on=far))
    assert asked.status_code == 409
    assert "Är datumet rätt? Det ligger mer än 90 dagar bakåt." in page_text(asked)
    assert _referrals() == []
    assert client.post("/referrals/new", data=_form(sent_on=far, confirm_old_date="y")).status_code == 302
    assert len(_referrals()) == 1


def test_a_date_90_days_back_is_not_asked_about(client, signed_in):
    on = (today_local() - timedelta(days=90)).isoformat()
    assert client.post("/referrals/new", data=_form(sent_on=on)).status_code == 302

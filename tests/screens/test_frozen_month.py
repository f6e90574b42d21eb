"""Late registration into a month whose report is frozen: the item page says so, asks to confirm, and
saves nothing until confirmed; confirmed, it saves and the report page shows the change."""

from __future__ import annotations

import html
from datetime import date

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.models import Transition, WorkItem
from caseflow.permissions import Role
from caseflow.reports.freeze import freeze_report
from caseflow.reports.rollup import rollup_months
from tests.conftest import sign_in
from tests.screens.caseworker_support import error_text, page_text

FROZEN_V2 = "Månaden är redan rapporterad till nämnden (fryst version 2) — bekräfta efterregistreringen"
CONFIRM_LABEL = "Jag bekräftar efterregistreringen i en redan rapporterad månad"


def _state(item_id: int) -> tuple[str, int]:
    db.session.expire_all()
    item = db.session.get(WorkItem, item_id)
    return item.state, item.version


def _transitions(item_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Transition).where(Transition.item_id == item_id))


def _freeze_november_twice() -> None:
    freeze_report(202011)
    db.session.commit()
    freeze_report(202011)
    db.session.commit()


def test_an_event_dated_in_a_frozen_month_is_saved_only_once_confirmed(app, client, signed_in, make_item,
                                                                       make_user):
    referral = make_item(ItemKind.REFERRAL, on=date(2020, 11, 2), actor=signed_in)
    _freeze_november_twice()
    assert "confirm_frozen" not in page_text(client.get(f"/items/{referral.id}"))  # asked only when needed

    form = {"reject-on": "2020-11-20", "reject-version": "1", "reject-reason": "Avvisad av UJC"}
    response = client.post(f"/items/{referral.id}/events/reject", data=form)
    assert response.status_code == 422
    shown = page_text(response)
    assert error_text(shown, "reject-on") == FROZEN_V2
    assert 'name="reject-confirm_frozen" type="checkbox"' in shown and CONFIRM_LABEL in shown
    assert _state(referral.id) == ("sent", 1) and _transitions(referral.id) == 1

    response = client.post(f"/items/{referral.id}/events/reject", data=form | {"reject-confirm_frozen": "y"})
    assert response.status_code == 302
    assert _state(referral.id) == ("rejected", 2) and _transitions(referral.id) == 2

    # The report page shows the frozen count beside the live one, once the month is rolled up again.
    rollup_months(202011, 202011)
    db.session.commit()
    analyst = make_user(Role.ANALYST, username="anna")
    reader = app.test_client()
    assert sign_in(reader, analyst.username).status_code == 302
    report = page_text(reader.get("/reports/2020-11"))
    assert "1 uppgift har ändrats sedan frysningen" in report
    assert ('Arbetsmarknadsuppdrag och inflöde, Antal arbetsmarknadsuppdrag, individer (exkl. status "avvisad"), '
            "nov: 1 → 0 (-1)") in html.unescape(report)


def test_a_month_not_frozen_asks_nothing(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, on=date(2020, 12, 1), actor=signed_in)
    _freeze_november_twice()
    response = client.post(f"/items/{referral.id}/events/accept",
                           data={"accept-on": "2020-12-03", "accept-version": "1"})
    assert response.status_code == 302 and _state(referral.id) == ("accepted", 2)


def test_an_edited_date_moved_into_a_frozen_month_asks_too_but_an_unchanged_one_does_not(client, signed_in,
                                                                                          make_item):
    december = make_item(ItemKind.REFERRAL, on=date(2020, 12, 1), actor=signed_in)
    november = make_item(ItemKind.REFERRAL, on=date(2020, 11, 5), actor=signed_in)
    _freeze_november_twice()
    moved = {"edit-version": "1", "edit-person_ref": december.person_ref, "edit-sent_on": "2020-11-10",
             "edit-target": december.target, "edit-barrier_group": ""}
    response = client.post(f"/items/{december.id}/edit", data=moved)
    assert response.status_code == 422
    assert error_text(page_text(response), "edit-sent_on") == FROZEN_V2
    db.session.expire_all()
    assert db.session.get(WorkItem, december.id).sent_on == date(2020, 12, 1)
    assert client.post(f"/items/{december.id}/edit", data=moved | {"edit-confirm_frozen": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkItem, december.id).sent_on == date(2020, 11, 10)

    # November's own referral, its date left as it was: another person changes November's
    # referrals_sent, so it asks; another target is counted by no metric, so it does not.
    other_person = {"edit-version": "1", "edit-person_ref": "P-ny", "edit-sent_on": "2020-11-05",
                    "edit-target": november.target, "edit-barrier_group": ""}
    response = client.post(f"/items/{november.id}/edit", data=other_person)
    assert response.status_code == 422
    assert error_text(page_text(response), "edit-person_ref") == FROZEN_V2
    other_target = other_person | {"edit-person_ref": november.person_ref, "edit-target": "AMC"}
    assert client.post(f"/items/{november.id}/edit", data=other_target).status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkItem, november.id).target == "AMC"


def test_a_kir_check_dated_in_a_frozen_month_asks_to_confirm(client, signed_in, make_item):
    case = make_item(ItemKind.SUBLEASE_CASE, on=date(2020, 11, 2), actor=signed_in)
    _freeze_november_twice()
    form = {"kir-version": "1", "kir-kir_checked_on": "2020-11-04", "kir-registered_at_address": "3"}
    response = client.post(f"/sublease-cases/{case.id}/kir-check", data=form)
    assert response.status_code == 422
    assert error_text(page_text(response), "kir-kir_checked_on") == FROZEN_V2
    assert client.post(f"/sublease-cases/{case.id}/kir-check", data=form | {"kir-confirm_frozen": "y"}) \
        .status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkItem, case.id).kir_checked_on == date(2020, 11, 4)

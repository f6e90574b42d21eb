"""A refused form keeps what was typed, and a refusal says why in words (issue 18)."""

from __future__ import annotations

import re
from datetime import timedelta

from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.items.models import WorkItem
from caseflow.items.services import apply, edit_item
from caseflow.kinds import ItemKind
from tests.screens.caseworker_support import BASE_DAY, page_text

COMMENT = "Klienten flyttar till annan kommun"


def test_a_stale_form_is_shown_again_with_what_was_typed(client, signed_in, make_item, leader):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    edit_item(leader, referral.id, {"target": "AMC"})  # tab A, or a colleague, meanwhile: version 2
    db.session.commit()
    on = (BASE_DAY + timedelta(days=2)).isoformat()
    response = client.post(f"/items/{referral.id}/events/accept",
                           data={"accept-on": on, "accept-version": "1", "accept-note": COMMENT})
    assert response.status_code == 409
    html = page_text(response)
    assert "Inte sparat: någon annan har ändrat ärendet under tiden" in html
    assert f"{COMMENT}</textarea>" in html  # in the form, as typed
    assert f'name="accept-on" required type="date" value="{on}"' in html
    assert 'name="accept-version" type="hidden" value="2"' in html  # ready to send again
    resent = client.post(f"/items/{referral.id}/events/accept",
                         data={"accept-on": on, "accept-version": "2", "accept-note": COMMENT})
    assert resent.status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkItem, referral.id).state == "accepted"


def test_what_was_typed_is_listed_when_the_form_is_no_longer_offered(client, signed_in, make_item, leader):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    apply(leader, referral.id, "withdraw", on=BASE_DAY + timedelta(days=1), reason="Dubblett")
    db.session.commit()
    response = client.post(f"/items/{referral.id}/events/accept", data={
        "accept-on": today_local().isoformat(), "accept-version": "1", "accept-note": COMMENT})
    assert response.status_code == 409
    html = page_text(response)
    assert "Det du skrev:" in html and COMMENT in html and "/events/accept" not in html


def test_an_illegal_event_is_refused_in_words(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    response = client.post(f"/items/{referral.id}/events/complete", data={
        "complete-on": today_local().isoformat(), "complete-version": "1", "complete-outcome": "work"})
    assert response.status_code == 409
    html = page_text(response)
    assert "Anvisning kan inte markeras som ”Avslutad” när status är ”Skickad”." in html
    assert "complete" not in html.split('class="flashes"')[1].split("</div>")[0]


def _language_links(html: str) -> list[str]:
    footer = html.split('<footer class="site-footer">')[1]
    return re.findall(r'<a href="([^"]+)" lang="(?:sv|en)"', footer)


def test_the_language_switch_after_a_refused_event_loads_the_item_page(client, signed_in, make_item):
    referral = make_item(ItemKind.REFERRAL, actor=signed_in)
    refused = client.post(f"/items/{referral.id}/events/accept", data={"accept-on": "igår", "accept-version": "1"})
    assert refused.status_code == 422
    links = _language_links(page_text(refused))
    assert links == [f"/items/{referral.id}?lang=sv", f"/items/{referral.id}?lang=en"]
    english = client.get(links[1])
    assert english.status_code == 200 and '<html lang="en">' in page_text(english)


def test_the_language_switch_keeps_the_page_and_its_filters(client, signed_in):
    links = _language_links(page_text(client.get("/referrals/?state=sent&lang=sv")))
    assert links[1] == "/referrals/?state=sent&amp;lang=en"  # escaped in the HTML


def test_the_language_switch_after_a_refused_create_form_loads_the_form(client, signed_in):
    refused = client.post("/referrals/new", data={"person_ref": ""})
    assert refused.status_code == 422
    assert _language_links(page_text(refused))[1] == "/referrals/new?lang=en"

"""What the logs keep besides changes: each list of items shown, each refused look at another unit's
item, each sign-out (issue 17)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.permissions import Role
from tests.conftest import sign_in

pytestmark = pytest.mark.both_databases  # the refusal outlives its request's rollback on each


def _rows(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_each_list_shown_is_logged_with_who_which_list_the_filter_and_the_rows(client, caseworker, make_item):
    items = [make_item(ItemKind.REFERRAL) for _ in range(3)]
    sign_in(client, "sara")
    assert client.get("/referrals/").status_code == 200
    assert client.get(f"/referrals/?case_ref={items[0].case_ref}&sort=oldest").status_code == 200
    assert client.get("/sublease-cases/").status_code == 200

    whole, filtered, sublease = _rows("items.list")
    assert (whole.actor_user_id, whole.unit_id) == (caseworker.id, caseworker.unit_id)
    assert whole.after == {"list": "referral", "filter": {"sort": "-date"}, "rows": 3,
                           "shown": sorted((i.id for i in items), reverse=True)}
    assert filtered.after["filter"] == {"case_ref": items[0].case_ref, "sort": "date"}  # the old sort, as the headers name it
    assert (filtered.after["rows"], filtered.after["shown"]) == (1, [items[0].id])
    assert sublease.after == {"list": "sublease_case", "filter": {"sort": "-date"}, "rows": 0, "shown": []}
    # The log keeps ids and the filter as typed, never the references the list showed.
    assert items[1].case_ref not in str(whole.after) and items[1].person_ref not in str(whole.after)


def test_a_refused_look_at_another_units_item_is_logged_for_that_unit(client, make_user, make_item):
    item = make_item(ItemKind.REFERRAL)
    olle = make_user(Role.CASEWORKER, "E2", username="olle")
    sign_in(client, "olle")
    assert client.get(f"/items/{item.id}").status_code == 404
    assert client.post(f"/items/{item.id}/events/accept", data={}).status_code == 404
    assert client.get("/items/999999").status_code == 404  # a missing item is nobody's probe

    refused = _rows("item.access_refused")
    assert [(r.actor_user_id, r.entity, r.entity_id, r.unit_id) for r in refused] == [
        (olle.id, "work_item", item.id, item.unit_id)] * 2
    assert not _rows("item.accept")  # the refused post changed nothing


def test_a_refused_api_read_is_logged_with_the_token(client, app, make_item, make_user):
    from caseflow.api.tokens import create_token
    item = make_item(ItemKind.REFERRAL)
    make_user(Role.CASEWORKER, "E2")
    token, secret = create_token("robot-e2", "ingest", _unit("E2"))
    db.session.commit()
    answer = client.get(f"/api/v1/items/{item.id}", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 404
    (refused,) = _rows("item.access_refused")
    assert (refused.actor_token_id, refused.actor_user_id, refused.entity_id) == (token.id, None, item.id)


def _unit(code):
    from caseflow.units.models import Unit
    return db.session.scalar(sa.select(Unit).where(Unit.code == code))


def test_signing_out_is_logged(client, caseworker):
    sign_in(client, "sara")
    assert client.post("/logout").status_code == 302
    (out,) = _rows("auth.logout")
    assert (out.actor_user_id, out.entity_id, out.unit_id) == (caseworker.id, caseworker.id, caseworker.unit_id)

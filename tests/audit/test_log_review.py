"""Log review: the access and audit logs, scoped to the reader, filtered, paginated, exported as CSV."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

import caseflow
from caseflow.audit.models import AccessLog, AuditEvent
from caseflow.audit.words import ACTION_LABELS, ENTITY_LABELS
from caseflow.checks.services import record_checks
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from tests.conftest import sign_in


@pytest.fixture
def people(make_user):
    leader = make_user(Role.UNIT_LEADER, "E6", username="lena", display_name="Lena Larsson")
    sara = make_user(Role.CASEWORKER, "E6", username="sara", display_name="Sara Svensson")
    olle = make_user(Role.CASEWORKER, "E2", username="olle", display_name="Olle Olsson")
    admin = make_user(Role.ADMIN, username="adam", display_name="Adam Admin")
    return leader, sara, olle, admin


@pytest.fixture
def items(people):
    """Referrals H11 and H12 of E6 and H21 of E2, by id; the logs emptied of their making."""
    leader, sara, olle, _ = people
    made = {}
    for name, actor, case_ref in (("11", sara, "H11"), ("12", sara, "H12"), ("21", olle, "H21")):
        made[name] = create_referral(actor, unit=actor.unit, person_ref="P" + name, case_ref=case_ref,
                                     sent_on=datetime(2026, 3, 2).date(), target="UJC", confirm_late=True).id
    db.session.commit()
    db.session.execute(sa.delete(AuditEvent))
    db.session.execute(sa.delete(AccessLog))
    db.session.commit()
    return made


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def rows(people, items):
    """Log rows written by hand: two units, two days either side of a Stockholm midnight."""
    leader, sara, olle, _ = people
    e6, e2 = leader.unit_id, olle.unit_id
    i11, i12, i21 = items["11"], items["12"], items["21"]
    db.session.add_all([
        AccessLog(at=_at("2026-03-31 21:30"), user_id=sara.id, item_id=i11, unit_id=e6, channel="web"),
        AccessLog(at=_at("2026-03-31 22:30"), user_id=sara.id, item_id=i12, unit_id=e6, channel="web"),
        AccessLog(at=_at("2026-04-02 08:00"), user_id=leader.id, item_id=i11, unit_id=e6, channel="web"),
        AccessLog(at=_at("2026-04-02 09:00"), user_id=olle.id, item_id=i21, unit_id=e2, channel="api"),
        AuditEvent(at=_at("2026-04-01 07:15"), actor_user_id=sara.id, action="item.accept", entity="work_item",
                   entity_id=i11, unit_id=e6, before={"state": "sent"}, after={"state": "accepted"}),
        AuditEvent(at=_at("2026-04-01 08:00"), actor_user_id=leader.id, action="item.reassign",
                   entity="work_item", entity_id=i12, unit_id=e6, before={"owner_id": sara.id},
                   after={"owner_id": leader.id}),
        AuditEvent(at=_at("2026-04-01 09:00"), actor_user_id=olle.id, action="item.accept", entity="work_item",
                   entity_id=i21, unit_id=e2, before={"state": "sent"}, after={"state": "accepted"}),
        AuditEvent(at=_at("2026-04-01 10:00"), actor_user_id=None, action="auth.login_failed",
                   entity="user_account", entity_id=None, unit_id=None),
    ])
    db.session.commit()
    return items


def _body_rows(page: str) -> int:
    return page.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")


def test_a_leader_sees_the_rows_of_the_unit_and_an_admin_all_newest_first(client, people, rows):
    sign_in(client, "lena")
    page = client.get("/logs/access").get_data(as_text=True)
    assert page.count("<h1>") == 1 and "<title>Åtkomstlogg – Caseflow</title>" in page
    assert _body_rows(page) == 3 and "Olle" not in page.split("<tbody>")[1]
    assert page.index(f'href="/items/{rows["11"]}"') < page.index(f'href="/items/{rows["12"]}"')  # 2026-04-02 first
    page = client.get("/logs/audit").get_data(as_text=True)
    assert _body_rows(page) == 2 and "Misslyckad inloggning" not in page
    admin = client.application.test_client()
    sign_in(admin, "adam")
    assert _body_rows(admin.get("/logs/access").get_data(as_text=True)) == 4
    page = admin.get("/logs/audit").get_data(as_text=True)
    assert _body_rows(page) == 6 and page.count("<td>Loggade in</td>") == 2  # and the two sign-ins just made
    assert page.count("<td>Misslyckad inloggning</td>") == 1
    assert client.get("/logs/other").status_code == 404


def test_filters_by_user_item_and_stockholm_dates(client, people, rows):
    sign_in(client, "adam")
    assert _body_rows(client.get("/logs/access?user=sara").get_data(as_text=True)) == 2
    assert _body_rows(client.get(f"/logs/access?item_id={rows['11']}").get_data(as_text=True)) == 2
    assert _body_rows(client.get(f"/logs/audit?item_id={rows['12']}").get_data(as_text=True)) == 1
    # 2026-03-31 22:30 UTC is 00:30 on 1 April in Stockholm.
    page = client.get("/logs/access?date_from=2026-04-01&date_to=2026-04-01").get_data(as_text=True)
    assert _body_rows(page) == 1 and "Anvisning nr" in page  # an admin sees no case: no link, no reference
    assert _body_rows(client.get("/logs/access?date_to=2026-03-31").get_data(as_text=True)) == 1


def test_filter_errors_are_swedish_next_to_their_fields(client, people, rows):
    sign_in(client, "lena")
    response = client.get("/logs/access?user=nobody&date_from=2026-04-02&date_to=2026-04-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="error" id="date_to-error">Slutdatumet är före startdatumet.</p>' in page
    response = client.get("/logs/access?user=nobody")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="error" id="user-error">Ingen användare har det användarnamnet.</p>' in page
    assert _body_rows(page) == 0


def test_viewing_is_not_logged_but_exporting_is(client, people, rows):
    sign_in(client, "lena")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    client.get("/logs/access")
    client.get("/logs/audit?user=sara")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == before
    response = client.post("/logs/audit/export", data={"user": "sara", "date_from": "2026-04-01"})
    assert response.status_code == 200
    [event] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "audit.export"))
    assert event.actor_user_id == people[0].id and event.unit_id == people[0].unit_id
    assert event.after == {"filters": {"user": "sara", "item_id": None, "from": "2026-04-01", "to": None},
                           "rows": 1}


def test_the_csv_export_holds_the_filtered_rows(client, people, rows):
    sign_in(client, "lena")
    response = client.post("/logs/access/export", data={})
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="caseflow-access-log-')
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert response.data.decode("utf-8-sig") == (
        "Tid;Namn;Användarnamn;Ärende;Enhet;Kanal\r\n"
        "2026-04-02 10:00:00;Lena Larsson;lena;Anvisning H11;E6;Webb\r\n"
        "2026-04-01 00:30:00;Sara Svensson;sara;Anvisning H12;E6;Webb\r\n"
        "2026-03-31 23:30:00;Sara Svensson;sara;Anvisning H11;E6;Webb\r\n")
    response = client.post("/logs/audit/export", data={"item_id": str(rows["12"])})
    assert response.data.decode("utf-8-sig") == (
        "Tid;Namn;Användarnamn;Händelse;Objekt;Enhet;Ändringar (före → efter)\r\n"
        "2026-04-01 10:00:00;Lena Larsson;lena;Omfördelat;Anvisning H12;E6;Ansvarig handläggare: Sara Svensson → Lena Larsson\r\n")


def test_an_export_with_a_bad_filter_is_refused_and_not_logged(client, people, rows):
    sign_in(client, "lena")
    response = client.post("/logs/audit/export", data={"user": "nobody"})
    assert response.status_code == 302 and response.headers["Location"] == "/logs/audit?user=nobody"
    assert "Ingen användare har det användarnamnet." in client.get(response.headers["Location"]).get_data(
        as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "audit.export")) == 0


def test_the_log_paginates_on_the_server(client, people, items):
    leader = people[0]
    db.session.add_all([AccessLog(at=_at(f"2026-05-01 10:{i:02d}"), user_id=leader.id, item_id=items["11"],
                                  unit_id=leader.unit_id, channel="web") for i in range(54)]
                       + [AccessLog(at=_at("2026-04-01 10:00"), user_id=leader.id, item_id=items["12"],
                                    unit_id=leader.unit_id, channel="web")])
    db.session.commit()
    sign_in(client, "lena")
    page = client.get("/logs/access").get_data(as_text=True)
    assert "Hittade: 55" in page and "Sida 1 av 2" in page and _body_rows(page) == 50
    page = client.get("/logs/access?page=2").get_data(as_text=True)
    assert _body_rows(page) == 5 and f'href="/items/{items["12"]}"' in page


@pytest.fixture
def referenced(people):
    """An item's creation in E6, its references in the audit row as the item services write them."""
    leader = people[0]
    item = create_referral(leader, unit=leader.unit, person_ref="P6179", case_ref="H394",
                           sent_on=datetime(2026, 3, 2).date(), target="UJC", confirm_late=True)
    db.session.commit()
    return item.id


def test_an_admin_sees_references_masked_on_the_page_and_in_the_csv_and_the_units_leader_sees_them(
        app, client, people, referenced):
    sign_in(client, "adam")
    page = client.get(f"/logs/audit?item_id={referenced}").get_data(as_text=True)
    assert "H394" not in page and "P6179" not in page and "Status: Skickad" in page
    csv_text = client.post("/logs/audit/export", data={"item_id": str(referenced)}).data.decode("utf-8-sig")
    assert "H394" not in csv_text and "P6179" not in csv_text
    assert "Ärendereferens (hushåll): •••" in csv_text and "Personreferens: •••" in csv_text

    leaders = app.test_client()
    sign_in(leaders, "lena")
    assert "H394" in leaders.get(f"/logs/audit?item_id={referenced}").get_data(as_text=True)
    assert "Ärendereferens (hushåll): H394" in leaders.post(
        "/logs/audit/export", data={"item_id": str(referenced)}).data.decode("utf-8-sig")


def test_a_leaders_user_filter_offers_the_units_users_and_treats_others_as_unknown(client, people, rows):
    sign_in(client, "lena")
    page = client.get("/logs/access").get_data(as_text=True)
    offered = page.split('<select id="user" name="user">')[1].split("</select>")[0]
    assert offered.split() == ['<option', 'value="">Alla</option>', '<option', 'value="lena">Lena', 'Larsson',
                               '(lena)</option><option', 'value="sara">Sara', 'Svensson', '(sara)</option>']
    for elsewhere in ("olle", "adam", "nobody"):
        response = client.get(f"/logs/access?user={elsewhere}")
        assert response.status_code == 422
        assert "Ingen användare har det användarnamnet." in response.get_data(as_text=True)
    assert _body_rows(client.get("/logs/access?user=sara").get_data(as_text=True)) == 2


def test_a_leader_may_still_filter_by_someone_who_left_the_unit_but_has_rows_in_its_log(client, people, rows):
    leader, sara, olle, _ = people
    sara.unit_id = olle.unit_id  # moved to E2; her E6 rows stay E6's
    db.session.commit()
    sign_in(client, "lena")
    assert _body_rows(client.get("/logs/access?user=sara").get_data(as_text=True)) == 2


def test_a_leaders_rows_read_in_words_with_the_item_linked_by_its_case(client, people, rows):
    sign_in(client, "lena")
    page = client.get("/logs/audit?user=sara").get_data(as_text=True)
    row = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "<td>Sara Svensson</td>" in row
    assert f'<a href="/items/{rows["11"]}">Anvisning H11</a>' in row
    assert "<li>Status: Skickad → Antagen</li>" in row
    assert "item.accept" not in row and "work_item" not in row and "{" not in row
    page = client.get(f"/logs/audit?item_id={rows['12']}").get_data(as_text=True)
    assert "<td>Omfördelat</td>" in page and "<li>Ansvarig handläggare: Sara Svensson → Lena Larsson</li>" in page


def test_a_search_reads_as_one_in_the_log_with_the_reference_masked_to_an_admin(app, client, people, items):
    sign_in(client, "sara")
    client.get("/search?q=H1")
    leaders = app.test_client()
    sign_in(leaders, "lena")
    page = leaders.get("/logs/audit?user=sara").get_data(as_text=True)
    assert "<td>Sökte</td>" in page and "<li>Valt filter: Referens: H1</li>" in page
    assert "<li>Visade ärenden: 2 ärenden</li>" in page
    admins = app.test_client()
    sign_in(admins, "adam")
    page = admins.get("/logs/audit?user=sara").get_data(as_text=True)
    assert "<li>Valt filter: Referens: •••</li>" in page and "H1" not in page.split("<tbody>")[1]


def test_a_lists_filter_reads_in_the_kinds_words(app, client, people, items):
    sign_in(client, "sara")
    client.get("/referrals/?target=UJC&late=y&sort=case_ref")
    leaders = app.test_client()
    sign_in(leaders, "lena")
    page = leaders.get("/logs/audit?user=sara").get_data(as_text=True)
    assert "<td>Visade en lista</td>" in page and "<li>Lista: Anvisning</li>" in page
    assert "<li>Valt filter: Bara försenade: Ja, Anvisad till: UJC</li>" in page


def test_registry_checks_read_in_words_with_their_months(app, client, people, items):
    leader, sara, _, _ = people
    rows = [{"case_ref": "H11", "performed_on": date(2026, 2, 27), "actor": "caseworker", "persons_checked": 1},
            *({"case_ref": f"H{1000 + i}", "performed_on": date(2026, 3, 2), "actor": "robot", "persons_checked": 2}
              for i in range(1379))]
    record_checks(rows, leader.unit_id, actor=sara)
    db.session.commit()
    sign_in(client, "lena")
    row = client.get("/logs/audit?user=sara").get_data(as_text=True).split("<tbody>")[1].split("</tbody>")[0]
    assert "<td>Kontroll registrerad</td>" in row and "<td>Kontroller</td>" in row
    assert "<li>Antal: 1\u00a0380</li>" in row and "<li>Månader: feb-26, mar-26</li>" in row
    assert "control_check" not in row and "202602" not in row and "H11" not in row


def test_every_action_and_thing_the_code_logs_has_words():
    """An action or a thing named by a ``record_change`` call with no words shows as its code in the log."""
    called = re.compile(r'record_change\(\s*"([a-z_.]+)",\s*"([a-z_]+)"')
    found = {m.groups() for path in Path(caseflow.__file__).parent.rglob("*.py") for m in called.finditer(
        path.read_text(encoding="utf-8"))}
    assert len(found) > 25  # the calls were found at all
    # An item's creation is worded as its kind's event, a reassignment by the item's history.
    worded_by_the_items = {"item.create", "item.reassign"}
    assert sorted(a for a, _ in found if a not in ACTION_LABELS and a not in worded_by_the_items) == []
    assert sorted({e for _, e in found} - set(ENTITY_LABELS) - {"work_item"}) == []

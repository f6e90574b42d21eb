"""Every list page and API list runs as many SQL statements for 30 rows as for 3: no query per row.

One world of data grows from 3 to 30 rows of each kind, spread over owners, units, plans, tokens
and analysts, with transitions, notes, access and audit rows; each role's pages are counted
before and after, each after a warm-up request (the session's user, Babel's catalog).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from caseflow.api.tokens import create_token
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.figures.csv_import import import_figures_csv
from caseflow.figures.models import ImportSource
from caseflow.items.access import read_item
from caseflow.kinds import ItemKind
from caseflow.items.services import apply, edit_item
from caseflow.measures.services import write_note
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.reports.freeze import freeze_report
from caseflow.reports.rollup import rollup_months
from caseflow.units.models import Unit
from tests.conftest import counted_queries, sign_in
from tests.factories import BASE_DAY

TODAY = today_local()
MONTH = Month.of(TODAY)
FEW, MANY = 3, 30


class World:
    """The data every page lists, made through the services; ``grow(n)`` adds rows up to ``n`` of each kind."""

    def __init__(self, leader, caseworker, make_user, make_item):
        self.leader, self.caseworker = leader, caseworker
        self.make_user, self.make_item = make_user, make_item
        self.owners = [leader, caseworker]
        self.size = 0
        self.analyst = make_user(Role.ANALYST)
        self.admin = make_user(Role.ADMIN)
        self.token, self.plain_token = create_token("robot-e6", "ingest", leader.unit)
        self.read_plain = create_token("reader", "read", None)[1]
        db.session.commit()
        #: One measure and one SIP plan whose history and meetings grow with the rows.
        self.long_measure = make_item(ItemKind.MEASURE, on=BASE_DAY)
        apply(leader, self.long_measure.id, "start", on=BASE_DAY)
        self.long_plan = make_item(ItemKind.SIP_PLAN, on=BASE_DAY)
        db.session.commit()

    def grow(self, n: int) -> None:
        for i in range(self.size, n):
            self._row(i)
            db.session.commit()
        self.size = n
        rollup_months(Month.of(BASE_DAY), MONTH)
        freeze_report(MONTH, actor=self.make_user(Role.ANALYST))
        db.session.commit()

    def _row(self, i: int) -> None:
        if i % 2:  # the unit gains a member every other row, so a row's owner is often a new one
            self.owners.append(self.make_user(Role.CASEWORKER if i % 4 == 1 else Role.UNIT_LEADER, "E6"))
        owner, actor = self.owners[-1], self.owners[-1] if i % 3 else self.token  # the token's are unowned
        on = TODAY - timedelta(days=i % 20)
        make, event_on = self.make_item, TODAY - timedelta(days=i % 3)

        referral = make(ItemKind.REFERRAL, on=on, actor=actor)
        if i % 3 == 1:
            apply(self.leader, referral.id, "accept", on=on, confirm_late=True)
        sublease = make(ItemKind.SUBLEASE_CASE, on=on, actor=actor)
        if i % 3 == 2:
            apply(self.caseworker, sublease.id, "reject", on=on, confirm_late=True)

        plan = make(ItemKind.SIP_PLAN, on=TODAY - timedelta(days=40), actor=actor,
                    **({} if actor is self.token else {"coordinator_id": owner.id}))
        make(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY + timedelta(days=i % 7), actor=actor,
             participants=["region", "arbetsformedlingen"][: 1 + i % 2])
        held = make(ItemKind.SIP_MEETING, plan=plan, scheduled_for=TODAY - timedelta(days=30), actor=self.leader,
                    participants=["region", "other"])
        apply(self.leader, held.id, "hold", on=TODAY - timedelta(days=30), confirm_late=True)
        edit_item(self.leader, held.id, {"next_follow_up_on": TODAY + timedelta(days=i % 9 - 2)})
        make(ItemKind.SIP_MEETING, plan=self.long_plan, scheduled_for=TODAY + timedelta(days=i % 5),
             actor=self.leader, participants=["forsakringskassan"])

        responsible = self.make_user(Role.UNIT_LEADER, "E6")
        measure = make(ItemKind.MEASURE, on=BASE_DAY, responsible_id=responsible.id,
                       plan=f"Verksamhetsplan {2020 + i // 4}")
        apply(self.leader, measure.id, "start", on=BASE_DAY, confirm_late=True)
        if i % 2:
            write_note(responsible, measure.id, MONTH, f"Uppföljning {i}.")
        if i % 5 == 4:
            apply(self.leader, measure.id, "pause", on=event_on, confirm_late=True)
        apply(self.leader if i % 2 else self.token, self.long_measure.id, "pause" if i % 2 == 0 else "resume",
              on=BASE_DAY + timedelta(days=i), confirm_late=True)

        # Another unit, with its own people and token: the admin's lists and the whole log.
        other = self.make_user(Role.CASEWORKER, f"X{i}")
        create_token(f"robot-{i}", "ingest" if i % 2 else "read", db.session.get(Unit, other.unit_id))
        for reader in (self.caseworker, self.leader):
            read_item(reader, referral.id, "web")
        read_item(self.token, sublease.id, "api")
        import_figures_csv(f"month;key;value\n{Month(MONTH)};households_applied;{3700 + i}\n".encode(),
                           f"figures-{i}.csv", source=ImportSource.CSV,
                           actor=self.make_user(Role.ANALYST) if i % 2 else None)


@pytest.fixture
def world(app, leader, caseworker, make_user, make_item):
    return World(leader, caseworker, make_user, make_item)


def _count(client, path: str, headers=None) -> int:
    """The statements of one answer of ``path``, after a warm-up request; ``POST /path`` posts an empty form."""
    method, _, path = path.rpartition(" ")
    method = method or "GET"
    client.open(path, method=method, headers=headers)
    with counted_queries() as statements:
        response = client.open(path, method=method, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


def _counts(client, paths, headers=None) -> dict[str, int]:
    return {path: _count(client, path, headers) for path in paths}


def _item_lists(owner_id: int) -> list[str]:
    paths = ["/"]
    for base in ("/referrals/", "/sublease-cases/", "/sip-plans/", "/sip-meetings/"):
        paths += [base, f"{base}?sort=oldest", f"{base}?sort=state", f"{base}?owner=me", f"{base}?owner=none",
                  f"{base}?owner={owner_id}", f"{base}?month={Month(MONTH)}", f"{base}?case_ref=H"]
    return paths + ["/referrals/?state=sent", "/sublease-cases/?state=rejected", "/sip-plans/?state=initiated",
                    "/sip-meetings/?state=held&sort=oldest&page=1"]


def _grown_counts(world, client, paths_of, headers=None) -> tuple[dict, dict]:
    world.grow(FEW)
    few = _counts(client, paths_of(), headers)
    world.grow(MANY)
    many = _counts(client, paths_of(), headers)
    return few, many


def _assert_flat(few: dict, many: dict) -> None:
    # Fewer is fine: a page of many rows may, say, hold no SIP meeting, whose participants load in one more.
    grown = {path: (few[path], many[path]) for path in few if many[path] > few[path]}
    assert not grown, f"queries per page (few rows, many rows): {grown}"


def test_caseworker_pages(client, world):
    assert sign_in(client, world.caseworker.username).status_code == 302
    few, many = _grown_counts(world, client, lambda: _item_lists(world.leader.id) + [
        f"/items/{world.long_plan.id}"])
    _assert_flat(few, many)


def test_unit_leader_pages(client, world):
    assert sign_in(client, world.leader.username).status_code == 302

    def paths():
        return _item_lists(world.caseworker.id) + [
            "/caseload", "/caseload/reassign", f"/caseload/reassign?owner={world.caseworker.id}",
            "/caseload/reassign?owner=none&kind=referral", "/caseload/reassign?kind=measure",
            "/?view=mine", "/caseload/reassign?due=soon",  # (the world has nothing late while it is small)
            "/measures", f"/measures?month={Month(MONTH)}", f"/measures/follow-up/{Month(MONTH)}",
            f"/items/{world.long_measure.id}", f"/items/{world.long_plan.id}",
            "/logs/access", "/logs/audit", f"/logs/access?user={world.caseworker.username}",
            f"/logs/audit?user={world.leader.username}", f"/logs/audit?item_id={world.long_measure.id}",
            f"/logs/access?date_from={TODAY.isoformat()}&date_to={TODAY.isoformat()}",
            "POST /logs/access/export", "POST /logs/audit/export"]

    few, many = _grown_counts(world, client, paths)
    _assert_flat(few, many)


def test_admin_pages(client, world):
    assert sign_in(client, world.admin.username).status_code == 302
    few, many = _grown_counts(world, client, lambda: [
        "/admin/users", "/admin/units", "/admin/tokens/", "/admin/reference", "/admin/reference/patterns",
        "/admin/reference/rules",
        "/logs/access", "/logs/audit", f"/logs/audit?user={world.leader.username}",
        f"/logs/access?item_id={world.long_plan.id}", "POST /logs/audit/export"])
    _assert_flat(few, many)


def test_analyst_pages(client, world):
    assert sign_in(client, world.analyst.username).status_code == 302
    few, many = _grown_counts(world, client, lambda: [
        "/figures/", "/reports/", f"/reports/{Month(MONTH)}", f"/reports/{Month(MONTH)}?version=1",
        f"/reports/{Month(MONTH)}/export.csv", f"/reports/{Month(MONTH)}/export.xlsx",
        f"/reports/{Month(MONTH)}/export.csv?version=1", f"/reports/{Month(MONTH)}/rollup-status"])
    _assert_flat(few, many)


def test_api_lists(client, world):
    first = f"{MONTH // 100 - 1}-01"
    reader = {"Authorization": f"Bearer {world.read_plain}"}
    robot = {"Authorization": f"Bearer {world.plain_token}"}

    def counts() -> dict[str, int]:
        return _counts(client, [f"/api/v1/counts?metric=referrals_sent&from={first}&to={Month(MONTH)}",
                                f"/api/v1/counts?metric=sip_meetings_held&from={first}&to={Month(MONTH)}"
                                "&unit=E6", f"/api/v1/reports/{Month(MONTH)}"], reader) \
            | _counts(client, [f"/api/v1/items/{world.long_measure.id}", f"/api/v1/items/{world.long_plan.id}"],
                      robot)

    world.grow(FEW)
    few = counts()
    world.grow(MANY)
    _assert_flat(few, counts())

"""The permission table, cell by cell: every kind of actor against every service that reads or writes items."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from caseflow.api.models import ApiToken
from caseflow.api.tokens import create_token
from caseflow.auth.models import User
from caseflow.errors import Forbidden, NotFound, ValidationError
from caseflow.extensions import db
from caseflow.items.access import get_item, read_item, visible
from caseflow.items.models import Transition, WorkItem
from caseflow.kinds import ItemKind
from caseflow.items.services import apply, edit_item, reassign
from caseflow.measures.models import Measure, MeasureNote
from caseflow.measures.services import create_measure, write_note
from caseflow.permissions import Role
from caseflow.referrals.models import Referral
from caseflow.referrals.services import create_referral
from caseflow.sip.models import SipMeeting
from caseflow.units.models import Unit
from caseflow.sip.services import add_meeting
from tests.conftest import built_once
from tests.factories import BASE_DAY, ITEM_FACTORIES

ACTORS = ["caseworker_E6", "caseworker_E2", "leader_E6", "leader_E2", "analyst", "admin",
          "ingest_E6", "ingest_E2", "ingest_all", "read_token"]
OK = "ok"

# Written out by hand from DESIGN.md and API.md: what each actor gets from each service,
# for items of unit E6. Another unit's item answers exactly like a missing one (NotFound).
EXPECTED = {
    "get_item": {"caseworker_E6": OK, "caseworker_E2": NotFound, "leader_E6": OK, "leader_E2": NotFound,
                 "analyst": NotFound, "admin": NotFound, "ingest_E6": OK, "ingest_E2": NotFound,
                 "ingest_all": OK, "read_token": NotFound},
    "create_referral": {"caseworker_E6": OK, "caseworker_E2": NotFound, "leader_E6": OK, "leader_E2": NotFound,
                        "analyst": Forbidden, "admin": Forbidden, "ingest_E6": OK, "ingest_E2": NotFound,
                        "ingest_all": OK, "read_token": Forbidden},
    "apply_event": {"caseworker_E6": OK, "caseworker_E2": NotFound, "leader_E6": OK, "leader_E2": NotFound,
                    "analyst": NotFound, "admin": NotFound, "ingest_E6": OK, "ingest_E2": NotFound,
                    "ingest_all": OK, "read_token": NotFound},
    "edit_item": {"caseworker_E6": OK, "caseworker_E2": NotFound, "leader_E6": OK, "leader_E2": NotFound,
                  "analyst": NotFound, "admin": NotFound, "ingest_E6": OK, "ingest_E2": NotFound,
                  "ingest_all": OK, "read_token": NotFound},
    "add_meeting": {"caseworker_E6": OK, "caseworker_E2": NotFound, "leader_E6": OK, "leader_E2": NotFound,
                    "analyst": NotFound, "admin": NotFound, "ingest_E6": OK, "ingest_E2": NotFound,
                    "ingest_all": OK, "read_token": NotFound},
    "create_measure": {"caseworker_E6": Forbidden, "caseworker_E2": Forbidden, "leader_E6": OK,
                       "leader_E2": NotFound, "analyst": Forbidden, "admin": Forbidden, "ingest_E6": OK,
                       "ingest_E2": NotFound, "ingest_all": OK, "read_token": Forbidden},
    "measure_event": {"caseworker_E6": Forbidden, "caseworker_E2": NotFound, "leader_E6": OK,
                      "leader_E2": NotFound, "analyst": NotFound, "admin": NotFound, "ingest_E6": OK,
                      "ingest_E2": NotFound, "ingest_all": OK, "read_token": NotFound},
    "write_note": {"caseworker_E6": Forbidden, "caseworker_E2": NotFound, "leader_E6": OK,
                   "leader_E2": NotFound, "analyst": NotFound, "admin": NotFound, "ingest_E6": OK,
                   "ingest_E2": NotFound, "ingest_all": OK, "read_token": NotFound},
    "reassign": {"caseworker_E6": Forbidden, "caseworker_E2": Forbidden, "leader_E6": OK,
                 "leader_E2": ValidationError, "analyst": Forbidden, "admin": Forbidden, "ingest_E6": Forbidden,
                 "ingest_E2": Forbidden, "ingest_all": Forbidden, "read_token": Forbidden},
}
# How many of E6's items each actor's list holds (there are 3: a referral, a plan and a measure).
EXPECTED_VISIBLE = {"caseworker_E6": 3, "caseworker_E2": 0, "leader_E6": 3, "leader_E2": 0, "analyst": 0,
                    "admin": 0, "ingest_E6": 3, "ingest_E2": 0, "ingest_all": 3, "read_token": 0}


def _build_world() -> dict:
    """Ten actors and three items of E6, made once for the module; their ids."""
    e6, e2 = Unit(code="E6", name="Enhet 6"), Unit(code="E2", name="Enhet 2")
    db.session.add_all([e6, e2])
    db.session.flush()

    def user(role, unit, username):
        user = User(username=username, display_name=username, role=role, unit_id=unit.id if unit else None,
                    password_hash="not used")
        db.session.add(user)
        db.session.flush()
        return user

    leader = user(Role.UNIT_LEADER, e6, "lena")
    users = {"caseworker_E6": user(Role.CASEWORKER, e6, "sara"), "leader_E6": leader,
             "caseworker_E2": user(Role.CASEWORKER, e2, "cw2"), "leader_E2": user(Role.UNIT_LEADER, e2, "lead2"),
             "analyst": user(Role.ANALYST, None, "analyst"), "admin": user(Role.ADMIN, None, "admin")}
    tokens = {"ingest_E6": create_token("robot6", "ingest", e6)[0],
              "ingest_E2": create_token("robot2", "ingest", e2)[0],
              "ingest_all": create_token("robot", "ingest", None)[0],
              "read_token": create_token("reader", "read", None)[0]}
    db.session.flush()
    items = {name: ITEM_FACTORIES[kind](None, leader, e6, n, BASE_DAY, {}).id for n, (name, kind) in enumerate(
        [("referral", ItemKind.REFERRAL), ("plan", ItemKind.SIP_PLAN), ("measure", ItemKind.MEASURE)], start=1)}
    return {"users": {name: u.id for name, u in users.items()}, "tokens": {name: t.id for name, t in tokens.items()},
            "items": items}


@pytest.fixture(scope="module")
def world_ids(_session_app):
    yield from built_once(_session_app, _build_world)


@pytest.fixture
def world(app, world_ids):
    """The module's world, loaded into the test's session: (actors, items, leader, caseworker)."""
    actors = {name: db.session.get(User, id_) for name, id_ in world_ids["users"].items()}
    actors |= {name: db.session.get(ApiToken, id_) for name, id_ in world_ids["tokens"].items()}
    items = {name: db.session.get(WorkItem, id_) for name, id_ in world_ids["items"].items()}
    return actors, items, actors["leader_E6"], actors["caseworker_E6"]


def _call(service, actor, items, leader, caseworker):
    if service == "get_item":
        return get_item(actor, items["referral"].id)
    if service == "create_referral":
        return create_referral(actor, unit=leader.unit, person_ref="PX", case_ref="HX", sent_on=BASE_DAY)
    if service == "apply_event":
        return apply(actor, items["referral"].id, "accept", on=BASE_DAY)
    if service == "edit_item":
        return edit_item(actor, items["referral"].id, {"person_ref": "P-ANNAN"})
    if service == "add_meeting":
        return add_meeting(actor, items["plan"].id, scheduled_for=BASE_DAY, meeting_kind="sip", mode="digital",
                           participants=["region"])
    if service == "create_measure":
        return create_measure(actor, unit=leader.unit, plan="Plan", number=99, title="Ny", start_on=BASE_DAY)
    if service == "measure_event":
        return apply(actor, items["measure"].id, "start", on=BASE_DAY)
    if service == "write_note":
        return write_note(actor, items["measure"].id, BASE_DAY.year * 100 + BASE_DAY.month, "Följs upp.")
    if service == "reassign":
        return reassign(actor, [items["referral"].id], caseworker.id)
    raise AssertionError(service)


def _effect(service, items, leader, caseworker) -> object:
    """What the service, allowed, leaves in the database, read back by plain queries: the same
    value before the call means it did nothing."""
    db.session.expire_all()

    def events(item):
        return item.state, db.session.scalars(sa.select(Transition.event).where(Transition.item_id == item.id)
                                              .order_by(Transition.id)).all()

    referral, plan, measure = (db.session.get(WorkItem, items[name].id) for name in ("referral", "plan", "measure"))
    month = BASE_DAY.year * 100 + BASE_DAY.month
    return {
        "get_item": lambda: None,  # a read: its effect is the item it returns (checked by the caller)
        "create_referral": lambda: db.session.scalar(sa.select(sa.func.count()).select_from(Referral).where(
            Referral.person_ref == "PX", Referral.case_ref == "HX")),
        "apply_event": lambda: events(referral),
        "edit_item": lambda: db.session.get(Referral, referral.id).person_ref,
        "add_meeting": lambda: db.session.scalar(sa.select(sa.func.count()).select_from(SipMeeting).where(
            SipMeeting.plan_id == plan.id)),
        "create_measure": lambda: db.session.scalar(sa.select(sa.func.count()).select_from(Measure).where(
            Measure.number == 99, Measure.title == "Ny")),
        "measure_event": lambda: events(measure),
        "write_note": lambda: db.session.scalars(sa.select(MeasureNote.text).where(
            MeasureNote.measure_id == measure.id, MeasureNote.month == month)).all(),
        "reassign": lambda: referral.owner_id,
    }[service]()


#: What each allowed service's effect is, written out: (before, after).
EFFECTS = {
    "create_referral": (0, 1),
    "apply_event": (("sent", ["create"]), ("accepted", ["create", "accept"])),
    "edit_item": ("P1", "P-ANNAN"),
    "add_meeting": (0, 1),
    "create_measure": (0, 1),
    "measure_event": (("planned", ["create"]), ("in_progress", ["create", "start"])),
    "write_note": ([], ["Följs upp."]),
}


@pytest.mark.parametrize("service", list(EXPECTED))
@pytest.mark.parametrize("actor_name", ACTORS)
def test_permission_cell(world, service, actor_name):
    actors, items, leader, caseworker = world
    expected = EXPECTED[service][actor_name]
    before = _effect(service, items, leader, caseworker)
    if expected is OK:
        result = _call(service, actors[actor_name], items, leader, caseworker)
        db.session.commit()
        after = _effect(service, items, leader, caseworker)
        if service == "get_item":
            assert (type(result), result.id) == (Referral, items["referral"].id)
        elif service == "reassign":
            assert (before, after) == (leader.id, caseworker.id)  # make_item leaves the leader the owner
        else:
            assert (before, after) == EFFECTS[service]
    else:
        with pytest.raises(expected) as err:
            _call(service, actors[actor_name], items, leader, caseworker)
        assert type(err.value) is expected
        db.session.rollback()
        assert _effect(service, items, leader, caseworker) == before  # refused: nothing changed


@pytest.mark.parametrize("actor_name", ACTORS)
def test_visible_lists(world, actor_name):
    actors, *_ = world
    count = db.session.scalar(sa.select(sa.func.count()).select_from(visible(actors[actor_name]).subquery()))
    assert count == EXPECTED_VISIBLE[actor_name]


def test_another_units_item_answers_like_a_missing_one(world):
    actors, items, *_ = world
    with pytest.raises(NotFound) as other_units:
        read_item(actors["caseworker_E2"], items["referral"].id, "web")
    with pytest.raises(NotFound) as missing:
        read_item(actors["caseworker_E2"], 999_999, "web")
    assert (other_units.value.message, other_units.value.fields) == (missing.value.message, missing.value.fields)

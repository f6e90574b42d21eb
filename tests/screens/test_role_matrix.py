"""Every route of the leader and admin screens against every role, as the permission table says.

Written out by hand from ``caseflow.permissions``: unit leaders have CASELOAD_VIEW, ITEMS_REASSIGN,
MEASURES_MANAGE and AUDIT_READ; admins ADMIN_REFERENCE and AUDIT_READ; caseworkers and analysts none
of these. A POST of an empty form by the allowed role answers 422 (refused, nothing changed); a valid
one by each allowed role does what it says, read back from the database or the answer.
"""

from __future__ import annotations

import pytest

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.auth.models import User
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.models import WorkItem
from caseflow.measures.models import Measure, MeasureNote
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.reference.models import BarrierReason, ReferralTarget, Setting
from caseflow.units.models import Unit
from tests.conftest import built_once, sign_in
from tests.factories import ITEM_FACTORIES
from tests.screens.pagecheck import check_page

MONTH = str(Month.of(today_local()))
ROLES = ["anonymous", Role.CASEWORKER, Role.UNIT_LEADER, Role.ANALYST, Role.ADMIN]
LOGIN = "login"  # a redirect to the sign-in page


def _row(leader, admin, others=403, anonymous=LOGIN):
    return {"anonymous": anonymous, Role.CASEWORKER: others, Role.UNIT_LEADER: leader, Role.ANALYST: others,
            Role.ADMIN: admin}


# (method, path, expected status per role); "{measure}" is a measure of the leader's unit.
MATRIX = [
    ("GET", "/caseload", _row(200, 403)),
    ("GET", "/caseload/reassign", _row(200, 403)),
    ("POST", "/caseload/reassign", _row(422, 403)),
    ("GET", "/measures", _row(200, 403)),
    ("GET", f"/measures?month={MONTH}", _row(200, 403)),
    ("GET", "/measures/new", _row(200, 403)),
    ("POST", "/measures/new", _row(422, 403)),
    ("POST", f"/measures/{{measure}}/notes/{MONTH}", _row(422, 403)),
    ("POST", f"/measures/999999/notes/{MONTH}", _row(404, 403)),
    ("GET", f"/measures/follow-up/{MONTH}", _row(200, 403)),
    ("GET", "/measures/follow-up/2020-13", _row(404, 403)),
    ("GET", "/admin/reference", _row(403, 200)),
    ("GET", "/admin/reference/barrier-reasons/new", _row(403, 200)),
    ("POST", "/admin/reference/barrier-reasons/new", _row(403, 422)),
    ("GET", "/admin/reference/referral-targets/UJC", _row(403, 200)),
    ("POST", "/admin/reference/referral-targets/UJC", _row(403, 422)),
    ("GET", "/admin/reference/sip-participants/nope", _row(403, 404)),
    ("GET", "/admin/reference/patterns", _row(403, 200)),
    ("POST", "/admin/reference/patterns", _row(403, 422)),
    ("GET", "/admin/reference/rules", _row(403, 200)),
    ("POST", "/admin/reference/rules", _row(403, 422)),
    ("GET", "/logs", _row(302, 302)),
    ("GET", "/logs/access", _row(200, 200)),
    ("GET", "/logs/audit", _row(200, 200)),
    ("GET", "/logs/nothing", _row(404, 404)),
    ("POST", "/logs/access/export", _row(200, 200)),
    ("POST", "/logs/audit/export", _row(200, 200)),
]


@pytest.fixture(scope="module")
def matrix_world(_session_app, password_hash):
    """A unit with a measure and a user of each role, made once for the module's five roles: usernames."""
    def build():
        unit = Unit(code="E7", name="Enhet 7")
        db.session.add(unit)
        db.session.flush()
        users = {role: User(username=f"matrix-{role}", display_name="Test Person", role=role,
                            unit_id=unit.id if role in (Role.CASEWORKER, Role.UNIT_LEADER) else None,
                            password_hash=password_hash) for role in ROLES if role != "anonymous"}
        db.session.add_all(users.values())
        db.session.flush()
        leader = users[Role.UNIT_LEADER]
        measure = ITEM_FACTORIES[ItemKind.MEASURE](None, leader, unit, 900, today_local(), {})
        return {"measure": measure.id, "usernames": {role: user.username for role, user in users.items()}}
    yield from built_once(_session_app, build)


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_each_role_gets_what_the_permission_table_gives(client, matrix_world, role):
    if role != "anonymous":
        assert sign_in(client, matrix_world["usernames"][role]).status_code == 302
    for method, path, expected in MATRIX:
        path = path.format(measure=matrix_world["measure"])
        response = client.open(path, method=method, data={})
        want = expected[role]
        if want == LOGIN:
            assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path
            continue
        assert response.status_code == want, (method, path, role, response.status_code)
        if response.mimetype == "text/html" and response.status_code != 302:
            check_page(response.get_data(as_text=True))


@pytest.mark.parametrize("role, shown, hidden", [
    (Role.UNIT_LEADER, ["/caseload", "/measures", "/logs"], ["/admin/reference"]),
    (Role.ADMIN, ["/admin/reference", "/logs"], ["/caseload", "/measures"]),
    (Role.CASEWORKER, [], ["/caseload", "/measures", "/logs", "/admin/reference"]),
    (Role.ANALYST, [], ["/caseload", "/measures", "/logs", "/admin/reference"]),
])
def test_the_navigation_offers_each_role_its_screens(client, login_as, role, shown, hidden):
    login_as(role)
    page = client.get("/").get_data(as_text=True)
    for path in shown:
        assert f'href="{path}"' in page, path
    for path in hidden:
        assert f'href="{path}"' not in page, path


def _scalar(stmt):
    db.session.expire_all()
    return db.session.scalar(stmt)


# (role, path, form, what the database or the answer must show after it): every allowed POST of the matrix.
VALID_POSTS = [
    (Role.UNIT_LEADER, "/measures/new",
     lambda w: {"plan": "Plan", "number": "42", "title": "Ny åtgärd", "start_on": today_local().isoformat()},
     lambda w, r: _scalar(sa.select(sa.func.count()).select_from(Measure).where(Measure.title == "Ny åtgärd")) == 1),
    (Role.UNIT_LEADER, f"/measures/{{measure}}/notes/{MONTH}",
     lambda w: {f"note-{w['measure']}-text": "Följs upp.", f"note-{w['measure']}-version": "0"},
     lambda w, r: _scalar(sa.select(MeasureNote.text).where(MeasureNote.measure_id == w["measure"])) == "Följs upp."),
    (Role.UNIT_LEADER, "/caseload/reassign", lambda w: {"items": [str(w["referral"])], "owner_id": str(w["sara"])},
     lambda w, r: _scalar(sa.select(WorkItem.owner_id).where(WorkItem.id == w["referral"])) == w["sara"]),
    (Role.ADMIN, "/admin/reference/barrier-reasons/new",
     lambda w: {"code": "NYTT", "name_sv": "Nytt hinder", "name_en": "New barrier", "national_group": "ill_health",
                "is_active": "y"},
     lambda w, r: _scalar(sa.select(BarrierReason.name_sv).where(BarrierReason.code == "NYTT")) == "Nytt hinder"),
    (Role.ADMIN, "/admin/reference/referral-targets/UJC",
     lambda w: {"name_sv": "Ändrat namn", "name_en": "Changed name", "is_active": "y"},
     lambda w, r: _scalar(sa.select(ReferralTarget.name_sv).where(ReferralTarget.code == "UJC")) == "Ändrat namn"),
    (Role.ADMIN, "/admin/reference/patterns",
     lambda w: {"case_ref": r"^H-\d+$", "person_ref": r"^P-\d+$", "action": "save"},
     lambda w, r: {s.value for s in db.session.scalars(sa.select(Setting))} >= {r"^H-\d+$", r"^P-\d+$"}),
    (Role.ADMIN, "/admin/reference/rules", lambda w: {"referral_start_days": "30"},
     lambda w, r: _scalar(sa.select(Setting.value).where(Setting.key == "referral_start_days")) == "30"),
    *((role, f"/logs/{log}/export", lambda w: {},
       lambda w, r: r.mimetype == "text/csv" and _scalar(sa.select(AuditEvent.after).where(
           AuditEvent.action == "audit.export", AuditEvent.actor_user_id == w["user"]))["filters"] is not None)
      for log in ("access", "audit") for role in (Role.UNIT_LEADER, Role.ADMIN)),
]


@pytest.mark.parametrize("role, path, form, effect",
                         [pytest.param(*post, id=f"{post[0]} {post[1]}") for post in VALID_POSTS])
def test_a_valid_post_by_an_allowed_role_takes_effect(client, make_user, make_item, leader, caseworker, role, path,
                                                      form, effect):
    world = {"measure": make_item("measure").id, "referral": make_item("referral").id, "sara": caseworker.id}
    user = leader if role == Role.UNIT_LEADER else make_user(role)
    assert sign_in(client, user.username).status_code == 302
    world["user"] = user.id
    response = client.post(path.format(**world), data=form(world))
    assert response.status_code in (200, 302), (path, response.status_code, response.get_data(as_text=True)[-2000:])
    assert effect(world, response), path


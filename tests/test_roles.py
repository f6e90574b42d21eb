"""The role and unit model, and the permission table as the database and the routes enforce it."""

import pytest
import sqlalchemy as sa

from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.permissions import ROLE_PERMISSIONS, Permission, Role


def test_the_permission_table_as_design_md_describes_it():
    # Written out by hand from DESIGN.md's "Who uses it" table.
    assert ROLE_PERMISSIONS[Role.CASEWORKER] == {Permission.ITEMS_READ, Permission.ITEMS_WRITE,
                                                 Permission.CHECKS_WRITE, Permission.CALENDAR_SUBSCRIBE}
    assert ROLE_PERMISSIONS[Role.UNIT_LEADER] >= ROLE_PERMISSIONS[Role.CASEWORKER] | {
        Permission.ITEMS_REASSIGN, Permission.MEASURES_MANAGE, Permission.CASELOAD_VIEW}
    assert Permission.ITEMS_READ not in ROLE_PERMISSIONS[Role.ANALYST]
    assert Permission.ITEMS_READ not in ROLE_PERMISSIONS[Role.ADMIN]
    assert Permission.REPORTS_FREEZE in ROLE_PERMISSIONS[Role.ANALYST]
    assert {Permission.ADMIN_USERS, Permission.ADMIN_UNITS, Permission.ADMIN_TOKENS} <= ROLE_PERMISSIONS[Role.ADMIN]


@pytest.mark.parametrize("role, unit_code", [(Role.CASEWORKER, None), (Role.UNIT_LEADER, None),
                                             (Role.ANALYST, "E6"), (Role.ADMIN, "E6")])
def test_the_database_refuses_a_unit_that_does_not_fit_the_role(app, make_unit, password_hash, role, unit_code):
    unit = make_unit("E6")
    db.session.add(User(username="x", display_name="X", role=role, password_hash=password_hash,
                        unit_id=unit.id if unit_code else None))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_database_refuses_an_unknown_role(app, password_hash):
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.text(
            "INSERT INTO user_account (username, display_name, role, password_hash, session_token, is_active,"
            " created_at) VALUES ('x', 'X', 'superuser', :h, 'tok', true, CURRENT_TIMESTAMP)"), {"h": password_hash})
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("role, status", [(Role.ADMIN, 200), (Role.CASEWORKER, 403), (Role.UNIT_LEADER, 403),
                                          (Role.ANALYST, 403)])
@pytest.mark.parametrize("path", ["/admin/users", "/admin/users/new", "/admin/units", "/admin/units/new"])
def test_admin_pages_are_for_admins_only(client, login_as, role, status, path):
    login_as(role)
    assert client.get(path).status_code == status

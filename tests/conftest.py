"""Fixtures: the app on every database backend that answers, clients, users and sign-in.

Each backend is migrated once per session with ``flask db upgrade``'s own code; each test
starts from empty tables (reference data kept), so tests are isolated and order-free.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade

from caseflow import create_app
from caseflow.auth.models import User
from caseflow.auth.passwords import hash_password
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.units.models import Unit

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "correct-horse-battery"

#: Tables migrations fill with reference data; emptied by no test.
KEEP_TABLES = {"alembic_version", "barrier_reason", "referral_target", "referral_outcome", "sip_participant"}


def _postgres_server_url() -> str | None:
    """The PostgreSQL to test on: the one named by the environment (which must answer), or the local one."""
    url = os.environ.get("CASEFLOW_TEST_DATABASE_URL")
    engine = sa.create_engine(url or DEFAULT_PG)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError:
        if url:
            raise
        return None
    finally:
        engine.dispose()
    return url or DEFAULT_PG


def test_config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
    }


test_config.__test__ = False  # a helper, not a test


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path_factory):
    """A freshly migrated database of each backend, for the whole session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'caseflow.sqlite'}"
        admin_engine = None
    else:
        server = _postgres_server_url()
        if server is None:
            pytest.skip("PostgreSQL does not answer (set CASEFLOW_TEST_DATABASE_URL)")
        name = f"caseflow_test_{uuid.uuid4().hex[:12]}"
        admin_engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = sa.make_url(server).set(database=name).render_as_string(hide_password=False)
    app = create_app(test_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    if admin_engine is not None:
        with admin_engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)'))
        admin_engine.dispose()


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(database_url):
    app = create_app(test_config(database_url))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request in an app context of its own, as in production, though the test holds one.

    Otherwise requests would share the test's ``g`` and session, and hide what a real server
    would see (a user signed out elsewhere, say).
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once.
    return hash_password(PASSWORD)


@pytest.fixture
def make_unit(app):
    def make(code: str = "E6", name: str | None = None) -> Unit:
        unit = Unit(code=code, name=name or f"Enhet {code[1:]}")
        db.session.add(unit)
        db.session.commit()
        return unit
    return make


@pytest.fixture
def make_user(app, password_hash, make_unit):
    units: dict[str, Unit] = {}

    def make(role: Role | str = Role.CASEWORKER, unit: str | Unit | None = "E6", username: str | None = None,
             **fields) -> User:
        role = Role(role)
        if role not in (Role.CASEWORKER, Role.UNIT_LEADER):
            unit = None
        if isinstance(unit, str):
            unit = units.get(unit) or db.session.scalar(sa.select(Unit).where(Unit.code == unit)) \
                or make_unit(unit)
            units[unit.code] = unit
        user = User(username=username or f"{role.value}{uuid.uuid4().hex[:6]}",
                    display_name=fields.pop("display_name", "Test Person"), role=role,
                    unit_id=unit.id if unit else None, **{"password_hash": password_hash, **fields})
        db.session.add(user)
        db.session.commit()
        return user
    return make


@contextmanager
def counted_queries():
    """The SQL statements run inside the block, to show a page's query count does not grow with its rows."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture
def login_as(client, make_user):
    """Sign the test client in as a new user of ``role``; returns the user."""
    def login(role: Role | str, unit: str | None = "E6", **fields) -> User:
        user = make_user(role, unit, **fields)
        response = sign_in(client, user.username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user
    return login

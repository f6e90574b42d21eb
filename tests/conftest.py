"""Fixtures: the app on the databases a test needs, clients, users and sign-in.

Each backend is migrated once per session with ``flask db upgrade``'s own code, and one app is built
on it for the whole session. Each test runs inside a transaction on one connection that is rolled back
at its end: every session of the test (its own, and each request's) joins that transaction with a
SAVEPOINT, so a ``commit`` releases a savepoint and nothing ever reaches the database (Indico's
``db`` fixture, in SQLAlchemy 2's words). Tests where another connection, thread or process must
see committed rows are marked ``@pytest.mark.committed``: they get an app of their own and empty
tables afterwards, as every test used to.

Every test runs on SQLite. A test marked ``@pytest.mark.both_databases`` (by module or one by one:
where the dialect matters) also runs on PostgreSQL; with ``CASEFLOW_TEST_ALL_DATABASES=1``
(``.ci/run``) every database test does.
"""

from __future__ import annotations

import os

import sys

# Before caseflow is imported: the password hasher reads it once (caseflow/auth/passwords.py).
os.environ["CASEFLOW_TEST_CHEAP_PASSWORD_HASHING"] = "1"

# Before any test module computes its "today": the run's clock stands at noon in Stockholm, ticking, here
# and in every Python a test starts (tests/clock/caseflow_test_clock.py says why).
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "clock"))
import caseflow_test_clock  # noqa: E402

caseflow_test_clock.start_run()

import uuid  # noqa: E402
from contextlib import contextmanager  # noqa: E402

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask import current_app  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from flask_sqlalchemy.session import Session as FlaskSession  # noqa: E402

from caseflow import create_app  # noqa: E402
from caseflow.auth.models import User  # noqa: E402
from caseflow.auth.passwords import hash_password  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.permissions import Role  # noqa: E402
from caseflow.units.models import Unit  # noqa: E402

pytest_plugins = ["tests.factories"]

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "correct-horse-battery"
ALL_DATABASES = os.environ.get("CASEFLOW_TEST_ALL_DATABASES") == "1"
#: Where the app holds the connection its sessions join (the session-wide app only).
CONNECTION_KEY = "caseflow_test_connection"

#: Tables migrations fill with reference data; emptied by no test, so a committed test must leave them
#: as it found them. (The committee's targets a migration sets up name a user, so they go with the users:
#: tests that need them set them up, ``seed_004_targets``.)
KEEP_TABLES = {"alembic_version", "barrier_reason", "barrier_report_group", "referral_target", "referral_outcome",
               "sip_participant"}


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


def pytest_generate_tests(metafunc):
    """Every database test on SQLite; on PostgreSQL too where marked, or everywhere in CI."""
    if "database_url" not in metafunc.fixturenames:
        return
    backends = ["sqlite"]
    if ALL_DATABASES or metafunc.definition.get_closest_marker("both_databases"):
        backends.append(pytest.param("postgresql", marks=pytest.mark.postgres))
    metafunc.parametrize("database_url", backends, indirect=True, scope="session")


@pytest.fixture(scope="session")
def database_url(request, tmp_path_factory):
    """A freshly migrated database of the backend, for the whole session."""
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
            # A connection of its own waiting on a test's open transaction (one that should have been
            # marked committed) fails the test after a minute rather than hanging the run.
            conn.execute(sa.text(f"ALTER DATABASE \"{name}\" SET lock_timeout = '60s'"))
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


class JoiningSession(FlaskSession):
    """A Flask-SQLAlchemy session that, in the session-wide test app, uses the test's connection.

    Flask-SQLAlchemy picks the app's engine itself and ignores a session's ``bind``; every other app
    (a worker's, a committed test's) keeps its engine.
    """

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None:
            connection = current_app.extensions.get(CONNECTION_KEY)
            if connection is not None:
                return connection
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


# Every scoped session joins the connection's transaction with a SAVEPOINT of its own: a commit
# releases it, a rollback returns to it, and the test's transaction is still there to roll back.
db.session.session_factory.class_ = JoiningSession
db.session.session_factory.configure(join_transaction_mode="create_savepoint")


def _sqlite_savepoints(engine: sa.Engine) -> None:
    """pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy's documented recipe
    ("Serializable isolation / Savepoints / Transactional DDL") lets SQLAlchemy emit BEGIN itself."""
    @sa.event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session")
def _session_app(database_url):
    """One app per database for the session, with one connection every test's transaction lives on."""
    app = create_app(test_config(database_url))
    app.test_client_class = IsolatedClient
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        _sqlite_savepoints(engine)
    connection = engine.connect()
    app.extensions[CONNECTION_KEY] = connection
    yield app
    connection.close()
    engine.dispose()


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
def app(request, database_url):
    """The app in an app context. Rolled back after the test, or, for a ``committed`` test, a
    fresh app whose commits are real and whose tables are emptied afterwards."""
    if request.node.get_closest_marker("committed"):
        yield from _committed_app(database_url)
        return
    app = request.getfixturevalue("_session_app")
    connection = app.extensions[CONNECTION_KEY]
    transaction = connection.begin_nested() if connection.in_transaction() else connection.begin()
    # A test may tune the shared app for itself (an idle limit, a broker, and the Celery built for it).
    config, extensions = dict(app.config), dict(app.extensions)
    try:
        with app.app_context():
            yield app
            db.session.remove()
    finally:
        transaction.rollback()
        app.config.clear()
        app.config.update(config)
        app.extensions.clear()
        app.extensions.update(extensions)


def built_once(session_app, build):
    """For a module-scoped fixture (``yield from built_once(_session_app, build)``): ``build()`` runs once
    in a transaction that stays open until the module is done, each test's own nested in it as a
    SAVEPOINT. ``build`` returns ids, not ORM objects: every test has sessions of its own."""
    transaction = session_app.extensions[CONNECTION_KEY].begin()
    try:
        with session_app.app_context():
            world = build()
            db.session.commit()
            db.session.remove()
        yield world
    finally:
        transaction.rollback()


@pytest.fixture
def example_rolled_back(app):
    """``with example_rolled_back():`` — the block's writes undone at its end, for a hypothesis test whose
    examples must each start from the test's own empty tables (function fixtures run once per test)."""
    connection = app.extensions[CONNECTION_KEY]

    @contextmanager
    def block():
        db.session.remove()
        savepoint = connection.begin_nested()
        try:
            yield
        finally:
            db.session.remove()
            savepoint.rollback()
    return block


def _committed_app(database_url):
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
    # Hashed once; with the test parameters (see the top of this file) it costs little anyway.
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
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            statements.append(statement)  # the test's own transaction, not the page's

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

"""``flask backup``: a consistent, restorable copy of the SQLite database taken while it is in use."""

import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from caseflow import create_app
from caseflow.audit.models import AuditEvent
from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.units.models import Unit
from tests.conftest import sign_in, test_config

pytestmark = [pytest.mark.both_databases, pytest.mark.committed]


@pytest.fixture
def sqlite_path(app) -> Path:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the online backup copies SQLite databases")
    return Path(db.engine.url.database)


def restored_app(path: Path):
    return create_app(test_config(f"sqlite:///{path}"))


def test_backup_while_a_writer_holds_a_transaction_open_restores_every_committed_row(
        sqlite_path, runner, make_user, make_unit, tmp_path):
    make_unit("E2")
    sara = make_user(username="sara", unit="E6")
    expected = (sara.id, "E6", sara.password_hash)
    db.session.remove()
    writer = sqlite3.connect(sqlite_path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock through the backup
        writer.execute("INSERT INTO unit (code, name, is_active, created_at) "
                       "VALUES ('E9', 'Enhet 9', 1, '2026-11-23 08:00:00')")
        target = tmp_path / "copy.sqlite"
        result = runner.invoke(args=["backup", str(target)])
        assert result.exit_code == 0, result.output
        writer.execute("COMMIT")
    finally:
        writer.close()

    assert target.stat().st_mode & 0o777 == 0o600
    assert not Path(f"{target}-wal").exists() and not Path(f"{target}.partial").exists()
    copy = restored_app(target)
    try:
        with copy.app_context():
            assert db.session.scalars(sa.select(Unit.code).order_by(Unit.code)).all() == ["E2", "E6"]
            restored = db.session.scalar(sa.select(User).where(User.username == "sara"))
            assert (restored.id, restored.unit.code, restored.password_hash) == expected
        assert sign_in(copy.test_client(), "sara").status_code == 302
    finally:
        with copy.app_context():
            db.engine.dispose()


def test_backup_during_concurrent_writes_holds_whole_transactions_only(sqlite_path, runner, tmp_path):
    stop, twenty_written = threading.Event(), threading.Event()
    written = []

    def write_pairs():
        # Each transaction adds two rows; a consistent copy never holds one without the other.
        conn = sqlite3.connect(sqlite_path, isolation_level=None, timeout=10)
        try:
            n = 0
            while not stop.is_set() or n < 50:
                conn.execute("BEGIN IMMEDIATE")
                for half in ("a", "b"):
                    conn.execute("INSERT INTO audit_event (at, action, entity, entity_id) "
                                 "VALUES ('2026-11-23 08:00:00', ?, 'pair', ?)", (f"test.pair_{half}", n))
                conn.execute("COMMIT")
                n += 1
                if n == 20:
                    twenty_written.set()
            written.append(n)
        finally:
            conn.close()

    thread = threading.Thread(target=write_pairs)
    thread.start()
    try:
        assert twenty_written.wait(timeout=30)
        target = tmp_path / "copy.sqlite"
        result = runner.invoke(args=["backup", str(target)])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output

    copy = restored_app(target)
    try:
        with copy.app_context():
            rows = db.session.execute(sa.select(AuditEvent.action, AuditEvent.entity_id)
                                      .where(AuditEvent.entity == "pair")).all()
    finally:
        with copy.app_context():
            db.engine.dispose()
    halves_a = sorted(n for action, n in rows if action == "test.pair_a")
    halves_b = sorted(n for action, n in rows if action == "test.pair_b")
    assert halves_a == halves_b == list(range(len(halves_a)))  # whole pairs, a prefix of the writes
    assert 20 <= len(halves_a) <= written[0]


def test_backup_never_overwrites_an_existing_file(sqlite_path, runner, tmp_path):
    target = tmp_path / "earlier.sqlite"
    target.write_bytes(b"an earlier backup")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert "exists" in result.output
    assert target.read_bytes() == b"an earlier backup"


def test_backup_on_postgresql_refuses_and_points_to_pg_dump(app, runner, tmp_path):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the refusal is PostgreSQL's")
    target = tmp_path / "copy.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.output and "docs/operations.md" in result.output
    assert not target.exists()

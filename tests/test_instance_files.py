"""The embedded run's files are its owner's alone: the instance folder 0700, every file in it 0600,
whatever the umask (issue 17). Case data, the broker's queue, task results and the secret live there."""

from __future__ import annotations

import os
import stat

import pytest
from flask_migrate import upgrade

from caseflow import create_app
from caseflow.background import client, enqueue, task_state
from caseflow.extensions import db
from caseflow.units.models import Unit


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_the_database_broker_results_and_secret_are_owner_only(tmp_path, monkeypatch, umask):
    instance = tmp_path / "instance"
    for name in ("CASEFLOW_DATABASE_URL", "CASEFLOW_BROKER_URL", "CASEFLOW_SECRET_KEY", "CASEFLOW_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CASEFLOW_INSTANCE_PATH", str(instance))
    before = os.umask(umask)
    try:
        app = create_app()
        with app.app_context():
            upgrade()
            db.session.add(Unit(code="E6", name="Enhet 6"))
            db.session.commit()  # a write in WAL mode: -wal and -shm now exist beside the database
            task_id = enqueue("caseflow.rollup_dirty")  # the embedded broker's file, its tables
            assert task_id is not None
            assert task_state(task_id) == "PENDING"  # the results' file
            files = {p.name: _mode(p) for p in instance.iterdir() if p.is_file()}
            client().close()
            db.engine.dispose()
    finally:
        os.umask(before)
    assert _mode(instance) == 0o700
    assert {"caseflow.sqlite", "caseflow.sqlite-wal", "caseflow.sqlite-shm", "secret_key",
            "celery-broker.sqlite", "celery-results.sqlite"} <= set(files)
    assert files == {name: 0o600 for name in files}


def test_files_of_an_earlier_run_are_made_owner_only_when_opened(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)
    database = instance / "caseflow.sqlite"
    database.touch()
    database.chmod(0o644)
    monkeypatch.delenv("CASEFLOW_DATABASE_URL", raising=False)
    monkeypatch.setenv("CASEFLOW_INSTANCE_PATH", str(instance))
    app = create_app({"SECRET_KEY": "s"})
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
        db.session.remove()
        db.engine.dispose()
    assert (_mode(instance), _mode(database)) == (0o700, 0o600)

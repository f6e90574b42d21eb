"""How the Celery app is built: broker choice, task names, beat, app contexts, the embedded broker."""

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import current_app, has_app_context

from caseflow.background import client, enqueue, purge_consumed_messages
from caseflow.extensions import db
from caseflow.serve import commands
from workers.celery_app import AppContextTask, create_celery, dispose_engines


def test_the_embedded_broker_and_results_live_in_their_own_files(app, tmp_path):
    app.config["CASEFLOW_BROKER_URL"] = ""
    app.instance_path = str(tmp_path)
    celery = create_celery(app)
    assert celery.conf.broker_url == f"sqla+sqlite:///{tmp_path}/celery-broker.sqlite"
    assert celery.conf.result_backend == f"db+sqlite:///{tmp_path}/celery-results.sqlite"
    assert not celery.conf.task_acks_late
    assert {"caseflow.rollup_dirty", "caseflow.rollup_months", "caseflow.purge_broker"} <= set(celery.tasks)
    schedule = celery.conf.beat_schedule
    assert schedule["rollup-dirty"]["task"] == "caseflow.rollup_dirty"
    assert schedule["rollup-dirty"]["schedule"].total_seconds() == 120
    assert schedule["purge-broker"]["task"] == "caseflow.purge_broker"


def test_redis_acks_late_and_keeps_results_in_redis(app):
    app.config["CASEFLOW_BROKER_URL"] = "redis://127.0.0.1:6379/3"
    celery = create_celery(app)
    assert celery.conf.task_acks_late and celery.conf.task_reject_on_worker_lost
    assert celery.conf.result_backend == "redis://127.0.0.1:6379/3"
    assert "purge-broker" not in celery.conf.beat_schedule
    assert app.extensions["celery"] is celery  # the app sends through the workers' own Celery


def test_the_task_class_opens_an_app_context_only_when_none_is_open(app):
    celery = create_celery(app)
    seen = []

    @celery.task(name="caseflow.test_context", shared=False)
    def probe():
        seen.append((has_app_context(), current_app._get_current_object(), db.session.is_active))
        db.session.execute(sa.text("SELECT 1"))

    assert isinstance(probe, AppContextTask)
    probe()  # inside the test's own context: used as it is
    assert seen[-1][:2] == (True, app)
    thread = threading.Thread(target=probe)  # a thread has no app context: the task opens one
    thread.start()
    thread.join()
    assert seen[-1][:2] == (True, app) and len(seen) == 2


def test_enqueue_on_the_embedded_broker_and_purging_what_was_delivered(app, tmp_path):
    app.config["CASEFLOW_BROKER_URL"] = ""
    app.instance_path = str(tmp_path)
    assert enqueue("caseflow.rollup_dirty") is not None
    assert enqueue("caseflow.rollup_months", "2020-11", "2020-11") is not None
    assert Path(tmp_path, "celery-broker.sqlite").exists()
    engine = sa.create_engine(f"sqlite:///{tmp_path}/celery-broker.sqlite")
    with engine.begin() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM kombu_message WHERE visible = 1")) == 2
        first = conn.scalar(sa.text("SELECT min(id) FROM kombu_message"))
        conn.execute(sa.text("UPDATE kombu_message SET visible = 0 WHERE id = :id"), {"id": first})
    assert purge_consumed_messages(app) == 1
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM kombu_message")) == 1
    engine.dispose()
    client(app).close()


def test_make_run_starts_web_and_one_worker_with_beat():
    procs = commands("5000", {"CASEFLOW_INSTANCE_PATH": "/srv/caseflow"})
    assert set(procs) == {"web", "worker"}
    worker = procs["worker"]
    assert worker[1:4] == ["--app", "workers.make_celery", "worker"] and "--beat" in worker
    assert worker[worker.index("--pool") + 1] == "solo"  # no pool child to die unnoticed (issue 17)
    assert "/srv/caseflow/celerybeat-schedule" in worker
    assert "--pool" not in commands("5000", {"CASEFLOW_BROKER_URL": "redis://r/0"})["worker"]


@pytest.mark.committed  # it swaps the app's pool: an app of its own, not the one every test shares
def test_engines_are_disposed_without_closing_the_parents_connections(app):
    db.session.execute(sa.text("SELECT 1"))
    db.session.rollback()
    before = db.engine.pool
    dispose_engines(app)
    assert db.engine.pool is not before
    before.dispose()  # what the parent process would do with its own pool

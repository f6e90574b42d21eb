"""Handing work to the Celery workers, by task name: the app never imports ``workers``.

The broker is ``CASEFLOW_BROKER_URL`` (Redis or RabbitMQ) or, when empty, the embedded one:
kombu's SQLAlchemy transport on its own SQLite file under the instance folder. A broker that
is down never breaks a request: ``enqueue`` logs and carries on, and the dirty table still
holds the months, so the next ``rollup_dirty`` (or a rollup by hand) catches up.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from celery import Celery
from flask import Flask, current_app
from sqlalchemy import create_engine, text

from caseflow.config import private_folder

log = logging.getLogger(__name__)

EMBEDDED_BROKER_FILE = "celery-broker.sqlite"
EMBEDDED_RESULTS_FILE = "celery-results.sqlite"


def is_embedded(app: Flask) -> bool:
    return not app.config.get("CASEFLOW_BROKER_URL")


def celery_settings(app: Flask) -> dict:
    """Celery's configuration for this app's broker, shared by the web process and the workers."""
    broker = app.config.get("CASEFLOW_BROKER_URL") or ""
    settings = {
        "task_ignore_result": False,
        # The report page shows a running rollup as running, not as waiting.
        "task_track_started": True,
        "result_expires": 24 * 3600,
        "broker_connection_retry_on_startup": True,
        "broker_connection_timeout": 2,
    }
    if not broker:
        instance = private_folder(Path(app.instance_path))
        settings |= {
            "broker_url": f"sqla+sqlite:///{instance / EMBEDDED_BROKER_FILE}",
            "result_backend": f"db+sqlite:///{instance / EMBEDDED_RESULTS_FILE}",
        }
        return settings
    settings |= {
        "broker_url": broker,
        # A message is acknowledged after its task ran, and requeued if the worker died meanwhile:
        # every task is idempotent, so running one twice is harmless.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "broker_transport_options": {"socket_connect_timeout": 2, "socket_timeout": 5},
        "result_backend": broker if broker.startswith(("redis://", "rediss://")) else "rpc://",
    }
    if broker.startswith(("redis://", "rediss://")):
        settings["redis_socket_connect_timeout"] = 2
    return settings


#: What only the web process's client adds: a request must not hang on a broker or result store
#: that is down (Celery retries for about 20 seconds by default); fail fast, the dirty table remembers.
_FAIL_FAST = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CLIENT_SETTINGS = {
    "task_publish_retry_policy": _FAIL_FAST,
    "result_backend_transport_options": {"retry_policy": _FAIL_FAST},
}


def client(app: Flask | None = None) -> Celery:
    """The app's Celery client (created on first use; the workers put their full app in its place)."""
    app = app or current_app._get_current_object()
    celery = app.extensions.get("celery")
    if celery is None:
        celery = Celery(app.import_name, set_as_current=False)
        celery.config_from_object(celery_settings(app) | CLIENT_SETTINGS)
        app.extensions["celery"] = celery
    return celery


def enqueue(task_name: str, *args, **kwargs) -> str | None:
    """Send the task by name after the caller committed; its id, or None if the broker refused.

    Never raises: the failure is logged without arguments (they may name months, never people,
    but a log is no place to guess) and the work waits in the dirty table.
    """
    try:
        return client().send_task(task_name, args=args, kwargs=kwargs).id
    except Exception as err:  # noqa: BLE001 - any broker failure, by design
        log.warning("Could not enqueue %s: %s", task_name, type(err).__name__)
        return None


def purge_consumed_messages(app: Flask) -> int:
    """Delete the messages the embedded broker has delivered (it only hides them); returns how many.

    Nothing to do for Redis or RabbitMQ, which drop messages themselves.
    """
    if not is_embedded(app):
        return 0
    url = celery_settings(app)["broker_url"].removeprefix("sqla+")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            tables = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars())
            if "kombu_message" not in tables:
                return 0
            return conn.execute(text("DELETE FROM kombu_message WHERE visible = 0")).rowcount
    finally:
        engine.dispose()


#: How long a request waits for a task's state: a page or the API answers within a second whatever
#: the result store does (a store with no table yet, or one that is down, took 2 to 10 s).
STATE_TIMEOUT = 0.8


def _read_state(app: Flask, task_id: str) -> str:
    with app.app_context():
        return str(client(app).AsyncResult(task_id).state)


def task_state(task_id: str) -> str:
    """A task's state from the result store (``PENDING``, ``STARTED``, ``SUCCESS``, ``FAILURE``…), or
    ``UNKNOWN`` when the store does not answer within ``STATE_TIMEOUT``. Never raises, like ``enqueue``.

    Read in a daemon thread of its own, so a store that hangs holds that thread (until the store's own
    socket timeouts end it), never the request, nor the next request's read.
    """
    answer: list[str] = []

    def read() -> None:
        try:
            answer.append(_read_state(app, task_id))
        except Exception as err:  # noqa: BLE001 - any result-store failure, by design
            log.warning("Could not read the state of a task: %s", type(err).__name__)

    app = current_app._get_current_object()
    reader = threading.Thread(target=read, name="task-state", daemon=True)
    reader.start()
    reader.join(STATE_TIMEOUT)
    if reader.is_alive():
        log.warning("The result store did not answer within %s s", STATE_TIMEOUT)
    return answer[0] if answer else "UNKNOWN"

"""Building Celery from the Flask app (Flask's ``examples/celery`` pattern).

``create_celery()`` builds it; ``workers/make_celery.py`` is the module the ``celery`` command loads.
"""

from __future__ import annotations

from datetime import timedelta

from celery import Celery, Task
from flask import Flask, has_app_context

from caseflow import create_app
from caseflow.background import celery_settings, is_embedded
from caseflow.extensions import db
from caseflow.health import HEARTBEAT_EVERY

#: How often beat asks for the dirty months to be rolled up.
ROLLUP_DIRTY_EVERY = timedelta(minutes=2)
#: How often beat asks the committee calendar to freeze months past their deadline and to send the
#: reminders due: both do nothing twice, so a short interval only makes them timely.
CALENDAR_EVERY = timedelta(minutes=15)
#: How often beat clears the embedded broker of delivered messages.
PURGE_BROKER_EVERY = timedelta(hours=1)
#: How often beat deletes the API's expired idempotency records (each is kept 24 hours).
PURGE_IDEMPOTENCY_EVERY = timedelta(hours=1)


class AppContextTask(Task):
    """Runs the task in an app context, opening one only when none is open.

    A context the task opened is closed with its session removed (rolled back if the task did not
    commit), so no connection or half-done transaction outlives the task in a long-lived worker.
    """

    def __call__(self, *args, **kwargs):
        if has_app_context():
            return self.run(*args, **kwargs)
        with self.app.flask_app.app_context():
            try:
                return self.run(*args, **kwargs)
            finally:
                db.session.remove()


def beat_schedule(flask_app: Flask) -> dict:
    schedule = {
        "heartbeat": {"task": "caseflow.heartbeat", "schedule": HEARTBEAT_EVERY,
                      # A heartbeat nobody ran in time is worth nothing later: it would only pile up.
                      "options": {"expires": HEARTBEAT_EVERY.total_seconds()}},
        "rollup-dirty": {"task": "caseflow.rollup_dirty", "schedule": ROLLUP_DIRTY_EVERY},
        "purge-idempotency-records": {"task": "caseflow.purge_idempotency_records",
                                      "schedule": PURGE_IDEMPOTENCY_EVERY},
        "calendar-freeze": {"task": "caseflow.calendar_freeze", "schedule": CALENDAR_EVERY},
        "calendar-reminders": {"task": "caseflow.calendar_reminders", "schedule": CALENDAR_EVERY},
    }
    if is_embedded(flask_app):
        schedule["purge-broker"] = {"task": "caseflow.purge_broker", "schedule": PURGE_BROKER_EVERY}
    return schedule


def create_celery(flask_app: Flask | None = None) -> Celery:
    """The Celery app of ``flask_app`` (by default ``create_app()``), with its tasks and beat schedule."""
    flask_app = flask_app or create_app()
    celery = Celery(flask_app.import_name, task_cls=AppContextTask, set_as_current=False)
    celery.config_from_object(celery_settings(flask_app) | {"beat_schedule": beat_schedule(flask_app)})
    celery.flask_app = flask_app
    flask_app.extensions["celery"] = celery  # tasks that enqueue use the same app
    # Each task is registered on this Celery app by name; the import is here, not at the top, so
    # the tasks bind to the app just built.
    from workers.tasks import register
    register(celery)
    return celery


def dispose_engines(flask_app: Flask) -> None:
    """Forget the pooled database connections inherited from the parent process, without closing
    them (the parent still owns them): a forked worker process opens its own."""
    with flask_app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)

"""A real Celery worker (``celery.contrib.pytest``'s ``celery_session_worker``) on Redis, running the
project's own Celery app against the test database of each backend.

The plugin is loaded with ``-p celery.contrib.pytest`` in ``pyproject.toml``: pytest refuses
``pytest_plugins`` in a conftest below the root.
"""

from __future__ import annotations

import os
import uuid

import pytest
import redis

import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping, the worker's start-up check)
from caseflow import create_app
from caseflow.extensions import db
from tests.conftest import test_config
from workers.celery_app import create_celery

DEFAULT_TEST_BROKER = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="session")
def test_broker_url() -> str:
    """Redis at ``CASEFLOW_TEST_BROKER_URL`` (which must answer), or the local one if it answers."""
    url = os.environ.get("CASEFLOW_TEST_BROKER_URL")
    try:
        redis.Redis.from_url(url or DEFAULT_TEST_BROKER, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if url:
            raise
        pytest.skip("Redis does not answer (set CASEFLOW_TEST_BROKER_URL)")
    return url or DEFAULT_TEST_BROKER


@pytest.fixture(scope="session")
def celery_config(test_broker_url):
    # A queue of this session's own, so parallel runs sharing the Redis database never steal tasks.
    return {"task_default_queue": f"caseflow-test-{uuid.uuid4().hex[:8]}"}


@pytest.fixture(scope="session")
def celery_session_app(database_url, test_broker_url, celery_config):
    """The project's Celery app (``workers.celery_app.create_celery``) on the test database."""
    flask_app = create_app(test_config(database_url) | {"CASEFLOW_BROKER_URL": test_broker_url})
    celery = create_celery(flask_app)
    celery.conf.update(celery_config)
    celery.set_current()
    celery.set_default()
    yield celery
    with flask_app.app_context():
        db.engine.dispose()


@pytest.fixture
def celery_app(celery_session_app):
    return celery_session_app

"""``caseflow.purge_idempotency_records``: beat runs it hourly; it deletes expired keys and keeps live ones."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from caseflow.api.idempotency import LIFETIME
from caseflow.api.models import IdempotencyRecord
from caseflow.api.tokens import create_token
from caseflow.db import utcnow
from caseflow.extensions import db
from workers.celery_app import create_celery

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py


@pytest.fixture
def two_keys(app, make_unit):
    """An expired key (a minute past its 24 hours) and a live one (an hour old) of one token."""
    token, _plain = create_token("robot", "ingest", make_unit("E6"))
    db.session.flush()
    for key, age in (("expired", LIFETIME + timedelta(minutes=1)), ("live", timedelta(hours=1))):
        db.session.add(IdempotencyRecord(token_id=token.id, key=key, request_hash="0" * 64, status=201,
                                         body="{}", created_at=utcnow() - age))
    db.session.commit()


def _keys() -> list[str]:
    db.session.rollback()  # read what the task committed
    return list(db.session.scalars(select(IdempotencyRecord.key)))


def test_beat_sends_the_purge_every_hour(app):
    entry = create_celery(app).conf.beat_schedule["purge-idempotency-records"]
    assert entry["task"] == "caseflow.purge_idempotency_records"
    assert entry["schedule"].total_seconds() == 3600


def test_the_task_purges_the_expired_key_and_keeps_the_live_one(app, two_keys):
    task = create_celery(app).tasks["caseflow.purge_idempotency_records"]
    assert task() == 1
    assert _keys() == ["live"]
    assert task() == 0  # idempotent: nothing more to purge


@pytest.mark.committed
def test_a_worker_purges_the_expired_key(app, two_keys, celery_session_app, celery_session_worker):
    purged = celery_session_app.send_task("caseflow.purge_idempotency_records").get(timeout=60)
    assert purged == 1
    assert _keys() == ["live"]

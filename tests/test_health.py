"""``/healthz`` and the analyst's report page say when no worker has been heard from (issue 17)."""

from __future__ import annotations

from datetime import timedelta

from caseflow.db import utcnow
from caseflow.extensions import db
from caseflow.health import WorkerHeartbeat
from caseflow.permissions import Role


def _heard(seconds_ago: int) -> None:
    db.session.add(WorkerHeartbeat(hostname="celery@host", pid=4711, beat_at=utcnow() - timedelta(seconds=seconds_ago)))
    db.session.commit()


def test_healthz_is_ok_while_a_worker_is_heard_from(client):
    _heard(10)
    answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "ok" and body["worker"]["status"] == "ok"


def test_healthz_says_degraded_when_no_worker_was_heard_from_lately_or_ever(client):
    assert client.get("/healthz").get_json() == {"status": "degraded",
                                                 "worker": {"status": "silent", "last_heard_at": None}}
    _heard(120)
    answer = client.get("/healthz")
    assert answer.status_code == 200  # the pages work; rollups wait
    assert answer.get_json()["status"] == "degraded" and answer.get_json()["worker"]["last_heard_at"]


def test_the_report_page_tells_the_analyst_when_no_worker_runs(client, login_as):
    login_as(Role.ANALYST)
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "Ingen bakgrundsprocess har hörts av: omräkningarna väntar" in page
    _heard(600)
    page = client.get("/reports/2020-11").get_data(as_text=True)
    assert "Ingen bakgrundsprocess har hörts av sedan" in page and "Kontakta systemförvaltaren" in page
    _heard_again = db.session.get(WorkerHeartbeat, "celery@host")
    _heard_again.beat_at = utcnow()
    db.session.commit()
    assert "Ingen bakgrundsprocess" not in client.get("/reports/2020-11").get_data(as_text=True)

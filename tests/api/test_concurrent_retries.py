"""Retries that arrive while the first request is still running take effect once (API.md's
``Idempotency-Key``), tried as the robot tries them: real parallel requests, threads against gunicorn
with several worker processes, on SQLite and PostgreSQL. Every number expected is the one request's."""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from caseflow.api.models import IdempotencyRecord
from caseflow.api.tokens import create_token
from caseflow.checks.models import ControlCheck
from caseflow.extensions import db
from caseflow.figures.models import FigureImport, FigureValue
from caseflow.items.models import WorkItem
from tests.api.live_server import LiveServer

pytestmark = [pytest.mark.both_databases, pytest.mark.committed]

PARALLEL = 12


@pytest.fixture(scope="module")
def server(database_url, tmp_path_factory):
    live = LiveServer(database_url, tmp_path_factory.mktemp("api-live"), workers=4)
    yield live
    live.stop()


@pytest.fixture
def tokens(app, make_unit):
    unit = make_unit("E6")
    _t, ingest = create_token("robot-e6", "ingest", unit)
    _t, department = create_token("robot-all", "ingest", None)
    db.session.commit()
    return {"E6": ingest, "all": department}


def _at_once(count: int, send) -> list[tuple[int, dict]]:
    """``send()`` from ``count`` threads released together; their answers."""
    barrier = threading.Barrier(count)

    def one(_):
        barrier.wait(timeout=30)
        return send()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def _count(model, *where) -> int:
    db.session.rollback()  # read what the server committed
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _one_effect(answers: list[tuple[int, dict]], status: int) -> dict:
    """Every answer is the first one again, or 409 ``in_progress``; at least one is the first. Returns it."""
    firsts = [body for code, body in answers if code == status]
    assert firsts, answers
    assert all(body == firsts[0] for body in firsts), answers
    others = [(code, body) for code, body in answers if code != status]
    assert all(code == 409 and body["error"]["code"] == "in_progress" for code, body in others), others
    return firsts[0]


def test_parallel_identical_posts_with_one_key_create_one_item(app, server, tokens):
    body = {"unit": "E6", "person_ref": "P-77", "case_ref": "H-77", "sent_on": "2020-11-03"}
    answers = _at_once(PARALLEL, lambda: server.request("POST", "/api/v1/referrals", tokens["E6"], body,
                                                        headers={"Idempotency-Key": "referral-P-77"}))
    item = _one_effect(answers, 201)
    assert _count(WorkItem, WorkItem.case_ref == "H-77") == 1
    assert item["case_ref"] == "H-77"


def _bulk(n: int) -> list[dict]:
    first = date(2020, 1, 1)
    return [{"case_ref": f"H-{i}", "performed_on": (first + timedelta(days=i % 300)).isoformat(),
             "actor": "robot", "persons_checked": 1 + i % 4} for i in range(n)]


def test_a_bulk_of_10000_checks_sent_three_times_at_once_is_stored_once(app, server, tokens):
    raw = __import__("json").dumps(_bulk(10_000)).encode()
    answers = _at_once(3, lambda: server.request("POST", "/api/v1/control-checks?unit=E6", tokens["E6"], raw=raw,
                                                 headers={"Idempotency-Key": "checks-2020"}))
    assert _one_effect(answers, 201) == {"accepted": 10_000}
    assert _count(ControlCheck) == 10_000


def test_parallel_figure_puts_with_one_key_import_once(app, server, tokens):
    body = {"households_applied": 3713, "e_application_share_pct": 41.4}
    answers = _at_once(PARALLEL, lambda: server.request("PUT", "/api/v1/figures/2020-11", tokens["all"], body,
                                                        headers={"Idempotency-Key": "figures-2020-11"}))
    assert _one_effect(answers, 200) == {"households_applied": 3713, "e_application_share_pct": 41.4}
    assert _count(FigureImport) == 1
    assert _count(FigureValue) == 2


def test_parallel_posts_without_a_key_each_take_effect(app, server, tokens):
    """The claim is the key's: requests without one are not serialised, nor merged."""
    answers = _at_once(4, lambda: server.request("POST", "/api/v1/control-checks?unit=E6", tokens["E6"],
                                                 _bulk(5)))
    assert [code for code, _body in answers] == [201] * 4
    assert _count(ControlCheck) == 20


# A request killed in the middle of its work ------------------------------------------------------


@pytest.fixture
def pausing_server(database_url, tmp_path):
    """One worker whose check bulk pauses while a flag file exists (``tests/api/slow_app.py``), a short
    wait for a running request's answer and a short life for a claim."""
    flag = tmp_path / "pause"
    live = LiveServer(database_url, tmp_path, workers=2, app="tests.api.slow_app:create_app()",
                      env={"CASEFLOW_TEST_PAUSE_FILE": str(flag), "CASEFLOW_IDEMPOTENCY_WAIT_SECONDS": "1",
                           "CASEFLOW_IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS": "4"})
    live.flag = flag
    yield live
    live.stop()


def _claims() -> list[tuple]:
    db.session.rollback()
    return db.session.execute(sa.select(IdempotencyRecord.key, IdempotencyRecord.status)).all()


def test_a_claim_left_by_a_killed_request_is_released(app, pausing_server, tokens):
    server, raw = pausing_server, __import__("json").dumps(_bulk(100)).encode()
    send = lambda: server.request("POST", "/api/v1/control-checks?unit=E6", tokens["E6"], raw=raw,  # noqa: E731
                                  headers={"Idempotency-Key": "checks-killed"})
    server.flag.touch()
    first = ThreadPoolExecutor(1)
    killed = first.submit(send)
    deadline = time.monotonic() + 30
    while _claims() != [("checks-killed", None)]:  # claimed, and paused in its work
        assert time.monotonic() < deadline, "the first request never claimed its key"
        time.sleep(0.05)

    # While it runs, a retry waits its second and is told the first is still in progress.
    code, body = send()
    assert (code, body["error"]["code"]) == (409, "in_progress")

    for pid in server.worker_pids():  # the request dies with its worker, mid-work
        os.kill(pid, signal.SIGKILL)
    with pytest.raises(OSError):
        killed.result(timeout=30)
    first.shutdown()
    server.flag.unlink()
    assert _count(ControlCheck) == 0
    assert _claims() == [("checks-killed", None)]
    server.wait_until_up()

    # Once the claim is older than any live request could be, the retry takes it over and runs.
    time.sleep(4)
    code, body = send()
    assert (code, body) == (201, {"accepted": 100})
    assert _count(ControlCheck) == 100
    assert _claims() == [("checks-killed", 201)]
    assert send() == (201, {"accepted": 100})
    assert _count(ControlCheck) == 100

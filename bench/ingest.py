"""Bulk ingest: ``POST /api/v1/control-checks`` under gunicorn against the driver's own insert of the same rows.

The physical limit is the same rows, in the same 10 000-row transactions, into the same table
(its indexes and existing rows included) by the standard library's ``sqlite3.executemany``, or on
PostgreSQL by psycopg's ``executemany`` (pipelined) and ``COPY``. Each client, raw or HTTP, is its
own process or connection; with two, the figure is all rows over the time from the common start to
the last one done. After each measurement the inserted rows are deleted, so every run meets the
table at the size it was prepared with.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import random
import sqlite3
import threading
import time
from datetime import UTC, date, datetime, timedelta

from bench.common import Recorder, Setup, flask, gunicorn, libpq_url, median

BULK = 10_000
COLUMNS = ("case_ref", "performed_on", "month", "actor", "persons_checked", "unit_id", "created_at")
INDEX = "ix_control_check_rollup"
INDEX_SQL = f"CREATE INDEX {INDEX} ON control_check (month, actor, unit_id, case_ref, persons_checked)"
ONE_CLIENT_GOAL, TWO_CLIENTS_GOAL = "≥0.5×", "≥0.85×"


def run(setup: Setup, out: Recorder) -> None:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    batches = int(os.environ.get("BENCH_INGEST_BATCHES", "4"))
    unit_code, unit_id = _unit(setup)
    token = flask(setup, "tokens", "create", f"bench-ingest-{time.time_ns()}", "--scope", "ingest",
                  "--unit", unit_code).strip().splitlines()[-1]
    bodies = [_checks(setup, seed) for seed in range(2 * batches)]
    payloads = [json.dumps(body).encode() for body in bodies]
    rows = [[_row(check, unit_id) for check in body] for body in bodies]
    figures: dict[str, list[float]] = {}

    def measure(name: str, rate: float) -> None:
        figures.setdefault(name, []).append(rate)

    with gunicorn(setup, name="ingest") as base:
        _post(base, token, payloads[0])  # warm both workers' imports and caches, then forget the rows
        _post(base, token, payloads[1])
        watermark = _clean(setup, None)
        for _run in range(runs):
            # Interleaved, index dropped and rebuilt within each run, so drift on a shared machine
            # touches raw and API, with and without the index, alike.
            measure("raw 1", _raw(setup, [rows[:batches]], watermark))
            measure("app 1", _http(base, token, [payloads[:batches]], setup, watermark))
            measure("raw 2", _raw(setup, [rows[:batches], rows[batches:]], watermark))
            measure("app 2", _http(base, token, [payloads[:batches], payloads[batches:]], setup, watermark))
            if setup.dialect == "postgresql":
                measure("copy 1", _raw(setup, [rows[:batches]], watermark, copy=True))
                measure("copy 2", _raw(setup, [rows[:batches], rows[batches:]], watermark, copy=True))
            _execute(setup, f"DROP INDEX {INDEX}")
            try:
                measure("raw 1 no index", _raw(setup, [rows[:batches]], watermark))
                measure("app 1 no index", _http(base, token, [payloads[:batches]], setup, watermark))
            finally:
                began = time.perf_counter()
                _execute(setup, INDEX_SQL)
                measure("index build", time.perf_counter() - began)
    _vacuum(setup)

    m = {name: median(values) for name, values in figures.items()}
    raw = "executemany" if setup.dialect == "sqlite" else "psycopg executemany"
    out.record("ingest", f"raw {raw}, 1 client", m["raw 1"], "rows/s", higher_is_better=True)
    out.record("ingest", f"raw {raw}, 2 clients", m["raw 2"], "rows/s", higher_is_better=True)
    if setup.dialect == "postgresql":
        out.record("ingest", "raw COPY, 1 client", m["copy 1"], "rows/s", higher_is_better=True)
        out.record("ingest", "raw COPY, 2 clients", m["copy 2"], "rows/s", higher_is_better=True)
    # The two-client limit is the better of one and two raw writers: SQLite has one writer at a time.
    limit2 = max(m["raw 1"], m["raw 2"])
    out.record("ingest", "API, 1 client", m["app 1"], "rows/s", baseline=m["raw 1"], goal=ONE_CLIENT_GOAL,
               higher_is_better=True)
    out.record("ingest", "API, 2 clients", m["app 2"], "rows/s", baseline=limit2, goal=TWO_CLIENTS_GOAL,
               higher_is_better=True)
    if setup.dialect == "postgresql":
        out.record("ingest", "API, 1 client, vs COPY", m["app 1"], "rows/s", baseline=m["copy 1"],
                   higher_is_better=True)
        out.record("ingest", "API, 2 clients, vs COPY", m["app 2"], "rows/s",
                   baseline=max(m["copy 1"], m["copy 2"]), higher_is_better=True)
    # What the rollup's covering index costs: each figure with the index over the same without it.
    out.record("ingest", f"raw {raw}, 1 client, with {INDEX} vs without", m["raw 1"], "rows/s",
               baseline=m["raw 1 no index"], higher_is_better=True)
    out.record("ingest", f"API, 1 client, with {INDEX} vs without", m["app 1"], "rows/s",
               baseline=m["app 1 no index"], higher_is_better=True)
    out.record("ingest", f"{INDEX} built over the table", m["index build"], "s")


# --- the data --------------------------------------------------------------------------------------

def _unit(setup: Setup) -> tuple[str, int]:
    """The demo caseworker's unit (E6) if there, else the first unit."""
    found = _query(setup, "SELECT code, id FROM unit ORDER BY CASE WHEN code = 'E6' THEN 0 ELSE 1 END, id")
    if not found:
        raise RuntimeError("The prepared database has no unit.")
    return found[0]


def _checks(setup: Setup, seed: int) -> list[dict]:
    """A bulk of 10 000 checks dated over the data's months (never in the future)."""
    rng = random.Random(seed)
    first = date(setup.first // 100, setup.first % 100, 1)
    last = date(setup.last // 100, setup.last % 100, 28)
    span = (min(last, date.today()) - first).days
    return [{"case_ref": f"BENCH-{seed}-{n}", "performed_on": (first + timedelta(days=rng.randrange(span))).isoformat(),
             "actor": "robot" if rng.random() < 0.8 else "caseworker", "persons_checked": rng.randint(1, 6)}
            for n in range(BULK)]


def _row(check: dict, unit_id: int) -> tuple:
    day = date.fromisoformat(check["performed_on"])
    return (check["case_ref"], day, day.year * 100 + day.month, check["actor"], check["persons_checked"], unit_id)


# --- the API ---------------------------------------------------------------------------------------

def _post(base: str, token: str, payload: bytes, conn: http.client.HTTPConnection | None = None) -> None:
    own = conn is None
    conn = conn or http.client.HTTPConnection(base.removeprefix("http://"), timeout=120)
    conn.request("POST", "/api/v1/control-checks", body=payload,
                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    response = conn.getresponse()
    answer = response.read()
    if response.status != 201:
        raise RuntimeError(f"POST /api/v1/control-checks answered {response.status}: {answer[:500]!r}")
    if own:
        conn.close()


def _http(base: str, token: str, clients: list[list[bytes]], setup: Setup, watermark: int) -> float:
    """Rows a second for ``clients`` posting their bodies one after the other, all at once."""
    connections = [http.client.HTTPConnection(base.removeprefix("http://"), timeout=120) for _ in clients]
    for conn in connections:
        conn.connect()
    errors: list[BaseException] = []
    start = threading.Barrier(len(clients) + 1)

    def client(conn, payloads):
        start.wait()
        try:
            for payload in payloads:
                _post(base, token, payload, conn)
        except BaseException as error:  # noqa: BLE001 - re-raised in the measuring thread
            errors.append(error)

    threads = [threading.Thread(target=client, args=pair) for pair in zip(connections, clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    for conn in connections:
        conn.close()
    if errors:
        raise errors[0]
    _clean(setup, watermark)
    return sum(len(payloads) for payloads in clients) * BULK / elapsed


# --- the driver alone ------------------------------------------------------------------------------

def _raw(setup: Setup, clients: list[list[list[tuple]]], watermark: int, *, copy: bool = False) -> float:
    """Rows a second for processes inserting their batches, one transaction a batch, from a common start."""
    context = multiprocessing.get_context("fork")
    start_at = time.time() + 1.0  # every process connected and waiting by then
    with context.Pool(len(clients)) as pool:
        ends = pool.starmap(_raw_client, [(setup.dialect, setup.url, batches, start_at, copy) for batches in clients])
    _clean(setup, watermark)
    return sum(len(batches) for batches in clients) * BULK / (max(ends) - start_at)


def _raw_client(dialect: str, url: str, batches: list[list[tuple]], start_at: float, copy: bool) -> float:
    now = datetime.now(UTC).replace(tzinfo=None)
    sql_columns = ", ".join(COLUMNS)
    if dialect == "sqlite":
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        # The app's own connection settings (caseflow/db.py), so both write the same way.
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=10000")
        stamp = now.isoformat(sep=" ")
        prepared = [[(r[0], r[1].isoformat(), r[2], r[3], r[4], r[5], stamp) for r in batch] for batch in batches]
        time.sleep(max(0.0, start_at - time.time()))
        for batch in prepared:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(f"INSERT INTO control_check ({sql_columns}) VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
            conn.execute("COMMIT")
        conn.close()
        return time.time()
    import psycopg

    with psycopg.connect(libpq_url(url)) as conn:
        prepared = [[(*r, now) for r in batch] for batch in batches]
        time.sleep(max(0.0, start_at - time.time()))
        for batch in prepared:
            with conn.transaction(), conn.cursor() as cursor:
                if copy:
                    with cursor.copy(f"COPY control_check ({sql_columns}) FROM STDIN") as stream:
                        for row in batch:
                            stream.write_row(row)
                else:
                    cursor.executemany(f"INSERT INTO control_check ({sql_columns}) "
                                       "VALUES (%s, %s, %s, %s, %s, %s, %s)", batch)
    return time.time()


# --- housekeeping ----------------------------------------------------------------------------------

def _query(setup: Setup, sql: str) -> list[tuple]:
    if setup.dialect == "sqlite":
        with sqlite3.connect(setup.url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(libpq_url(setup.url)) as conn:
        return conn.execute(sql).fetchall()


def _execute(setup: Setup, sql: str) -> None:
    if setup.dialect == "sqlite":
        conn = sqlite3.connect(setup.url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute(sql)
        conn.close()
        return
    import psycopg

    with psycopg.connect(libpq_url(setup.url), autocommit=True) as conn:
        conn.execute(sql)


def _clean(setup: Setup, watermark: int | None) -> int:
    """Delete the checks above ``watermark`` (all of the bench's when None is the first call's answer)."""
    if watermark is None:
        watermark = _query(setup, "SELECT COALESCE(MIN(id), 1) - 1 FROM control_check WHERE case_ref LIKE 'BENCH-%'")[0][0]
        if not _query(setup, "SELECT 1 FROM control_check WHERE case_ref LIKE 'BENCH-%' LIMIT 1"):
            watermark = _query(setup, "SELECT COALESCE(MAX(id), 0) FROM control_check")[0][0]
    _execute(setup, f"DELETE FROM control_check WHERE id > {int(watermark)}")
    return watermark


def _vacuum(setup: Setup) -> None:
    """Leave the table as compact as prepared for the benchmarks after this one."""
    _execute(setup, "VACUUM ANALYZE control_check" if setup.dialect == "postgresql" else "ANALYZE")

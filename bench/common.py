"""What every benchmark shares: the prepared database (`Setup`), the figures' recorder, servers and statistics."""

from __future__ import annotations

import contextlib
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.recorder import Recorder, median, percentile  # noqa: F401  (the interface bench modules import)
from caseflow.months import Month

BIN_DIR = Path(sys.executable).parent


@dataclass
class Setup:
    """A database of a given size, ready for the benchmarks, and where its files go."""

    #: ``sqlite`` or ``postgresql``.
    dialect: str
    #: Work items generated into it (the benchmark's nominal size).
    size: int
    #: The SQLAlchemy URL.
    url: str
    #: The environment a ``flask``, ``gunicorn`` or ``celery`` subprocess needs for this database.
    env: dict[str, str]
    #: The first and last month buckets of the generated data, e.g. 202411 and 202610.
    first: int
    last: int
    #: A temporary directory for this database's files; removed afterwards.
    workdir: Path


DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
#: The demo caseworker whose list page the latency bench reads, and the one password of the demo users.
CASEWORKER = "handlaggare"
#: Control checks generated per work item, so a size of N items holds about 3N checks.
CHECKS_PER_ITEM = 3
MONTHS = 24


def months_ending_last_month(count: int = MONTHS) -> tuple[int, int]:
    """The first and last month buckets of ``count`` months ending with last month (Stockholm time)."""
    from caseflow.db import today_local

    last = first = Month.of(today_local()).previous
    for _ in range(count - 1):
        first = Month(first).previous
    return first, last


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL as the conninfo URI psycopg takes."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def postgresql_answers(url: str) -> str | None:
    """None when PostgreSQL answers at ``url``, else why not."""
    import psycopg

    try:
        with psycopg.connect(libpq_url(url), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means: skip PostgreSQL, and say why
        return str(error).strip().splitlines()[0]
    return None


def machine() -> dict[str, str]:
    """The machine the figures come from, read now."""
    import platform
    import sqlite3

    info = {"cores": str(os.cpu_count())}
    with contextlib.suppress(OSError):
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
        info["ram"] = f"{kib / 1024 / 1024:.1f} GiB"
    with contextlib.suppress(OSError, AttributeError):
        info["cpu"] = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1)
    info["os"] = platform.platform()
    info["python"] = platform.python_version()
    info["sqlite"] = sqlite3.sqlite_version
    with contextlib.suppress(Exception):
        import psycopg

        url = os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL)
        with psycopg.connect(libpq_url(url), connect_timeout=3) as conn:
            info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    with contextlib.suppress(Exception):
        import gunicorn

        info["gunicorn"] = gunicorn.__version__
    with contextlib.suppress(OSError):
        done = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        info["wrk"] = (done.stdout + done.stderr).split()[1]
    info["load average at start"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return info


@contextlib.contextmanager
def prepared(dialect: str, size: int) -> Iterator[Setup]:
    """A fresh database of ``size`` items over 24 months ending last month, rolled up once; dropped after."""
    workdir = Path(tempfile.mkdtemp(prefix=f"caseflow-bench-{dialect}-{size}-"))
    pg_admin = database = None
    if dialect == "sqlite":
        url = f"sqlite:///{workdir / 'caseflow.sqlite'}"
    else:
        import psycopg
        from sqlalchemy.engine import make_url

        base = os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL)
        # One database per run, named for the process: two runs on one server never meet.
        database = f"caseflow_bench_{os.getpid()}"
        pg_admin = psycopg.connect(libpq_url(base), autocommit=True)
        pg_admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        pg_admin.execute(f"CREATE DATABASE {database}")
        url = make_url(base).set(database=database).render_as_string(hide_password=False)
    first, last = months_ending_last_month()
    env = dict(os.environ)
    env.update({
        "CASEFLOW_DATABASE_URL": url,
        "CASEFLOW_INSTANCE_PATH": str(workdir / "instance"),
        "CASEFLOW_SECRET_KEY": secrets.token_urlsafe(48),
        "CASEFLOW_ENV": "development",  # demo data (known passwords) is refused in production
        "FLASK_APP": "caseflow",
    })
    (workdir / "instance").mkdir()
    setup = Setup(dialect, size, url, env, first, last, workdir)
    try:
        started = time.monotonic()
        flask(setup, "db", "upgrade")
        _generate(setup)
        flask(setup, "rollup", "--from", str(Month(first)), "--to", str(Month(last)))
        print(f"  prepared {dialect} with {size} items in {time.monotonic() - started:.0f} s "
              f"({Month(first)} to {Month(last)}; {workdir})", flush=True)
        with celery_workers(setup, int(os.environ.get("BENCH_CELERY_WORKERS", "0"))):
            yield setup
    finally:
        if pg_admin is not None:
            with contextlib.suppress(Exception):
                pg_admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            pg_admin.close()
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def celery_workers(setup: Setup, count: int) -> Iterator[None]:
    """``count`` Celery workers (concurrency 1 each) on the setup's broker for the block: the scaled-out run."""
    if not count:
        yield
        return
    if not setup.env.get("CASEFLOW_BROKER_URL"):
        raise RuntimeError("BENCH_CELERY_WORKERS needs CASEFLOW_BROKER_URL (redis://… or amqp://…).")
    procs = []
    try:
        for n in range(count):
            log = open(setup.workdir / f"celery-{n}.log", "w")
            procs.append(subprocess.Popen(
                [str(BIN_DIR / "celery"), "--app", "workers.make_celery", "worker", "--concurrency", "1",
                 "--hostname", f"bench{n}-{os.getpid()}@%h", "--loglevel", "WARNING"],
                env=setup.env, stdout=log, stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parent.parent))
        time.sleep(3)
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"A Celery worker exited with {proc.returncode}; see {setup.workdir}/celery-*.log")
        print(f"  {count} Celery workers on {setup.env['CASEFLOW_BROKER_URL']}", flush=True)
        yield
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _generate(setup: Setup) -> None:
    """The demo users, then ``size`` items and about three checks an item with the volume generator."""
    try:
        from caseflow.demo.volume import ITEMS_PER_HOUSEHOLD_MONTH
    except ImportError:
        print("  NOTE: caseflow.demo.volume is not in this tree: only the small demo data set is loaded, "
              f"so the size {setup.size} is nominal.", flush=True)
        flask(setup, "demo-data")
        return
    households = math.ceil(setup.size / (MONTHS * ITEMS_PER_HOUSEHOLD_MONTH))
    # The generator's rate is checks per household per month: about three checks an item in all.
    checks_per_household_month = CHECKS_PER_ITEM * setup.size / (households * MONTHS)
    flask(setup, "demo-data", "--households", str(households), "--from", str(Month(setup.first)),
          "--to", str(Month(setup.last)), "--seed", "1",
          "--checks-per-household", f"{checks_per_household_month:.4f}")


def app(setup: Setup):
    """A Caseflow app bound to the setup's database, for in-process work (``with app.app_context()``)."""
    from caseflow import create_app

    keys = ("CASEFLOW_DATABASE_URL", "CASEFLOW_INSTANCE_PATH", "CASEFLOW_SECRET_KEY", "CASEFLOW_ENV",
            "CASEFLOW_BROKER_URL")
    saved = {key: os.environ.get(key) for key in keys}
    try:
        for key in keys:
            if key in setup.env:
                os.environ[key] = setup.env[key]
        return create_app({"SQLALCHEMY_DATABASE_URI": setup.url, "SECRET_KEY": setup.env["CASEFLOW_SECRET_KEY"]})
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# --- processes and servers ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(setup: Setup, *args: str, input: str | None = None) -> str:
    """Run ``flask --app caseflow ARGS`` against the setup's database; its output, or an error with it."""
    cmd = [str(BIN_DIR / "flask"), "--app", "caseflow", *args]
    done = subprocess.run(cmd, env=setup.env, input=input, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def gunicorn_command(app_spec: str, port: int) -> list[str]:
    """gunicorn the way ``make run`` starts it (caseflow/serve.py), on another port and app."""
    from caseflow.serve import commands

    cmd = list(commands(str(port), {})["web"])
    cmd[-1] = app_spec
    return cmd


@contextlib.contextmanager
def gunicorn(setup: Setup, app_spec: str = "caseflow:create_app()", *, name: str = "app") -> Iterator[str]:
    """Serve ``app_spec`` with gunicorn (2 workers) for the block; yields its base URL."""
    port = free_port()
    log = open(setup.workdir / f"gunicorn-{name}-{port}.log", "w")
    proc = subprocess.Popen(gunicorn_command(app_spec, port), env=setup.env, stdout=log, stderr=subprocess.STDOUT,
                            cwd=Path(__file__).resolve().parent.parent)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc, setup.workdir / f"gunicorn-{name}-{port}.log")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def wait_until_up(base: str, proc: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(base + "/", timeout=2).read()
            # Both workers answer once the first does, near enough; give the second a moment to import.
            time.sleep(0.5)
            return
        except urllib.error.HTTPError:
            time.sleep(0.5)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


"""``make run``: the web server, a Celery worker and beat, stopped together; the worker kept running.

Run as ``python -m caseflow.serve``; Ctrl-C (or SIGTERM) stops every process it started. A worker
that exits is started again, and so is one that runs but has sent no heartbeat for a while
(``caseflow.health``): rollups never wait on a worker that only looks alive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from caseflow import PROJECT_ROOT
from caseflow.db import utcnow
from caseflow.demo.people import DEMO_PASSWORD, DEMO_USERS

#: A worker up this long with no heartbeat for this long is stuck, and started again. Beat asks
#: for a heartbeat every 20 s, so this is two missed, and a stuck worker is replaced within a minute.
RESTART_SILENT_AFTER = timedelta(seconds=45)
#: The fewest seconds between two starts of the worker, so one that cannot start does not spin.
RESTART_PAUSE = 5.0


def commands(port: str, environ: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The processes of the embedded run, by name.

    One worker with beat embedded (``-B``). On the embedded broker it runs tasks in its own process
    (``--pool solo``): its SQLite queue wants one consumer, and with a pool child the worker does not
    notice the child's death while idle and takes tasks it never runs. A dead solo worker simply
    exits, and ``Supervisor`` starts it again.
    """
    env = os.environ if environ is None else environ
    bin_dir = os.path.dirname(sys.executable)
    instance = env.get("CASEFLOW_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    worker = [os.path.join(bin_dir, "celery"), "--app", "workers.make_celery", "worker", "--beat",
              "--loglevel", "INFO", "--schedule", os.path.join(instance, "celerybeat-schedule")]
    if not env.get("CASEFLOW_BROKER_URL"):
        worker += ["--pool", "solo"]
    return {
        # No control socket: its default path is per user, and two runs on one machine would share it.
        "web": [os.path.join(bin_dir, "gunicorn"), "--config", "python:caseflow.gunicorn_conf", "--workers", "2",
                "--no-control-socket", "--bind", f"127.0.0.1:{port}", "caseflow:create_app()"],
        "worker": worker,
    }


class Supervisor:
    """Starts the processes, restarts the worker when it exits or falls silent, stops them all.

    ``heard_at`` answers when a worker last sent a heartbeat (None when unknown); the worker runs in
    a process group of its own, so stopping it stops the beat process it started too.
    """

    def __init__(self, cmds: dict[str, list[str]], heard_at: Callable[[], datetime | None],
                 env: dict[str, str] | None = None, log=sys.stderr):
        self.cmds, self.heard_at, self.env, self.log = cmds, heard_at, env, log
        self.procs: dict[str, subprocess.Popen] = {}
        self.started_at: dict[str, float] = {}
        self.restarts = 0

    def start(self, name: str) -> None:
        self.procs[name] = subprocess.Popen(self.cmds[name], env=self.env, start_new_session=name == "worker")
        self.started_at[name] = time.monotonic()

    def start_all(self) -> None:
        for name in self.cmds:
            self.start(name)

    def _stop(self, name: str, sig: int) -> None:
        proc = self.procs[name]
        try:
            if name == "worker":
                # The whole group, even when the worker itself is gone: a worker killed from outside
                # leaves its beat process behind, which would go on sending tasks beside the new one's.
                os.killpg(proc.pid, sig)
            elif proc.poll() is None:
                proc.send_signal(sig)
        except ProcessLookupError:
            pass

    def _restart_worker(self, why: str) -> None:
        print(f"worker {why}; starting it again.", file=self.log, flush=True)
        self._stop("worker", signal.SIGKILL)
        self.procs["worker"].wait(timeout=30)
        self.restarts += 1
        self.start("worker")

    def check(self) -> bool:
        """One round of watching; False when the run must stop (the web server exited)."""
        for name, proc in self.procs.items():
            if proc.poll() is not None and name != "worker":
                print(f"{name} exited with code {proc.returncode}; stopping the rest.", file=self.log)
                return False
        if "worker" not in self.procs:
            return True
        up_for = time.monotonic() - self.started_at["worker"]
        if self.procs["worker"].poll() is not None:
            if up_for >= RESTART_PAUSE:
                self._restart_worker(f"exited with code {self.procs['worker'].returncode}")
        elif up_for > RESTART_SILENT_AFTER.total_seconds():
            heard = self.heard_at()
            if heard is None or utcnow() - heard > RESTART_SILENT_AFTER:
                self._restart_worker(f"sent no heartbeat for {RESTART_SILENT_AFTER.seconds} s")
        return True

    def stop_all(self) -> None:
        for name in self.procs:
            self._stop(name, signal.SIGTERM)
        for name, proc in self.procs.items():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._stop(name, signal.SIGKILL)
                proc.wait(timeout=15)
        if "worker" in self.procs:
            self._stop("worker", signal.SIGKILL)  # whatever of its group outlived it


def heartbeat_reader() -> Callable[[], datetime | None]:
    """When a worker last sent a heartbeat, read from the app's database; None if it cannot tell."""
    from caseflow import create_app
    from caseflow.extensions import db
    from caseflow.health import last_heard_at

    app = create_app()

    def read() -> datetime | None:
        with app.app_context():
            try:
                return last_heard_at()
            except Exception:  # noqa: BLE001 - a database that does not answer is no reason to restart
                return utcnow()
            finally:
                db.session.remove()
    return read


def main() -> int:
    port = os.environ.get("PORT", "5000")
    supervisor = Supervisor(commands(port), heartbeat_reader())
    supervisor.start_all()
    print(f"\nCaseflow runs at http://127.0.0.1:{port}/  (Ctrl-C stops it)")
    print("Demo sign-ins, password " + DEMO_PASSWORD + ": "
          + ", ".join(f"{u} ({role})" for u, _, role, _ in DEMO_USERS) + "\n", flush=True)

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and supervisor.check():
            time.sleep(0.5)
    finally:
        supervisor.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())

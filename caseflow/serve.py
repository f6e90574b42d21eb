"""``make run``: the web server, a Celery worker and beat, stopped together.

Run as ``python -m caseflow.serve``; Ctrl-C (or SIGTERM) stops every process it started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from caseflow import PROJECT_ROOT
from caseflow.demo.people import DEMO_PASSWORD, DEMO_USERS


def commands(port: str, environ: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The processes of the embedded run, by name.

    One worker with beat embedded (``-B``): the embedded broker serves one worker node, and its
    SQLite file wants one consuming process, hence concurrency 1 there.
    """
    env = os.environ if environ is None else environ
    bin_dir = os.path.dirname(sys.executable)
    instance = env.get("CASEFLOW_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    worker = [os.path.join(bin_dir, "celery"), "--app", "workers.make_celery", "worker", "--beat",
              "--loglevel", "INFO", "--schedule", os.path.join(instance, "celerybeat-schedule")]
    if not env.get("CASEFLOW_BROKER_URL"):
        worker += ["--concurrency", "1"]
    return {
        # No control socket: its default path is per user, and two runs on one machine would share it.
        "web": [os.path.join(bin_dir, "gunicorn"), "--config", "python:caseflow.gunicorn_conf", "--workers", "2",
                "--no-control-socket", "--bind", f"127.0.0.1:{port}", "caseflow:create_app()"],
        "worker": worker,
    }


def main() -> int:
    port = os.environ.get("PORT", "5000")
    procs = {name: subprocess.Popen(cmd) for name, cmd in commands(port).items()}
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
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(f"{name} exited with code {proc.returncode}; stopping the rest.", file=sys.stderr)
                    stopping = True
            time.sleep(0.5)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())

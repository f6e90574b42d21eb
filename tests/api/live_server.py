"""A real Caseflow API on localhost: gunicorn with several sync workers on the test's database, for
tests whose requests must truly run at once (threads of a client against processes of a server)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.ports import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Every wait is bounded: a server that never starts fails the test, never hangs it.
START_TIMEOUT = 60


class LiveServer:
    """``gunicorn`` serving ``app`` (a factory call) on ``database_url``; ``stop()`` ends it and its workers."""

    def __init__(self, database_url: str, instance: Path, *, workers: int = 4, app: str = "caseflow:create_app()",
                 env: dict[str, str] | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = instance / f"gunicorn-{self.port}.log"
        environ = os.environ | {
            "CASEFLOW_DATABASE_URL": database_url, "CASEFLOW_INSTANCE_PATH": str(instance),
            "CASEFLOW_SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
        } | (env or {})
        environ.pop("CASEFLOW_BROKER_URL", None)
        self.log = self.log_path.open("ab")
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "--workers", str(workers), "--no-control-socket", "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "120", app],
            cwd=PROJECT_ROOT, env=environ, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_until_up()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited: " + self.log_path.read_text()[-3000:])
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer: " + self.log_path.read_text()[-3000:])

    def worker_pids(self) -> list[int]:
        """The master's children: the workers, one request each at a time."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def request(self, method: str, path: str, token: str, body=None, *, raw: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, dict]:
        """``(status, JSON body)`` of one request; an error status is an answer, not an exception."""
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        sent = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"} | (headers or {})
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()

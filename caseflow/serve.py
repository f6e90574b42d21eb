"""``make run``: the web server and the background processes of the embedded run, stopped together.

Run as ``python -m caseflow.serve``; Ctrl-C (or SIGTERM) stops every process it started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from caseflow.demo import DEMO_PASSWORD, DEMO_USERS


def commands(port: str) -> dict[str, list[str]]:
    """The processes of the embedded run, by name."""
    bin_dir = os.path.dirname(sys.executable)
    return {
        "web": [os.path.join(bin_dir, "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                "--access-logfile", "-", "caseflow:create_app()"],
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

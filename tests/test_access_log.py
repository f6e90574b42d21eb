"""The web server's access log names paths, never query strings: ``?case_ref=H394`` stays out of it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from caseflow.serve import commands
from tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent


def test_the_access_log_of_make_run_and_the_readme_recipe_keeps_no_query_string(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEFLOW_")}
    env |= {"CASEFLOW_INSTANCE_PATH": str(tmp_path), "CASEFLOW_SECRET_KEY": "s", "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")}
    web = commands(str(port), env)["web"]
    assert "python:caseflow.gunicorn_conf" in web
    log = (tmp_path / "web.log").open("wb")
    server = subprocess.Popen(web, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline, answered = time.monotonic() + 60, None
        while answered is None and time.monotonic() < deadline:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/login?next=/referrals/%3Fcase_ref%3DH394",
                                                 headers={"Referer": f"http://127.0.0.1:{port}/referrals/?case_ref=H394"})
                answered = urllib.request.urlopen(request, timeout=30).status
            except OSError:  # not listening yet (URLError is one)
                time.sleep(0.3)
        assert answered == 200
        try:  # a calendar feed's address is its credential: not in the log either (too long a token: 404)
            urllib.request.urlopen(f"http://127.0.0.1:{port}/calendar/SECRETFEEDTOKEN42{'x' * 100}.ics", timeout=30)
        except urllib.error.HTTPError:
            pass
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    written = (tmp_path / "web.log").read_text()
    lines = [line for line in written.splitlines() if '"GET /login' in line]
    assert lines and all('"GET /login HTTP/1.1" 200' in line for line in lines), written
    assert "H394" not in written and "case_ref" not in written
    assert "SECRETFEEDTOKEN42" not in written and '"GET /calendar/[token].ics HTTP/1.1"' in written, written

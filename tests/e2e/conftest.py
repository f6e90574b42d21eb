"""A real Caseflow on localhost (gunicorn, a Celery worker and beat, the embedded broker, demo data) and
Debian's Chromium driven by Playwright. Skipped where Chromium or Playwright is missing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.pages import sign_in
from tests.ports import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"

playwright_api = pytest.importorskip("playwright.sync_api")
if not os.path.exists(CHROMIUM):
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    instance = tmp_path_factory.mktemp("e2e-instance")
    port = free_port()
    env = {**os.environ, "CASEFLOW_INSTANCE_PATH": str(instance), "PORT": str(port),
           "CASEFLOW_DATABASE_URL": f"sqlite:///{instance / 'caseflow.sqlite'}"}
    env.pop("CASEFLOW_BROKER_URL", None)  # the embedded broker, as `make run` has it
    flask = [sys.executable, "-m", "flask", "--app", "caseflow"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo-data"], env=env, check=True, capture_output=True)
    log = open(instance / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "caseflow.serve"], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    else:
        os.killpg(proc.pid, signal.SIGTERM)
        raise RuntimeError("the server did not start: " + (instance / "serve.log").read_text()[-2000:])
    yield base
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def sign_in_as(server, browser):
    """A new browser context signed in as a demo user; the page is returned."""
    contexts = []

    def signed_in(username: str):
        context = browser.new_context(accept_downloads=True, locale="sv-SE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        sign_in(page, server, username)
        return page

    yield signed_in
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    """Save a screenshot of the page as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

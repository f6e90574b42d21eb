"""``pip install .`` without ``make``: the wheel carries compiled catalogs, templates and migrations.

Built from a clean copy of the checkout (the files git knows, no ``.mo``, no ``instance/``) with this
virtual environment's setuptools and Babel, so nothing is downloaded; the wheel is unpacked and
imported ahead of the editable install, and its own app must speak Swedish on a page and in a report.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Run inside the unpacked wheel: migrate an empty SQLite database, sign in as an analyst, and print
#: what the report page and the report's CSV say.
PROBE = r"""
import sys
from pathlib import Path
import caseflow
assert Path(caseflow.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()), caseflow.__file__
from caseflow import create_app
from caseflow.auth.services import create_user
from caseflow.extensions import db
from flask_migrate import upgrade

app = create_app({"WTF_CSRF_ENABLED": False})
with app.app_context():
    upgrade()
    create_user(username="ida", display_name="Ida", role="analyst", unit=None, password="a-long-password-1")
    db.session.commit()
client = app.test_client()
client.post("/login", data={"username": "ida", "password": "a-long-password-1"})
page = client.get("/reports/2020-11")
print("PAGE", page.status_code, "Kontroller och beslut" in page.get_data(as_text=True))
with app.app_context():
    result = app.test_cli_runner().invoke(args=["report", "2020-11", "--format", "csv", "-o", sys.argv[2]])
print("CSV", result.exit_code, repr(result.exception), file=sys.stderr)
print("CSV", result.exit_code, "Kontroller och beslut" in Path(sys.argv[2]).read_text(encoding="utf-8-sig"))
"""


def _clean_copy(target: Path) -> None:
    """The checkout's files as a fresh clone would have them (tracked, or new and not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def test_a_wheel_built_from_a_clean_copy_serves_swedish_pages_and_reports(tmp_path):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout")
    source, dist, unpacked = tmp_path / "source", tmp_path / "dist", tmp_path / "site"
    _clean_copy(source)
    assert not list(source.rglob("*.mo")), "the clean copy must hold no compiled catalog"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-build-isolation", "--no-deps",
                    "--no-index", "-w", str(dist), str(source)], check=True, capture_output=True)
    (wheel,) = dist.glob("caseflow-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(unpacked)
    assert {"caseflow/translations/sv/LC_MESSAGES/messages.mo", "caseflow/templates/base.html",
            "caseflow/migrations/env.py"} <= names

    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASEFLOW_", "FLASK_"))}
    env |= {"PYTHONPATH": str(unpacked), "CASEFLOW_INSTANCE_PATH": str(tmp_path / "instance")}
    probe = subprocess.run([sys.executable, "-c", PROBE, str(unpacked), str(tmp_path / "report.csv")],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert probe.returncode == 0, probe.stderr[-3000:]
    assert probe.stdout.split("\n")[-3:-1] == ["PAGE 200 True", "CSV 0 True"], probe.stdout + probe.stderr[-2000:]


def test_the_virtual_environment_has_a_setuptools_without_the_known_advisories():
    # What `python -m venv` bundles (65.5) has CVE-2022-40897, CVE-2024-6345 (fixed in 70.0) and
    # CVE-2025-47273 (fixed in 78.1.1); make's install step upgrades it with pip.
    from importlib.metadata import version

    from packaging.version import Version
    assert Version(version("setuptools")) >= Version("78.1.1")

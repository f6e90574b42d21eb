"""docs/api.md's examples run: every ``curl`` line of its ``sh`` blocks is sent, in order, to a real
server (gunicorn on the test's database), and must answer the status the ``# NNN`` line under it names
(any 2xx when none does). ``NAME=$(curl … | jq -r .field)`` keeps the answer's field for later lines,
as the shell would. So the documentation cannot drift from the API."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from caseflow.api.tokens import create_token
from caseflow.extensions import db
from tests.api.live_server import LiveServer

pytestmark = pytest.mark.committed

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
HOST = "https://caseflow.example"
_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
_KEEP = re.compile(r"^(\w+)=\$\((curl .*?)\s*\|\s*jq -r \.(\w+)\)$", re.S)
_STATUS = re.compile(r"^#\s*(\d{3})\b")
_VARIABLE = re.compile(r"\$(\w+)")


def _commands(block: str) -> list[str]:
    """The block's logical lines: backslash-newlines joined, a quote left open continued on the next line."""
    commands, pending = [], ""
    for line in block.replace("\\\n", " ").splitlines():
        pending = f"{pending}\n{line}" if pending else line
        try:
            shlex.split(pending, comments=True)
        except ValueError:  # an open quote: the command goes on
            continue
        commands.append(pending.strip())
        pending = ""
    assert not pending, f"unclosed quote in {pending!r}"
    return commands


def examples() -> list[tuple[str | None, str | None, str, int | None]]:
    """``(variable, field, curl command, status)`` of each curl line, in the page's order."""
    found = []
    for block in _BLOCK.findall(DOC.read_text()):
        lines = _commands(block)
        for number, line in enumerate(lines):
            if not line.startswith("curl ") and not _KEEP.match(line):
                continue
            variable = field = None
            if keep := _KEEP.match(line):
                variable, line, field = keep.groups()
            following = lines[number + 1] if number + 1 < len(lines) else ""
            status = _STATUS.match(following)
            found.append((variable, field, line, int(status[1]) if status else None))
    return found


def _request(command: str, values: dict[str, str]) -> tuple[str, str, dict[str, str], bytes | None]:
    def value(match):
        assert match[1] in values, f"${match[1]} is set by no earlier example"
        return values[match[1]]

    args = shlex.split(_VARIABLE.sub(value, command))
    assert args[0] == "curl", command
    method, url, headers, data = "GET", None, {}, None
    options = iter(args[1:])
    for arg in options:
        if arg == "-X":
            method = next(options)
        elif arg == "-H":
            name, _sep, header = next(options).partition(":")
            headers[name.strip()] = header.strip()
        elif arg == "-d":
            data = next(options).encode()
            method = "POST" if method == "GET" else method
        elif arg == "-sS":
            continue
        else:
            assert arg.startswith(HOST) and url is None, f"unexpected {arg!r} in {command}"
            url = arg
    return method, url.removeprefix(HOST), headers, data


@pytest.fixture
def server(app, make_unit, tmp_path, database_url):
    live = LiveServer(database_url, tmp_path, workers=2)
    yield live
    live.stop()


def test_every_curl_example_of_the_api_page_answers_as_it_says(app, make_unit, server):
    """The page's requests against a real server, as a reader would paste them."""
    e6 = make_unit("E6")
    values = {}
    for name, scope, unit in (("TOKEN", "ingest", e6), ("DEPT", "ingest", None), ("READ", "read", None)):
        _token, values[name] = create_token(name.lower(), scope, unit)
    db.session.commit()
    ran = 0
    for variable, field, command, status in examples():
        method, path, headers, data = _request(command, values)
        token = headers.pop("Authorization").removeprefix("Bearer ")
        code, answer = server.request(method, path, token, raw=data, headers=headers)
        if status is None:
            assert 200 <= code < 300, (command, code, answer)
        else:
            assert code == status, (command, code, answer)
        if variable:
            values[variable] = str(answer[field])
        ran += 1
    assert ran >= 25  # every example of the page, not a parse that found none

"""Page and API latency with wrk: the caseworker's list page and ``GET /api/v1/counts`` against hello-world.

Both servers are gunicorn with the settings ``make run`` uses (caseflow/serve.py: 2 workers), up
at the same time; the targets are measured in turn within each run, so drift on a shared machine
touches all alike. wrk reports each measurement's median and p95 through a Lua ``done`` hook
(its ``--latency`` table has no p95); a measurement with any answer but 200 or a socket error fails.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import urllib.parse
import urllib.request

from bench.common import CASEWORKER, Recorder, Setup, flask, gunicorn, median
from caseflow.months import Month

#: wrk's report, one JSON line: latencies in microseconds. Any answer but 200 is an error: a
#: redirect to the sign-in page would otherwise count as a fast page.
REPORT_LUA = """
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
init = function(args)
  not_ok = 0
end
response = function(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  for _, thread in ipairs(threads) do errors = errors + thread:get("not_ok") end
  io.write(string.format('{"p50": %d, "p95": %d, "p99": %d, "requests": %d, "seconds": %f, "errors": %d}\\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.requests,
    summary.duration / 1e6, errors))
end
"""
CONCURRENCY = ((1, 1), (16, 2))
#: Sent by the sign-in and by wrk alike: the session protection ("strong") ends a session whose
#: client changes its User-Agent.
USER_AGENT = "caseflow-bench"  # (connections, wrk threads)
P95_GOAL = "<50 ms, ≤3×"
#: The counts the latency bench reads: a counted metric over all units, every month of the data.
METRIC = "individuals_checked"


def run(setup: Setup, out: Recorder) -> None:
    if shutil.which("wrk") is None:
        raise RuntimeError("The latency benchmark needs wrk on the PATH (Debian: apt-get install wrk; "
                           "`make bench` installs it when it can).")
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    seconds = int(os.environ.get("BENCH_WRK_SECONDS", "4"))
    script = setup.workdir / "report.lua"
    script.write_text(REPORT_LUA)
    token = flask(setup, "tokens", "create", "bench-read", "--scope", "read").strip().splitlines()[-1]
    counts = f"/api/v1/counts?metric={METRIC}&from={Month(setup.first)}&to={Month(setup.last)}"
    results: dict[tuple[str, int], list[dict]] = {}
    with gunicorn(setup, "bench.hello:app", name="hello") as hello, gunicorn(setup, name="latency") as base:
        targets = {
            "hello-world": (hello + "/", []),
            "list page /": (base + "/", []),
            "GET /api/v1/counts": (base + counts, [f"Authorization: Bearer {token}"]),
        }
        for _run in range(runs):
            # A fresh session each run, so no run outlasts CASEFLOW_SESSION_IDLE_MINUTES.
            targets["list page /"] = (base + "/", [f"Cookie: {sign_in(base, CASEWORKER, _demo_password())}"])
            if not _run:  # warm every worker's imports, templates and caches
                for url, headers in targets.values():
                    _wrk(url, headers, script, connections=4, threads=2, seconds=1)
            for name, (url, headers) in targets.items():
                for connections, threads in CONCURRENCY:
                    results.setdefault((name, connections), []).append(
                        _wrk(url, headers, script, connections=connections, threads=threads, seconds=seconds))

    for connections, _threads in CONCURRENCY:
        clients = "1 client" if connections == 1 else f"{connections} connections"
        floor = {key: median([r[key] / 1000 for r in results[("hello-world", connections)]]) for key in ("p50", "p95")}
        floor_rps = median([r["requests"] / r["seconds"] for r in results[("hello-world", connections)]])
        for name in targets:
            measured = results[(name, connections)]
            p50 = median([r["p50"] / 1000 for r in measured])
            p95 = median([r["p95"] / 1000 for r in measured])
            rps = median([r["requests"] / r["seconds"] for r in measured])
            if name == "hello-world":
                out.record("latency", f"{name}, {clients}, median", p50, "ms")
                out.record("latency", f"{name}, {clients}, p95", p95, "ms")
                out.record("latency", f"{name}, {clients}, throughput", rps, "req/s", higher_is_better=True)
                continue
            out.record("latency", f"{name}, {clients}, median", p50, "ms", baseline=floor["p50"])
            out.record("latency", f"{name}, {clients}, p95", p95, "ms", baseline=floor["p95"], goal=P95_GOAL)
            out.record("latency", f"{name}, {clients}, throughput", rps, "req/s", baseline=floor_rps,
                       higher_is_better=True)


def _demo_password() -> str:
    from caseflow.demo.people import DEMO_PASSWORD

    return DEMO_PASSWORD


def sign_in(base: str, username: str, password: str) -> str:
    """Sign in through the form (its CSRF token included); the ``Cookie`` header value of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(base + "/login").read().decode()
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page)
    if not match:
        raise RuntimeError("The sign-in page has no csrf_token field.")
    form = urllib.parse.urlencode({"csrf_token": match.group(1), "username": username, "password": password})
    answer = opener.open(base + "/login", data=form.encode())
    landed = answer.geturl()
    if "/login" in urllib.parse.urlsplit(landed).path:
        raise RuntimeError(f"Signing in as {username} failed (answered {answer.status} at {landed}).")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    # The page itself, not a redirect to the sign-in: wrk would count a 302 as a fast answer.
    page = urllib.request.urlopen(urllib.request.Request(base + "/", headers={"Cookie": cookie, "User-Agent": USER_AGENT}))
    if "/login" in urllib.parse.urlsplit(page.geturl()).path:
        raise RuntimeError(f"The session of {username} does not reach the list page.")
    return cookie


def _wrk(url: str, headers: list[str], script, *, connections: int, threads: int, seconds: int) -> dict:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
           "-H", f"User-Agent: {USER_AGENT}"]
    for header in headers:
        cmd += ["-H", header]
    done = subprocess.run([*cmd, url], capture_output=True, text=True, check=True)
    line = next((ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("{")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no report:\n{done.stdout}\n{done.stderr}")
    report = json.loads(line)
    if report["errors"] or not report["requests"]:
        raise RuntimeError(f"wrk on {url}: {report['errors']} errors of {report['requests']} requests")
    return report

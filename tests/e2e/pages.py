"""What the browser tests do on many pages: sign in as a demo user, and ask axe-core for serious problems."""

from __future__ import annotations

from pathlib import Path

#: Every demo user's password (``caseflow.demo.people``).
PASSWORD = "demo-caseflow-2026"

#: axe-core's WCAG 2.1 AA rules, each violation cut to what a failing assertion needs to show.
RUN_AXE = """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
    .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"""


def sign_in(page, server: str, username: str) -> None:
    """Sign ``page`` in as the demo user ``username`` and wait for the start page."""
    page.goto(server + "/login")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(server + "/")


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical WCAG violations on the page as it stands. The page's context must
    bypass the CSP (``bypass_csp=True``) for the script to be injected."""
    # Imported here, so conftest imports this module (and skips) where the dev extra is missing.
    import axe_playwright_python

    # axe-core itself (v4), as the axe-playwright-python package ships it from the npm registry.
    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]

"""``flask demo-data``: demo units, users (one per role), a year of their work items, control checks and
monthly figures, rolled up into the report; idempotent."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.auth.services import create_user
from caseflow.cli_support import transaction
from caseflow.demo_figures import load_demo_checks_and_figures, roll_up_demo_report
from caseflow.demo_items import load_demo_items
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.units.models import Unit
from caseflow.units.services import create_unit

#: Shown by ``make run`` and in the README; never valid outside the embedded development run.
DEMO_PASSWORD = "demo-caseflow-2026"

DEMO_UNITS = (("E6", "Enhet 6"), ("E2", "Enhet 2"))

DEMO_USERS = (
    # username, display name, role, unit code
    ("handlaggare", "Sara Handläggare", Role.CASEWORKER, "E6"),
    ("handlaggare2", "Omar Handläggare", Role.CASEWORKER, "E2"),
    ("enhetschef", "Lena Enhetschef", Role.UNIT_LEADER, "E6"),
    ("analytiker", "Ida Analytiker", Role.ANALYST, None),
    ("admin", "Admin Systemförvaltare", Role.ADMIN, None),
)


def load_demo_data() -> None:
    """Create whatever of the demo set is missing; running it twice changes nothing."""
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    for code, name in DEMO_UNITS:
        if code not in units:
            units[code] = create_unit(code, name)
    existing = set(db.session.scalars(select(User.username)))
    for username, name, role, unit_code in DEMO_USERS:
        if username not in existing:
            create_user(username=username, display_name=name, role=role,
                        unit=units[unit_code] if unit_code else None, password=DEMO_PASSWORD)


@click.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
@with_appcontext
def demo_data_command(if_empty: bool) -> None:
    """Load a realistic demo data set (idempotent)."""
    if current_app.config["CASEFLOW_ENV"] == "production":
        raise click.ClickException("Demo data has known passwords and is refused in production.")
    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("The database already has users; no demo data loaded.")
        return
    with transaction():
        load_demo_data()
        made = load_demo_items()
        checks, figures = load_demo_checks_and_figures()
        if made or checks or figures:
            roll_up_demo_report()  # the analyst's report is full on first sign-in, before any worker runs
    click.echo(f"{made} demo work items created." if made else "Demo work items already present.")
    click.echo(f"{checks} control checks and {figures} monthly figures recorded, and the report rolled up."
               if checks or figures else "Demo checks and figures already present.")
    click.echo("Demo data loaded. Sign in as any of: "
               + ", ".join(u[0] for u in DEMO_USERS) + f" (password: {DEMO_PASSWORD})")

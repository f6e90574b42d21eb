"""``flask demo-data``: demo units, users (one per role), a year of their work items, control checks and
monthly figures, rolled up into the report; idempotent. With ``--households``: demo data at volume
(``caseflow/demo/volume.py``), added on every run."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.cli_support import transaction
from caseflow.demo.figures import load_demo_checks_and_figures, roll_up_demo_report
from caseflow.demo.items import load_demo_items
from caseflow.demo.people import DEMO_PASSWORD, DEMO_USERS, load_demo_data
from caseflow.demo.volume import CHECKS_PER_HOUSEHOLD, generate_volume
from caseflow.extensions import db
from caseflow.errors import ValidationError
from caseflow.items.models import TransitionFlow
from caseflow.months import Month
from caseflow.reports.months import parse_month

def _month_option(ctx, param, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_month(value, param.name)
    except ValidationError:
        raise click.BadParameter(f"{value!r} is not a month; write YYYY-MM, e.g. 2024-11.") from None


@click.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
@click.option("--households", type=click.IntRange(min=1), default=None,
              help="Demo data at volume: work items and checks for this many households (needs --from, --to).")
@click.option("--from", "first", metavar="YYYY-MM", callback=_month_option, help="The first month at volume.")
@click.option("--to", "last", metavar="YYYY-MM", callback=_month_option, help="The last month at volume.")
@click.option("--seed", type=int, default=None, help="The random seed at volume (default 2020).")
@click.option("--checks-per-household", type=click.FloatRange(min=0), default=None,
              help="Control checks per household a month at volume (default 27000/3700).")
@with_appcontext
def demo_data_command(if_empty: bool, households: int | None, first: int | None, last: int | None,
                      seed: int | None, checks_per_household: float | None) -> None:
    """Load a realistic demo data set (idempotent), or with --households add one at volume."""
    volume = (households, first, last, seed, checks_per_household)
    if any(v is not None for v in volume):
        _check_volume_options(households, first, last)
    if current_app.config["CASEFLOW_ENV"] == "production":
        raise click.ClickException("Demo data has known passwords and is refused in production.")
    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("The database already has users; no demo data loaded.")
        return
    if households is not None:
        _volume(households, first, last, 2020 if seed is None else seed, checks_per_household)
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


def _check_volume_options(households: int | None, first: int | None, last: int | None) -> None:
    if households is None or first is None or last is None:
        raise click.UsageError("Demo data at volume needs --households, --from and --to together.")
    if first > last:
        raise click.BadParameter("The first month is after the last (--to).", param_hint="--from")
    if not Month(last).has_begun:
        raise click.BadParameter("The last month is after the current month.", param_hint="--to")


def _refresh_statistics(tables: list[str]) -> None:
    """After a bulk load, PostgreSQL's statistics and visibility map, which autovacuum would bring
    up to date only later: at a million items the rollup's scans were planned for 320 rows a month
    where they read 15 000, and its index-only scans went to the table for every row."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in tables:  # the generator's own table names
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {table}")


def _volume(households: int, first: int, last: int, seed: int, checks_per_household: float | None) -> None:
    """One transaction for the whole run: all of it or nothing (a failed run leaves no half month to
    clean up), and the ids assigned from ``max(id)`` stay safe because no other writer gets in."""
    started = time.perf_counter()
    with transaction():
        try:
            counts = generate_volume(households, first, last, seed=seed, checks_per_household=(
                CHECKS_PER_HOUSEHOLD if checks_per_household is None else checks_per_household))
        except ValueError as err:
            raise click.ClickException(str(err)) from None
    seconds = time.perf_counter() - started
    _refresh_statistics([*counts, TransitionFlow.__tablename__])  # recounted by the generator
    total = sum(counts.values())
    for table, count in counts.items():
        click.echo(f"{table}: {count} rows")
    click.echo(f"{total} rows in {seconds:.1f} s ({total / seconds:,.0f} rows/s), one transaction. "
               f"The months are marked dirty: run a worker or `flask rollup --from --to` to count them.")

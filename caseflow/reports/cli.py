"""``flask rollup --from YYYY-MM --to YYYY-MM``: recompute months now, in this process."""

from __future__ import annotations

import click

from caseflow.cli_support import transaction
from caseflow.reports.catalog import CATALOG
from caseflow.reports.months import format_month, parse_month
from caseflow.reports.rollup import rollup_months


@click.command("rollup")
@click.option("--from", "from_", required=True, metavar="YYYY-MM", help="The first month.")
@click.option("--to", "to", required=True, metavar="YYYY-MM", help="The last month.")
def rollup_command(from_: str, to: str) -> None:
    """Recompute every metric for the months FROM to TO, in-process; exits when done."""
    with transaction():
        result = rollup_months(parse_month(from_, "--from"), parse_month(to, "--to"))
    click.echo(f"Rolled up {len(result.months)} month(s), {format_month(result.months[0])} to "
               f"{format_month(result.months[-1])}: {len(CATALOG)} metrics, {result.rows} rows written.")

"""``flask rollup --from YYYY-MM --to YYYY-MM`` recomputes months in this process; ``flask report YYYY-MM
--format csv|xlsx|docx -o FILE`` writes the committee report."""

from __future__ import annotations

from pathlib import Path

import click

from caseflow.cli_support import transaction
from caseflow.reports.catalog import CATALOG
from caseflow.reports.months import format_month, parse_month
from caseflow.reports.rollup import rollup_months
from caseflow.reports.services import ExportFormat, export_report


@click.command("rollup")
@click.option("--from", "from_", required=True, metavar="YYYY-MM", help="The first month.")
@click.option("--to", "to", required=True, metavar="YYYY-MM", help="The last month.")
def rollup_command(from_: str, to: str) -> None:
    """Recompute every metric for the months FROM to TO, in-process; exits when done."""
    with transaction():
        result = rollup_months(parse_month(from_, "--from"), parse_month(to, "--to"))
    click.echo(f"Rolled up {len(result.months)} month(s), {format_month(result.months[0])} to "
               f"{format_month(result.months[-1])}: {len(CATALOG)} metrics, {result.rows} rows written.")


@click.command("report")
@click.argument("month", metavar="YYYY-MM")
@click.option("--format", "fmt", required=True, type=click.Choice([f.value for f in ExportFormat]),
              help="The file's format.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="The file to write.")
@click.option("--version", "version", type=int, default=None,
              help="A frozen version of the report instead of the live counts.")
def report_command(month: str, fmt: str, output: Path, version: int | None) -> None:
    """Write the committee report of MONTH as CSV, XLSX or DOCX, from the last rollup's counts."""
    with transaction():
        content, _name = export_report(parse_month(month), ExportFormat(fmt), version)
    output.write_bytes(content)
    click.echo(f"Wrote the report of {month} ({fmt}) to {output}.")

"""``flask rollup --from YYYY-MM --to YYYY-MM`` (or ``--dirty``) recomputes months in this process;
``flask freeze YYYY-MM`` freezes a month's report as a new version; ``flask report YYYY-MM --format
csv|xlsx|docx -o FILE`` writes the committee report."""

from __future__ import annotations

from pathlib import Path

import click

from caseflow.cli_support import transaction
from caseflow.months import Month
from caseflow.reference.services import report_text_problem
from caseflow.reports.catalog import CATALOG
from caseflow.reports.freeze import freeze_report
from caseflow.reports.months import parse_month
from caseflow.reports.rollup import rollup_dirty, rollup_months
from caseflow.reports.services import ExportFormat, export_report


@click.command("rollup")
@click.option("--from", "from_", metavar="YYYY-MM", help="The first month.")
@click.option("--to", "to", metavar="YYYY-MM", help="The last month.")
@click.option("--dirty", is_flag=True, help="The months marked dirty instead, as the periodic rollup takes them.")
def rollup_command(from_: str | None, to: str | None, dirty: bool) -> None:
    """Recompute every metric of the months FROM to TO, or with --dirty exactly what the periodic rollup
    would (the months marked dirty), in-process; exits when done."""
    if dirty and (from_ or to):
        raise click.UsageError("--dirty and --from/--to are exclusive: give one or the other.")
    if not dirty and not (from_ and to):
        raise click.UsageError("Give --from and --to, or --dirty.")
    if dirty:
        with transaction():
            result = rollup_dirty()
        if not result.months:
            click.echo("No month was dirty: nothing to roll up.")
            return
        click.echo(f"Rolled up the dirty months, {len(result.months)} month(s): {_spans(result.months)}; "
                   f"{result.rows} rows written.")
        return
    with transaction():
        result = rollup_months(parse_month(from_, "--from"), parse_month(to, "--to"))
    click.echo(f"Rolled up {len(result.months)} month(s), {Month(result.months[0])} to "
               f"{Month(result.months[-1])}: {len(CATALOG)} metrics, {result.rows} rows written.")


def _spans(months: list[int]) -> str:
    """``202012, 202101, 202103`` → ``2020-12 to 2021-01, 2021-03``."""
    spans: list[list[int]] = []
    for month in sorted(months):
        if spans and month == Month(spans[-1][-1]).next:
            spans[-1].append(month)
        else:
            spans.append([month])
    return ", ".join(str(Month(s[0])) if len(s) == 1 else f"{Month(s[0])} to {Month(s[-1])}"
                     for s in spans)


@click.command("freeze")
@click.argument("month", metavar="YYYY-MM")
@click.option("--comment", default=None, help="Why it is frozen, kept with the version.")
@click.option("--committee-on", "committee_on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day it goes to the committee (YYYY-MM-DD).")
def freeze_command(month: str, comment: str | None, committee_on) -> None:
    """Roll up the report's months of MONTH and freeze its report as the next version; the version number
    is the last line of the output (API.md), alone."""
    if comment and (problem := report_text_problem(comment)):
        raise click.BadParameter(problem, param_hint="--comment")
    with transaction():
        snapshot = freeze_report(parse_month(month), comment=comment,
                                 committee_on=committee_on.date() if committee_on else None)
        version = snapshot.version
    click.echo(f"Froze the report of {month} as version {version}.")
    click.echo(str(version))


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

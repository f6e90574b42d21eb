"""``flask figures import FILE.csv``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from caseflow.cli_support import transaction
from caseflow.figures.csv_import import import_figures_csv
from caseflow.figures.models import ImportSource
from caseflow.months import Month

figures_cli = AppGroup("figures", help="Monthly figures from the business system.")


@figures_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Import FILE.csv (month;key;value; UTF-8 or Windows-1252): all rows or none."""
    with transaction():
        figure_import = import_figures_csv(file.read_bytes(), file.name, source=ImportSource.CLI)
    click.echo(f"Imported {figure_import.value_count} figure(s) for {Month(figure_import.first_month)}"
               f" to {Month(figure_import.last_month)} (import {figure_import.id}); "
               "the months are marked for rollup.")

"""``flask units …``."""

import click
from flask.cli import AppGroup

from caseflow.cli_support import transaction
from caseflow.units.services import create_unit

units_cli = AppGroup("units", help="Manage units.")


@units_cli.command("create")
@click.argument("code")
@click.argument("name")
def create(code: str, name: str) -> None:
    """Create a unit, e.g. E6 "Enhet 6"."""
    with transaction():
        unit = create_unit(code, name)
    click.echo(f"Created unit {unit.code} ({unit.name}).")

"""``flask tokens …``."""

import click
from flask.cli import AppGroup

from caseflow.api.tokens import create_token
from caseflow.cli_support import transaction
from caseflow.permissions import Scope
from caseflow.units.services import unit_by_code

tokens_cli = AppGroup("tokens", help="Manage API tokens.")


@tokens_cli.command("create")
@click.argument("name")
@click.option("--scope", required=True, type=click.Choice([s.value for s in Scope]))
@click.option("--unit", "unit_code", help="Limit the token to one unit; all units when left out.")
def create(name: str, scope: str, unit_code: str | None) -> None:
    """Create a token; it is printed once, alone on the last line, and stored only as a hash."""
    with transaction():
        unit = unit_by_code(unit_code) if unit_code else None
        token, plain = create_token(name, scope, unit)
    click.echo(f"Created token {token.name} (scope {token.scope}, "
               f"unit {unit.code if unit else 'all'}). It is shown only now:")
    click.echo(plain)

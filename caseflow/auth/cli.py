"""``flask users …``."""

import sys

import click
from flask.cli import AppGroup

from caseflow.auth.services import create_user
from caseflow.cli_support import transaction
from caseflow.permissions import Role
from caseflow.units.services import unit_by_code

users_cli = AppGroup("users", help="Manage users.")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--unit", "unit_code", help="Unit code; required for caseworkers and unit leaders.")
@click.option("--name", "display_name", help="Display name; defaults to the username.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(username: str, role: str, unit_code: str | None, display_name: str | None,
           password_stdin: bool) -> None:
    """Create a user; the password comes from a prompt or standard input, never the command line."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with transaction():
        unit = unit_by_code(unit_code) if unit_code else None
        user = create_user(username=username, display_name=display_name or username, role=role,
                           unit=unit, password=password)
    click.echo(f"Created user {user.username} ({user.role}).")

"""``flask backup FILE``: a consistent copy of the SQLite database, taken while the app runs."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import click
from flask.cli import with_appcontext

from caseflow.extensions import db

#: What to run instead on PostgreSQL; docs/operations.md explains it and the restore.
PG_DUMP_COMMAND = 'pg_dump --format=custom --file=caseflow.dump --dbname="postgresql://USER@HOST/DB"'


class BackupError(RuntimeError):
    """The copy was not made; nothing was left at the target."""


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy the SQLite database at ``source`` to a new file ``target``, readable by its owner only.

    SQLite's online backup API copies one committed state of the database, whatever other
    connections are writing meanwhile (in WAL mode they are not even held up). The copy is
    written beside the target and renamed into place, so a crash never leaves half a backup.
    """
    if not source.is_file():
        raise BackupError(f"There is no database at {source}.")
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name (an earlier backup is never overwritten).")
    partial = target.with_name(target.name + ".partial")
    # Created owner-only before a byte is written: the copy holds secrecy-protected case data.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            # One self-contained file: no write-ahead log beside the copy to lose when it is moved.
            dst.execute("PRAGMA journal_mode=DELETE")
            verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"The copy failed SQLite's check: {verdict}")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Copy the SQLite database to TARGET while the app runs; on PostgreSQL use pg_dump."""
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        raise click.ClickException(
            "The database is PostgreSQL: back it up with pg_dump, e.g.\n  " + PG_DUMP_COMMAND
            + "\n(see docs/operations.md). This command copies only SQLite databases.")
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise click.ClickException(f"Only a SQLite database file can be backed up this way, not {url.drivername}.")
    try:
        backup_sqlite(Path(url.database), target)
    except BackupError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"Backed up {url.database} to {target}.")

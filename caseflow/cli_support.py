"""What every CLI command shares: one transaction, and service refusals as clean errors."""

from __future__ import annotations

from contextlib import contextmanager

import click

from caseflow.errors import ServiceError
from caseflow.extensions import db


@contextmanager
def transaction():
    """Commit what the block did, or roll it all back and exit with the service's message."""
    try:
        yield
        db.session.commit()
    except ServiceError as err:
        db.session.rollback()
        details = "; ".join(f"{field}: {msg}" for field, msg in err.fields.items())
        raise click.ClickException(f"{err.message} {details}".strip()) from None
    except BaseException:
        db.session.rollback()
        raise

"""The declarative base, column types and time helpers every model shares."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, Engine, MetaData, Numeric, event
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

STOCKHOLM = ZoneInfo("Europe/Stockholm")

#: Named constraints, so Alembic can alter them (SQLite batch mode needs the names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: The largest id an ``Integer`` column holds (PostgreSQL's ``integer``; SQLite overflows at 2**63): a
#: larger number asked for is refused before it reaches the database, which would answer with an error.
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


def today_local() -> date:
    """Today in Stockholm: the calendar the caseworkers and the committee live by."""
    return datetime.now(STOCKHOLM).date()


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC: SQLite keeps no zone, PostgreSQL may."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


#: What SQLite writes beside a database file; it gives each its database's permissions when it makes it.
SQLITE_SIDECARS = ("", "-wal", "-shm", "-journal")


def _owner_only(cursor) -> None:
    """Make the database file (and whatever SQLite keeps beside it) readable by its owner only.

    Every SQLite engine connects through here: the app's database and the embedded broker's and
    results' files, which kombu and Celery open with engines of their own. SQLite creates a file with
    0644 less the umask; the sidecars it creates later copy the database's mode, so they are born 0600.
    """
    for _, name, path in cursor.execute("PRAGMA database_list").fetchall():
        if name != "main" or not path:  # "" is an in-memory database
            continue
        for suffix in SQLITE_SIDECARS:
            try:
                os.chmod(path + suffix, 0o600)
            except FileNotFoundError:
                pass
            except OSError as err:  # another user's file: say so, do not refuse to run
                log.warning("Could not make %s owner-only: %s", path + suffix, err)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Owner-only files, WAL for concurrent readers, and foreign keys, which SQLite leaves off by default."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        _owner_only(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def str_enum(enum_cls, name: str) -> SAEnum:
    """A StrEnum stored as its value, with a CHECK constraint in every database."""
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


class DecimalNumber(TypeDecorator):
    """A number with up to four decimals, returned as ``Decimal`` on every backend.

    SQLite has no decimal type (it stores NUMERIC as a float) and SQLAlchemy warns when asked for
    ``Decimal`` there; reading floats and rounding back to four places gives both backends the
    same values for the counts and figures Caseflow stores (at most 14 significant digits).
    """

    impl = Numeric(18, 4, asdecimal=False)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else float(value)

    def process_result_value(self, value, dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(repr(float(value))).quantize(_FOUR_PLACES).normalize() + 0


_FOUR_PLACES = Decimal("0.0001")

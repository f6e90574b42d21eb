"""Rollup tables: which months need recomputing, and the monthly counts themselves."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import DecimalNumber, UTCDateTime, utcnow
from caseflow.extensions import db


class DirtyMonth(db.Model):
    """A month whose counts are stale. Written in the same transaction as the change that made it so,
    and deleted in the same transaction as the rollup that recomputes it: no month is lost if a
    message or a worker is."""

    __tablename__ = "dirty_month"

    #: The month bucket, ``202011``.
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: ``monthly_count.unit_id`` of the row for all units together.
ALL_UNITS = 0


class MonthlyCount(db.Model):
    """One metric's value for one month and one unit (or all units), written only by the rollup.

    ``unit_id`` is NOT NULL, with 0 for all units, and has no foreign key: a NULL in the key would
    make every "all units" row distinct to the unique index on both backends (SQLite and
    PostgreSQL before 15 treat NULLs as distinct), so ``ON CONFLICT`` could never find them. Unit
    ids start at 1, units are deactivated rather than deleted, and only the rollup writes here.
    """

    __tablename__ = "monthly_count"
    __table_args__ = (CheckConstraint("unit_id >= 0", name="unit_id_not_negative"),)

    #: A key of the metric catalog (``caseflow/reports/catalog.py``).
    metric: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: The unit, or ``ALL_UNITS`` (0).
    unit_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: 0 where a counted metric found nothing; NULL where a figure was never imported.
    value: Mapped[Decimal | None] = mapped_column(DecimalNumber)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

"""Rollup bookkeeping: which months need recomputing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import UTCDateTime, utcnow
from caseflow.extensions import db


class DirtyMonth(db.Model):
    """A month whose counts are stale. Written in the same transaction as the change that made it so,
    and deleted in the same transaction as the rollup that recomputes it: no month is lost if a
    message or a worker is."""

    __tablename__ = "dirty_month"

    #: The month bucket, ``202011``.
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

"""The workers' heartbeat: a row each worker writes by running a task, and whether any is heard from.

The heartbeat is a task beat sends (``caseflow.heartbeat``), not a timer inside the worker: a worker
whose pool cannot run tasks (its child dead, its loop stuck) still looks alive from outside, and only
a task that ran proves the path a rollup takes (beat, broker, worker, database) works.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import UTCDateTime, utcnow
from caseflow.extensions import db

#: How often beat asks a worker for a heartbeat.
HEARTBEAT_EVERY = timedelta(seconds=20)
#: No heartbeat for this long and the workers count as silent: rollups and freezes by task wait.
SILENT_AFTER = timedelta(seconds=90)


class WorkerHeartbeat(db.Model):
    """The last heartbeat of one worker node."""

    __tablename__ = "worker_heartbeat"

    #: Celery's node name, ``celery@host``.
    hostname: Mapped[str] = mapped_column(String(200), primary_key=True)
    #: The process that ran the heartbeat task (the pool's child, or the worker itself with ``solo``).
    pid: Mapped[int]
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime)


def record_heartbeat(hostname: str, pid: int) -> None:
    """This worker ran a task just now; the caller commits."""
    row = db.session.get(WorkerHeartbeat, hostname)
    if row is None:
        db.session.add(WorkerHeartbeat(hostname=hostname, pid=pid, beat_at=utcnow()))
    else:
        row.pid, row.beat_at = pid, utcnow()


def last_heard_at() -> datetime | None:
    """When any worker last ran its heartbeat task, or None if none ever did."""
    return db.session.scalar(select(func.max(WorkerHeartbeat.beat_at)))


def workers_silent(heard_at: datetime | None, now: datetime | None = None) -> bool:
    return heard_at is None or (now or utcnow()) - heard_at > SILENT_AFTER

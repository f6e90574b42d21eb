"""The tasks: named, taking plain values, idempotent, each one call of a service and a commit."""

from __future__ import annotations

import os

from celery import Celery, current_task
from flask import current_app

from caseflow import health
from caseflow.api import idempotency
from caseflow.auth.models import User
from caseflow.background import purge_consumed_messages
from caseflow.calendar import autofreeze, reminders
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.reports import freeze, rollup
from caseflow.reports.months import parse_month


def rollup_dirty() -> dict:
    """Recompute the months marked dirty."""
    result = rollup.rollup_dirty()
    db.session.commit()
    return {**result.as_dict(), "months": [str(Month(m)) for m in result.months]}


def rollup_months(from_month: str, to_month: str) -> dict:
    """Recompute the months ``from_month``..``to_month`` (``YYYY-MM``): none when the first is after the
    last, and a span longer than one rollup takes in spans of ``MAX_MONTHS``, each committed in turn
    (a span's stocks start from the one before it), so the API takes every range its document allows."""
    months = Month.range(parse_month(from_month, "from"), parse_month(to_month, "to"))
    result = {"months": [], "rows": 0}
    for start in range(0, len(months), rollup.MAX_MONTHS):
        span = months[start:start + rollup.MAX_MONTHS]
        done = rollup.rollup_months(span[0], span[-1])
        db.session.commit()
        result["months"] += [str(Month(m)) for m in done.months]
        result["rows"] += done.rows
    return result


def freeze_report(month: str, user_id: int | None = None) -> dict:
    """Roll up the report's months of ``month`` (``YYYY-MM``) and freeze its report as the next version.

    The one task that is not idempotent: run twice, it writes two versions, each a true copy of the
    counts at its time, so a redelivered message costs a version number and nothing else.
    """
    actor = db.session.get(User, user_id) if user_id is not None else None
    snapshot = freeze.freeze_report(parse_month(month), actor=actor)
    db.session.commit()
    return {"month": month, "version": snapshot.version, "snapshot_id": snapshot.id}


def calendar_freeze() -> list[str]:
    """Freeze the months whose deadline day has ended, once per deadline (``caseflow.calendar``);
    commits each freeze itself. Returns the months frozen."""
    return [str(Month(f.month)) for f in autofreeze.freeze_due_months(today_local())]


def calendar_reminders() -> int:
    """E-mail the calendar's reminders due today that were not sent before; commits each with its
    record, so a second run sends nothing again. Returns how many were sent."""
    return reminders.send_due_reminders(today_local())


def purge_idempotency_records() -> int:
    """Delete the API's idempotency records past their 24 hours; returns how many."""
    purged = idempotency.purge_expired()
    db.session.commit()
    return purged


def purge_broker() -> int:
    """Delete the embedded broker's delivered messages."""
    return purge_consumed_messages(current_app)


def heartbeat() -> None:
    """Record that this worker runs tasks (``caseflow.health``)."""
    health.record_heartbeat(current_task.request.hostname or "unknown", os.getpid())
    db.session.commit()


TASKS = {
    "caseflow.heartbeat": heartbeat,
    "caseflow.rollup_dirty": rollup_dirty,
    "caseflow.rollup_months": rollup_months,
    "caseflow.freeze_report": freeze_report,
    "caseflow.calendar_freeze": calendar_freeze,
    "caseflow.calendar_reminders": calendar_reminders,
    "caseflow.purge_broker": purge_broker,
    "caseflow.purge_idempotency_records": purge_idempotency_records,
}


def register(celery: Celery) -> None:
    for name, function in TASKS.items():
        celery.task(name=name)(function)

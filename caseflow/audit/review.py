"""Reading the access and audit logs for review: scoped to the reader, filtered, newest first, as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select

from caseflow.api.models import ApiToken
from caseflow.audit.models import AccessLog, AuditEvent
from caseflow.audit.words import access_lines, audit_lines
from caseflow.auth.models import User
from caseflow.db import STOCKHOLM
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.formatting import number
from caseflow.spreadsheet_cells import csv_text
from caseflow.units.models import Unit

#: An export holds at most this many rows; a wider filter is refused rather than cut short.
EXPORT_LIMIT = 50_000
LOGS = {"access": AccessLog, "audit": AuditEvent}


@dataclass(frozen=True)
class LogFilter:
    username: str | None = None
    item_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def as_dict(self) -> dict:
        return {"user": self.username, "item_id": self.item_id,
                "from": self.date_from.isoformat() if self.date_from else None,
                "to": self.date_to.isoformat() if self.date_to else None}


def _user_column(model):
    return AccessLog.user_id if model is AccessLog else AuditEvent.actor_user_id


def _token_column(model):
    return AccessLog.token_id if model is AccessLog else AuditEvent.actor_token_id


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, STOCKHOLM)


def _reviewable_users(actor, model) -> Select:
    """The users the actor may filter a log by: a leader, the unit's members and whoever has rows in
    the unit's log (someone since moved); an admin, anyone. Any other name answers as unknown, so the
    filter tells a leader nothing of who exists elsewhere."""
    stmt = select(User.id)
    if actor.needs_unit:
        has_rows = select(model.id).where(model.unit_id == actor.unit_id, _user_column(model) == User.id)
        stmt = stmt.where(or_(User.unit_id == actor.unit_id, has_rows.exists()))
    return stmt


def offered_users(actor, log: str) -> list[tuple[str, str]]:
    """The users a leader's filter offers, (username, name): the unit's members and whoever has rows in
    the unit's log (someone since moved). An admin, who reviews every unit, types any username."""
    if not actor.needs_unit:
        return []
    return [(row.username, row.display_name) for row in db.session.execute(
        select(User.username, User.display_name).where(User.id.in_(_reviewable_users(actor, LOGS[log])))
        .order_by(User.display_name, User.username))]


def log_rows(actor, log: str, filters: LogFilter) -> Select:
    """The rows of ``log`` the actor may review (a leader: those of the unit), filtered, newest first."""
    model = LOGS[log]
    stmt = select(model)
    if actor.needs_unit:
        stmt = stmt.where(model.unit_id == actor.unit_id)
    if filters.username:
        user_id = db.session.scalar(_reviewable_users(actor, model)
                                    .where(User.username == filters.username.strip().lower()))
        if user_id is None:
            raise ValidationError(_("The filter was not applied."), {"user": _("No user has that username.")})
        stmt = stmt.where(_user_column(model) == user_id)
    if filters.item_id is not None:
        stmt = stmt.where(AccessLog.item_id == filters.item_id) if model is AccessLog else stmt.where(
            AuditEvent.entity == "work_item", AuditEvent.entity_id == filters.item_id)
    if filters.date_from:
        stmt = stmt.where(model.at >= _local_midnight(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(model.at < _local_midnight(filters.date_to + timedelta(days=1)))
    return stmt.order_by(model.at.desc(), model.id.desc())


#: A CSV cell Excel will not run as a formula: the one rule of every export.
_cell = csv_text


def _stamp(at: datetime) -> str:
    return at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M:%S")


def export_csv(actor, log: str, filters: LogFilter) -> tuple[str, int]:
    """The filtered rows as CSV (semicolons, UTF-8 with BOM: what Swedish Excel opens), and their number.

    Refused when more than ``EXPORT_LIMIT`` rows match, so an export is never silently cut short.
    """
    model = LOGS[log]
    stmt = log_rows(actor, log, filters).add_columns(User.username, ApiToken.name, Unit.code) \
        .outerjoin(User, User.id == _user_column(model)) \
        .outerjoin(ApiToken, ApiToken.id == _token_column(model)) \
        .outerjoin(Unit, Unit.id == model.unit_id).limit(EXPORT_LIMIT + 1)
    rows = db.session.execute(stmt).all()
    if len(rows) > EXPORT_LIMIT:
        raise ValidationError(_("More than %(n)s rows match; narrow the filter.", n=number(EXPORT_LIMIT)))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    records = [row for row, *_ in rows]
    if model is AccessLog:
        writer.writerow([_("Time"), _("Name"), _("Username"), _("Item"), _("Unit"), _("Channel")])
        for line, (_row, username, token, unit) in zip(access_lines(actor, records), rows, strict=True):
            writer.writerow([_cell(v) for v in (_stamp(line.row.at), line.who, username, line.subject, unit,
                                                line.what)])
    else:
        writer.writerow([_("Time"), _("Name"), _("Username"), _("Event"), _("Object"), _("Unit"),
                         _("Changes (before → after)")])
        for line, (_row, username, token, unit) in zip(audit_lines(actor, records), rows, strict=True):
            writer.writerow([_cell(v) for v in (_stamp(line.row.at), line.who, username, line.what, line.subject,
                                                unit, line.changes_text)])
    return out.getvalue(), len(rows)

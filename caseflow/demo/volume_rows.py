"""The rows ``demo-data --households`` writes: items as the workflow would leave them, and a bulk writer.

An ``ItemLife`` plays one work item's history as ``caseflow.workflow`` would record it (its creation,
then each event allowed by the kind's Machine, never dated before the previous one nor after the
horizon, the version bumped once per flush the services make) and yields the rows. ``Rows`` holds
one chunk of them, primary keys assigned here, and writes it with the driver's own bulk path:
``executemany`` on SQLite, ``COPY`` on PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import Boolean, Date, Table, func, select

from caseflow.checks.models import ControlCheck
from caseflow.db import STOCKHOLM, UTCDateTime
from caseflow.extensions import db
from caseflow.kinds import MACHINES
from caseflow.items.models import Transition, WorkItem
from caseflow.measures.models import Measure, MeasureNote
from caseflow.months import Month
from caseflow.referrals.models import Referral
from caseflow.sip.models import SipMeeting, SipPlan, meeting_participant
from caseflow.sublease.models import SubleaseCase
from caseflow.workflow.machine import CREATE

#: Tables in the order their rows are inserted (parents first), with the columns written.
TABLES: dict[str, tuple[Table, tuple[str, ...]]] = {
    "work_item": (WorkItem.__table__, ("id", "kind", "state", "unit_id", "owner_id", "case_ref", "version",
                                       "opened_on", "created_by_token_id", "created_at", "updated_at")),
    "referral": (Referral.__table__, ("id", "person_ref", "sent_on", "target", "barrier_group")),
    "sublease_case": (SubleaseCase.__table__, ("id", "applied_on", "contract_type", "kir_checked_on",
                                               "registered_at_address", "double_rent_suspected")),
    "sip_plan": (SipPlan.__table__, ("id", "person_ref", "initiated_on", "coordinator_id", "consent_on",
                                     "consent_withdrawn_on")),
    "sip_meeting": (SipMeeting.__table__, ("id", "plan_id", "scheduled_for", "meeting_kind", "mode",
                                           "next_follow_up_on")),
    "sip_meeting_participant": (meeting_participant, ("meeting_id", "participant")),
    "measure": (Measure.__table__, ("id", "plan_id", "number", "title", "responsible_id", "start_on",
                                    "expected_effect")),
    "measure_note": (MeasureNote.__table__, ("id", "measure_id", "month", "text", "author_id", "created_at",
                                             "updated_at", "version")),
    "transition": (Transition.__table__, ("id", "item_id", "kind", "event", "from_state", "to_state",
                                          "effective_on", "month", "recorded_at", "actor_user_id",
                                          "actor_token_id", "unit_id", "note", "reason", "outcome")),
    "control_check": (ControlCheck.__table__, ("id", "case_ref", "performed_on", "month", "actor",
                                               "persons_checked", "unit_id", "created_at")),
}
#: Tables whose ids are assigned here (the others share their parent's id or have none).
OWN_IDS = ("work_item", "transition", "measure_note", "control_check")
#: Share of entries made days after the fact (efterregistreringar).
LATE_SHARE = 0.05


class Clock:
    """Turns a day into a plausible, deterministic recording time: working hours in Stockholm, as naive UTC."""

    def __init__(self, rng: random.Random, horizon: date):
        self.rng, self.horizon = rng, horizon
        self._midnights: dict[date, datetime] = {}

    def midnight(self, day: date) -> datetime:
        """Local midnight of ``day`` as naive UTC (the offset at noon: DST changes at night)."""
        found = self._midnights.get(day)
        if found is None:
            noon = datetime(day.year, day.month, day.day, 12, tzinfo=STOCKHOLM)
            found = datetime(day.year, day.month, day.day) - noon.utcoffset()
            self._midnights[day] = found
        return found

    def at(self, day: date, first_hour: float = 7.5, last_hour: float = 16.5) -> datetime:
        seconds = self.rng.randint(int(first_hour * 3600), int(last_hour * 3600))
        return self.midnight(day) + timedelta(seconds=seconds)

    def entered(self, day: date) -> datetime:
        """When an event of ``day`` was entered: mostly that day, now and then days later, never after the horizon."""
        if self.rng.random() < LATE_SHARE:
            day = min(day + timedelta(days=self.rng.randint(1, 20)), self.horizon)
        return self.at(day)


class Rows:
    """One chunk of rows per table, and the next free id of each table that gets its ids here."""

    def __init__(self, next_ids: dict[str, int], clock: Clock):
        self.next_ids = next_ids
        self.clock = clock
        self.tables: dict[str, list[tuple]] = {name: [] for name in TABLES}
        #: (work_item row, sip_plan row) of items inserted earlier whose state changed since.
        self.updates: list[tuple[tuple, tuple]] = []

    def new_id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def add(self, table: str, row: tuple) -> None:
        self.tables[table].append(row)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}

    def clear(self) -> None:
        for rows in self.tables.values():
            rows.clear()
        self.updates.clear()


class ItemLife:
    """One item's history, as ``record_creation`` and ``apply_event`` would have written it."""

    __slots__ = ("rows", "id", "kind", "machine", "state", "version", "unit_id", "owner_id", "case_ref",
                 "opened_on", "created_at", "updated_at", "last_on")

    def __init__(self, rows: Rows, kind: str, *, unit_id: int, owner_id: int | None, case_ref: str | None,
                 opened_on: date, actor_id: int, on_time: bool = False):
        self.rows, self.kind, self.machine = rows, kind, MACHINES[kind]
        self.id = rows.new_id("work_item")
        self.state, self.version = self.machine.initial.value, 1
        self.unit_id, self.owner_id, self.case_ref, self.opened_on = unit_id, owner_id, case_ref, opened_on
        #: ``on_time``: a kind whose own date may lie ahead is created effective the day it is entered.
        self.created_at = self.updated_at = rows.clock.at(opened_on) if on_time else rows.clock.entered(opened_on)
        #: The date of the last event after the creation (None until one): the next may not be earlier.
        self.last_on: date | None = None
        self._transition(CREATE, None, self.state, opened_on, self.created_at, actor_id)

    def _transition(self, event, from_state, to_state, on, recorded_at, actor_id, note=None, reason=None,
                    outcome=None) -> None:
        self.rows.add("transition", (self.rows.new_id("transition"), self.id, self.kind, event, from_state, to_state,
                                     on, Month.of(on), recorded_at, actor_id, None, self.unit_id, note, reason,
                                     outcome))

    def _stamp(self, on: date) -> datetime:
        """A recording time after the item's previous one (entries are made in order)."""
        at = self.rows.clock.entered(on)
        if at <= self.updated_at:
            at = self.updated_at + timedelta(seconds=self.rows.clock.rng.randint(20, 300))
        return at

    def can(self, on: date) -> bool:
        """Whether an event dated ``on`` may still happen: not after the horizon, not before the last event."""
        return on <= self.rows.clock.horizon and (self.last_on is None or on >= self.last_on)

    def event(self, name: str, on: date, actor_id: int, *, note: str | None = None, reason: str | None = None,
              outcome: str | None = None, at: datetime | None = None, flushes: int = 1) -> datetime:
        """Apply ``name`` effective ``on``; ``flushes``: how many times the service bumps the version."""
        event = self.machine.event(name)
        if event is None or self.state not in event.sources or not self.can(on):
            raise ValueError(f"{self.kind} {self.id}: {name} on {on} from {self.state}")
        at = max(at, self.updated_at) if at is not None else self._stamp(on)
        self._transition(name, self.state, event.target.value, on, at, actor_id, note, reason, outcome)
        self.state, self.last_on, self.updated_at = event.target.value, on, at
        self.version += flushes
        return at

    def edit(self, on: date) -> None:
        """A field edit (a KIR check, a consent): one versioned flush, no transition."""
        self.updated_at = self._stamp(on)
        self.version += 1

    def row(self) -> tuple:
        return (self.id, self.kind, self.state, self.unit_id, self.owner_id, self.case_ref, self.version,
                self.opened_on, None, self.created_at, self.updated_at)


def max_ids() -> dict[str, int]:
    """The next free id of each table that gets its ids here, read once."""
    return {name: (db.session.scalar(select(func.max(TABLES[name][0].c.id))) or 0) + 1 for name in OWN_IDS}


class Writer:
    """Bulk inserts through the session's own connection, so they share its transaction."""

    def __init__(self):
        connection = db.session.connection()
        self.dialect = connection.dialect.name
        self.raw = connection.connection.driver_connection
        self.converters = {name: self._converters(table, columns) for name, (table, columns) in TABLES.items()}

    def _converters(self, table: Table, columns: tuple[str, ...]) -> list[tuple[int, object]] | None:
        """(column index, converter) for the columns SQLite needs converted; None on PostgreSQL."""
        if self.dialect == "postgresql":
            return None  # COPY adapts dates, naive UTC datetimes and booleans itself
        # SQLite keeps dates and times as SQLAlchemy's text forms, booleans as integers. Days repeat
        # a lot, so their text is remembered.
        days: dict[date, str] = {}

        def day(value: date) -> str:
            text = days.get(value)
            if text is None:
                text = days[value] = value.isoformat()
            return text

        out = []
        for index, name in enumerate(columns):
            kind = table.c[name].type
            if isinstance(kind, UTCDateTime):
                out.append((index, lambda v: v.isoformat(" ", "microseconds")))
            elif isinstance(kind, Date):
                out.append((index, day))
            elif isinstance(kind, Boolean):
                out.append((index, int))
        return out

    def lock(self) -> None:
        """On PostgreSQL, keep other writers out of the tables whose ids are assigned here until the commit
        (SQLite's single writer already does)."""
        if self.dialect == "postgresql":
            with self.raw.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {', '.join(OWN_IDS)} IN EXCLUSIVE MODE")

    def insert(self, rows: Rows) -> None:
        for name, values in rows.tables.items():
            if values:
                self._insert(name, values)
        if rows.updates:
            self._update(rows.updates)

    def _insert(self, name: str, values: list[tuple]) -> None:
        table, columns = TABLES[name]
        if self.dialect == "postgresql":
            with self.raw.cursor() as cursor, cursor.copy(
                    f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        converters = self.converters[name]
        if converters:
            values = [self._convert(row, converters) for row in values]
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        self.raw.cursor().executemany(sql, values)

    @staticmethod
    def _convert(row: tuple, converters: list[tuple[int, object]]) -> list:
        out = list(row)
        for index, convert in converters:
            value = out[index]
            if value is not None:
                out[index] = convert(value)
        return out

    def _update(self, updates: list[tuple[tuple, tuple]]) -> None:
        """Items inserted in an earlier chunk (SIP plans) whose state has moved on since."""
        mark = "%s" if self.dialect == "postgresql" else "?"
        item_rows = [(r[2], r[6], r[10], r[0]) for r, _ in updates]
        plan_rows = [(p[4], p[5], p[0]) for _, p in updates]
        if self.dialect != "postgresql":
            item_rows = [(s, v, at.isoformat(" ", "microseconds"), i) for s, v, at, i in item_rows]
            plan_rows = [(c and c.isoformat(), w and w.isoformat(), i) for c, w, i in plan_rows]
        cursor = self.raw.cursor()
        cursor.executemany(f"UPDATE work_item SET state = {mark}, version = {mark}, updated_at = {mark} "
                           f"WHERE id = {mark}", item_rows)
        cursor.executemany(f"UPDATE sip_plan SET consent_on = {mark}, consent_withdrawn_on = {mark} "
                           f"WHERE id = {mark}", plan_rows)

    def finish(self) -> None:
        """On PostgreSQL, move the id sequences past the ids assigned here."""
        if self.dialect != "postgresql":
            return
        with self.raw.cursor() as cursor:
            for name in OWN_IDS:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                               f"(SELECT max(id) FROM {name}))")


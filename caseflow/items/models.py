"""``work_item`` (joined-table inheritance: each kind adds its own table) and ``transition``."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import UTCDateTime, str_enum, today_local, utcnow
from caseflow.extensions import db
from caseflow.kinds import MACHINES, ItemKind, state_check_sql
from caseflow.workflow.machine import Machine
from caseflow.units.models import Unit


class WorkItem(db.Model):
    __tablename__ = "work_item"
    __table_args__ = (
        Index("ix_work_item_unit_kind_state", "unit_id", "kind", "state"),
        Index("ix_work_item_owner_state", "owner_id", "state"),
        CheckConstraint(state_check_sql(), name="state_fits_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ItemKind] = mapped_column(str_enum(ItemKind, "item_kind"))
    #: One of the kind's states (``caseflow.kinds``), checked by the database.
    state: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: The household's reference in the business system; never a personnummer.
    case_ref: Mapped[str | None] = mapped_column(String(32), index=True)  # measures have none
    #: Optimistic lock: every change bumps it, and a change from an older version is refused.
    version: Mapped[int] = mapped_column(default=1)
    #: The effective date of the creation: the item's own date, or the day recorded if that lies ahead.
    opened_on: Mapped[date] = mapped_column(Date)
    created_by_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
    owner = relationship("User")

    __mapper_args__ = {"polymorphic_on": "kind", "version_id_col": version}

    # What each kind overrides -------------------------------------------------------------
    #: Fields a person may edit after creation (never ``state``).
    EDITABLE: tuple[str, ...] = ()
    #: The kind's own date, on which its creation is effective (``sent_on``, ``applied_on``, …).
    OWN_DATE: str = ""
    #: Whether the own date may lie ahead (a meeting booked, a measure planned).
    FUTURE_OWN_DATE: bool = False
    #: Whether an event may be dated before the item's own date (a meeting cancelled before the
    #: day it was booked for). Such a kind's history need not run forward in time, so no metric
    #: counts its items by state at a month's end (tests/reports/test_rollup.py checks).
    EVENTS_BEFORE_OWN_DATE: bool = False
    def machine(self) -> Machine:
        return MACHINES[self.kind]

    def check_event(self, event, on: date, actor) -> None:
        """The kind's own rules beyond the table; raise a ServiceError to refuse."""

    def follow_ups(self, event) -> list[tuple[WorkItem, str, str | None]]:
        """The events this event causes on other items, each with its note: a plan activated by its
        first meeting, a plan's booked meetings cancelled when consent is withdrawn."""
        return []

    def check_edit(self, changes: dict) -> None:
        """The kind's own rules for a correction beyond each field's; raise a ServiceError to refuse."""

    @classmethod
    def opened_for(cls, own_date: date) -> date:
        """The effective date of the creation of an item with ``own_date``: the own date, or the day it
        is recorded if that lies ahead (``FUTURE_OWN_DATE``)."""
        return min(own_date, today_local()) if cls.FUTURE_OWN_DATE else own_date

    def outcome_problem(self, outcome: str | None) -> str | None:
        return None

    def snapshot(self) -> dict:
        """The item's fields for the audit log (never more than the item itself holds)."""
        return {"kind": str(self.kind), "state": str(self.state), "unit_id": self.unit_id,
                "owner_id": self.owner_id, "case_ref": self.case_ref,
                **{name: _plain(getattr(self, name)) for name in self.EDITABLE}}

    @property
    def is_open(self) -> bool:
        return self.state in self.machine().open_states


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):  # a time of day, as people write it: 09:30
        return value.isoformat(timespec="minutes")
    if isinstance(value, StrEnum):
        return value.value
    return value


class Transition(db.Model):
    """One change of state (or the creation), append-only."""

    __tablename__ = "transition"
    __table_args__ = (
        # The rollup's scans that join an item's own table read ranges of this index: month, kind
        # and event, then the unit and the item (caseflow.reports.aggregates). The states and the
        # outcome served the grouped transitions, now read from transition_flow.
        Index("ix_transition_rollup", "month", "kind", "event", "unit_id", "from_state", "to_state", "outcome",
              "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("work_item.id"), index=True)
    kind: Mapped[ItemKind] = mapped_column(str_enum(ItemKind, "item_kind"))
    event: Mapped[str] = mapped_column(String(32))
    #: None for the creation.
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    #: When it happened in reality; all monthly counts go by this date.
    effective_on: Mapped[date] = mapped_column(Date)
    #: ``effective_on``'s month as an integer, ``202011``: what the rollup groups by.
    month: Mapped[int]
    #: When it was entered; differs from ``effective_on`` for late registrations.
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"))
    #: The item's unit when it happened, so a later reassignment moves no reported month.
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    note: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    #: A referral's outcome on ``complete`` (a ``referral_outcome`` code).
    outcome: Mapped[str | None] = mapped_column(String(32))

    actor = relationship("User")
    actor_token = relationship("ApiToken")


class TransitionFlow(db.Model):
    """Transitions counted by month and by every column the rollup groups them by.

    The rollup reads a month's flows here (a few thousand rows) rather than grouping the month's
    transitions (136 000 at a million items) each time it recomputes the month. Kept in the
    transaction that writes or moves a transition (``caseflow.items.flows``); a key column cannot
    be NULL, so a creation's ``from_state`` and a missing ``outcome`` are ``''``.
    """

    __tablename__ = "transition_flow"

    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[ItemKind] = mapped_column(str_enum(ItemKind, "item_kind"), primary_key=True)
    event: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    from_state: Mapped[str] = mapped_column(String(32), primary_key=True)
    to_state: Mapped[str] = mapped_column(String(32), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: Transitions with these values; 0 once every one of them has moved to another month.
    n: Mapped[int]


class FormSubmission(db.Model):
    """A create form as sent: its one-time id, claimed in the transaction that saves its item.

    A second post of the same form (a double click, a resent request) finds the id taken, waits for
    the first to commit, and lands on the first's item instead of making another
    (``caseflow.items.submissions``).
    """

    __tablename__ = "form_submission"

    #: The form's random id (``uuid4().hex``), set when the empty form was shown.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("work_item.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

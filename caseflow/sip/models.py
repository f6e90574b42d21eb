"""SIP plans and SIP meetings; both are work items, a meeting belongs to a plan."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Time, func, or_, select
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.db import str_enum, utcnow
from caseflow.errors import Conflict, Forbidden, ValidationError
from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.models import Transition, WorkItem
from caseflow.permissions import Permission
from caseflow.reference.models import SipParticipant
from caseflow.reference.services import active_codes
from caseflow.sip.states import SipMeetingState, SipPlanState
from caseflow.workflow.machine import VOIDED


class MeetingKind(StrEnum):
    SIP = "sip"
    MULTI_PARTY = "multi_party"  # flerpartsmöte


class MeetingMode(StrEnum):
    IN_PERSON = "in_person"
    DIGITAL = "digital"


class SipPlan(WorkItem):
    __tablename__ = "sip_plan"
    #: The list's month filter and its sort, newest first (``caseflow.items.listing``).
    __table_args__ = (Index("ix_sip_plan_initiated_on_id", "initiated_on", "id"),)
    __mapper_args__ = {"polymorphic_identity": ItemKind.SIP_PLAN, "polymorphic_load": "inline"}

    id: Mapped[int] = mapped_column(ForeignKey("work_item.id"), primary_key=True)
    person_ref: Mapped[str] = mapped_column(String(32), index=True)
    initiated_on: Mapped[date] = mapped_column(Date)
    #: The SIP coordinator (SIP-samordnare) who calls and leads the meetings.
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: The person's consent (SoL 10 kap. 8–9 §§): no meeting is held without it.
    consent_on: Mapped[date | None] = mapped_column(Date)
    consent_withdrawn_on: Mapped[date | None] = mapped_column(Date)

    coordinator = relationship("User", foreign_keys=[coordinator_id])

    EDITABLE = ("person_ref", "case_ref", "initiated_on", "coordinator_id", "consent_on")
    OWN_DATE = "initiated_on"

    def has_consent_on(self, day: date) -> bool:
        return (self.consent_on is not None and self.consent_on <= day
                and (self.consent_withdrawn_on is None or self.consent_withdrawn_on > day))

    def check_event(self, event, on, actor) -> None:
        # A withdrawal of consent closes the plan whoever records it; otherwise closing is the
        # coordinator's or a leader's decision.
        if event.name == "close" and self.consent_withdrawn_on is None and not _may_close(self, actor):
            raise Forbidden(_("Only the plan's coordinator or a unit leader may close a SIP plan."))

    def follow_ups(self, event) -> list[tuple[WorkItem, str, str | None]]:
        """A withdrawal of consent cancels the plan's booked meetings: none can be held any more."""
        if event.name != "close" or self.consent_withdrawn_on is None:
            return []
        booked = db.session.scalars(select(SipMeeting).where(SipMeeting.plan_id == self.id,
                                                             SipMeeting.state == SipMeetingState.SCHEDULED))
        return [(meeting, "cancel", _("Consent withdrawn.")) for meeting in booked]

    def check_edit(self, changes: dict) -> None:
        """The consent date may not move past a meeting already held: that meeting was held with it."""
        if "consent_on" not in changes:
            return
        first_held = db.session.scalar(
            select(func.min(Transition.effective_on)).join(SipMeeting, SipMeeting.id == Transition.item_id)
            .where(SipMeeting.plan_id == self.id, SipMeeting.state == SipMeetingState.HELD,
                   Transition.event == "hold"))
        consent_on = changes["consent_on"]
        if first_held is not None and (consent_on is None or consent_on > first_held):
            raise ValidationError(_("A meeting was held with this consent."), {"consent_on": _(
                "The consent date may not be after the first meeting held (%(d)s).", d=first_held.isoformat())})


def _may_close(plan: SipPlan, actor) -> bool:
    """A unit leader (and a token, with a leader's rights) closes any plan; a coordinator their own."""
    return actor.can(Permission.SIP_PLANS_CLOSE) or (plan.coordinator_id is not None
                                                     and actor.user_id == plan.coordinator_id)


def participants_problem(codes) -> str | None:
    """Why ``codes`` are no meeting's participants (unknown, inactive or repeated codes), or None."""
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        return _("Unknown or repeated participant: %(codes)s.", codes="—")
    unknown = set(codes) - active_codes(SipParticipant)
    if unknown or len(set(codes)) != len(codes):
        return _("Unknown or repeated participant: %(codes)s.", codes=", ".join(sorted(unknown)) or "—")
    return None


#: The named contacts, one field per party: Region, Försäkringskassan, Arbetsförmedlingen, another party.
CONTACT_FIELDS = ("contact_region", "contact_forsakringskassan", "contact_arbetsformedlingen", "contact_other")
#: A meeting's planning besides its date, kind, mode and participants: its time, length, place or link and
#: named contacts, all optional, the same when booked and when corrected (forms, service, API, page).
PLANNING_FIELDS = ("start_time", "duration_minutes", "place", "video_link", *CONTACT_FIELDS)
#: How long a meeting may last, in minutes (the form offers the usual lengths).
DURATIONS = (15, 30, 45, 60, 75, 90, 120, 150, 180, 240)
MAX_DURATION = 12 * 60


meeting_participant = Table(
    "sip_meeting_participant",
    db.metadata,
    Column("meeting_id", ForeignKey("sip_meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("participant", ForeignKey("sip_participant.code"), primary_key=True),
)


class SipMeeting(WorkItem):
    __tablename__ = "sip_meeting"
    #: The list's month filter and its sort, newest first, and the start page's meetings of the week (``caseflow.items.listing``).
    __table_args__ = (Index("ix_sip_meeting_scheduled_for_id", "scheduled_for", "id"),)
    __mapper_args__ = {"polymorphic_identity": ItemKind.SIP_MEETING, "polymorphic_load": "inline"}

    id: Mapped[int] = mapped_column(ForeignKey("work_item.id"), primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("sip_plan.id"), index=True)
    scheduled_for: Mapped[date] = mapped_column(Date)
    #: SIP or flerpartsmöte (``kind`` is the work item's own column).
    meeting_kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind, "meeting_kind"))
    mode: Mapped[MeetingMode] = mapped_column(str_enum(MeetingMode, "meeting_mode"))
    next_follow_up_on: Mapped[date | None] = mapped_column(Date)
    #: The time of day it starts and (if known) how long it lasts; ``scheduled_for`` stays its date (API.md).
    start_time: Mapped[time | None] = mapped_column(Time)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    #: Where it is held (a room, an address) and, for a digital meeting, its https link.
    place: Mapped[str | None] = mapped_column(String(200))
    video_link: Mapped[str | None] = mapped_column(String(500))
    #: The named contacts of the parties (names and roles, free text; never a personal identity number).
    contact_region: Mapped[str | None] = mapped_column(String(200))
    contact_forsakringskassan: Mapped[str | None] = mapped_column(String(200))
    contact_arbetsformedlingen: Mapped[str | None] = mapped_column(String(200))
    contact_other: Mapped[str | None] = mapped_column(String(200))

    plan: Mapped[SipPlan] = relationship(foreign_keys=[plan_id])
    participant_codes = relationship("SipParticipant", secondary=meeting_participant, lazy="selectin",
                                     order_by="SipParticipant.sort_order")

    EDITABLE = ("scheduled_for", "meeting_kind", "mode", "participants", "next_follow_up_on", *PLANNING_FIELDS)
    OWN_DATE = "scheduled_for"
    #: A meeting is booked ahead; its creation is effective the day it is recorded.
    FUTURE_OWN_DATE = True
    EVENTS_BEFORE_OWN_DATE = True  # cancelled before the day it was booked for

    @property
    def participants(self) -> list[str]:
        """The participants' codes (``sip_participant``), as the API and the audit log name them."""
        return [participant.code for participant in self.participant_codes]

    @participants.setter
    def participants(self, codes: list[str]) -> None:
        """Replace the participants by ``codes``, checked beforehand (``participants_problem``)."""
        # No autoflush: the other fields of the same correction would be flushed on their own, a version each.
        with db.session.no_autoflush:
            self.participant_codes = list(db.session.scalars(
                select(SipParticipant).where(SipParticipant.code.in_(codes)).order_by(SipParticipant.sort_order)))
        # They are rows of another table: the item's own row is touched so that its version moves too.
        self.updated_at = utcnow()

    @hybrid_method
    def is_owned_by(self, user_id: int) -> bool:
        """One's own meeting: one is responsible for it, or coordinates its plan."""
        return self.owner_id == user_id or self.plan.coordinator_id == user_id

    @is_owned_by.expression
    def is_owned_by(cls, user_id: int):
        # The plan's own table: the SipPlan entity would bring work_item, which the outer query's would correlate.
        plan = SipPlan.__table__
        return or_(cls.owner_id == user_id,
                   select(plan.c.id).where(plan.c.id == cls.plan_id, plan.c.coordinator_id == user_id).exists())

    @property
    def end_time(self) -> time | None:
        """When it ends: its start and its length, where both are known."""
        if self.start_time is None or self.duration_minutes is None:
            return None
        return (datetime.combine(self.scheduled_for, self.start_time)
                + timedelta(minutes=self.duration_minutes)).time()

    def check_event(self, event, on, actor) -> None:
        if event.name != "hold":
            return
        plan = self.plan
        if plan.state in (SipPlanState.CLOSED, VOIDED):
            raise Conflict(_("The SIP plan is closed; its meetings can no longer be held."))
        if on < plan.initiated_on:
            raise ValidationError(_("The meeting cannot be held before the plan was initiated."),
                                  {"on": _("Not before %(d)s.", d=plan.initiated_on.isoformat())})
        if not plan.has_consent_on(on):
            raise Conflict(_("No consent on record for that day: a SIP meeting is held only with the "
                             "person's consent (SoL 10 kap. 8–9 §§)."), {"on": _("No consent on record.")})

    def follow_ups(self, event) -> list[tuple[WorkItem, str, str | None]]:
        if event.name == "hold" and self.plan.state == SipPlanState.INITIATED:
            return [(self.plan, "activate", None)]
        return []

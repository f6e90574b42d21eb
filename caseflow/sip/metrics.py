"""The SIP scans and values of the metric catalog."""

from __future__ import annotations

from sqlalchemy import Select, case, func, select

from caseflow.items.models import WorkItem
from caseflow.reports.aggregates import T, Scan, ToDate, count, in_month, reads, stock
from caseflow.sip.models import MeetingKind, MeetingMode, SipMeeting
from caseflow.sip.states import SIP_PLAN_MACHINE
from caseflow.workflow.machine import VOIDED
from caseflow.reports.metric import Metric
from caseflow.reports.sources import Source
from caseflow.sip import states

_meeting = SipMeeting.__table__
_item = WorkItem.__table__


def _held_meetings(first: int, last: int, per_unit: bool) -> Select:
    """Meetings held in M, of which multi-party and of which digital."""
    return (select(T.c.month, T.c.unit_id,
                   func.count(case((_meeting.c.meeting_kind == MeetingKind.MULTI_PARTY.value, 1))).label("multi"),
                   func.count(case((_meeting.c.mode == MeetingMode.DIGITAL.value, 1))).label("digital"))
            .select_from(T)
            .join(_meeting, _meeting.c.id == T.c.item_id)
            .join(_item, _item.c.id == T.c.item_id)
            .where(T.c.month.between(first, last), T.c.kind == "sip_meeting", T.c.event == "hold",
                   _item.c.state != VOIDED)
            .group_by(T.c.month, T.c.unit_id))


#: A meeting counts in the month it was held, by its kind and its mode.
HELD = Scan("sip_meetings_held", _held_meetings,
            reads=(reads("sip_meeting", "meeting_kind", "mode", "state", event="hold"),))

meetings_held = in_month("sip_meeting", "hold")
meetings_held_multi_party = count(HELD, "multi")
meetings_held_digital = count(HELD, "digital")
meetings_held_total = ToDate("sip_meeting", "hold")
#: Plans initiated by the month's end and not closed by then: initiated or active at the month's end.
plans_active = stock("sip_plan", SIP_PLAN_MACHINE.open_states)


SOURCE = Source(states.SOURCE)

# Named once here: the committee report (``caseflow.reports.committee``) reads these declarations.
MEETINGS_HELD = Metric("sip_meetings_held", "Hållna möten under månaden (SIP och flerpartsmöten)",
                       "Meetings held in the month (SIP and multi-party meetings)", SOURCE, meetings_held)
MEETINGS_HELD_MULTI_PARTY = Metric("sip_meetings_held_multi_party", "varav flerpartsmöten",
                                   "of which multi-party meetings", SOURCE, meetings_held_multi_party)
MEETINGS_HELD_DIGITAL = Metric("sip_meetings_held_digital", "varav digitala", "of which digital", SOURCE,
                               meetings_held_digital)
MEETINGS_HELD_TOTAL = Metric("sip_meetings_held_total", "Hållna möten totalt hittills",
                             "Meetings held in total to date", SOURCE, meetings_held_total)
PLANS_ACTIVE = Metric("sip_plans_active", "Pågående SIP vid månadens slut", "Active SIP plans at the end of the month",
                      SOURCE, plans_active)

#: The package's metrics, in the report's order; the catalog (``caseflow.reports.catalog``) collects them.
METRICS = (MEETINGS_HELD, MEETINGS_HELD_MULTI_PARTY, MEETINGS_HELD_DIGITAL, MEETINGS_HELD_TOTAL, PLANS_ACTIVE)

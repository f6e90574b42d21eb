"""The SIP aggregates of the metric catalog."""

from __future__ import annotations

from caseflow.reports.aggregates import T, in_state_at_month_end, transitions_in_month, transitions_to_date
from caseflow.sip.models import MeetingKind, MeetingMode, SipMeeting
from caseflow.sip.states import SIP_PLAN_MACHINE

_meeting = SipMeeting.__table__
_join_meeting = [(_meeting, _meeting.c.id == T.c.item_id)]

meetings_held = transitions_in_month("sip_meeting", "hold")
meetings_held_multi_party = transitions_in_month("sip_meeting", "hold",
                                                 _meeting.c.meeting_kind == MeetingKind.MULTI_PARTY.value,
                                                 joins=_join_meeting)
meetings_held_digital = transitions_in_month("sip_meeting", "hold", _meeting.c.mode == MeetingMode.DIGITAL.value,
                                             joins=_join_meeting)
meetings_held_total = transitions_to_date("sip_meeting", "hold")
#: Plans initiated by the month's end and not closed by then: initiated or active at the month's end.
plans_active = in_state_at_month_end("sip_plan", SIP_PLAN_MACHINE.open_states)

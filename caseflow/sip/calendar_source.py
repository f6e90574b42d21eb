"""A user's own SIP meetings as events of their calendar feed (``caseflow.feeds``).

Own: the meetings the user is responsible for, and those of the plans the user coordinates. An event
says what the coordinator needs to recognise the meeting (its kind, time, place or link, the parties)
and links to its page, which asks for a sign-in; it never names the case or the person.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.items.state_labels import MEETING_KIND_LABELS, MEETING_MODE_LABELS
from caseflow.sip.models import MeetingMode, SipMeeting
from caseflow.sip.states import SipMeetingState
from caseflow.workflow.machine import VOIDED


def own_meetings(user, start: date, end: date):
    """The user's own meetings from ``start`` to ``end``, voided ones left out."""
    stmt = (visible(user, model=SipMeeting)
            .where(SipMeeting.is_owned_by(user.id),
                   SipMeeting.scheduled_for >= start, SipMeeting.scheduled_for <= end,
                   SipMeeting.state != VOIDED)
            .options(selectinload(SipMeeting.participant_codes))
            .order_by(SipMeeting.scheduled_for, SipMeeting.start_time, SipMeeting.id))
    return list(db.session.scalars(stmt))


def meeting_events(user, start: date, end: date):
    from caseflow.feeds.sources import FeedEvent

    events = []
    locale = str(get_locale() or "sv")
    for meeting in own_meetings(user, start, end):
        kind = str(MEETING_KIND_LABELS.get(meeting.meeting_kind, meeting.meeting_kind))
        cancelled = meeting.state == SipMeetingState.CANCELLED
        lines = [str(MEETING_MODE_LABELS.get(meeting.mode, meeting.mode))]
        if meeting.participant_codes:
            lines.append(_("Participants: %(names)s", names=", ".join(p.name(locale) for p in meeting.participant_codes)))
        if meeting.video_link:
            lines.append(_("Link: %(link)s", link=meeting.video_link))
        url = url_for("items.page", item_id=meeting.id, _external=True)
        lines.append(_("In Caseflow (sign-in required): %(url)s", url=url))
        location = meeting.place or (meeting.video_link if meeting.mode == MeetingMode.DIGITAL else None)
        events.append(FeedEvent(
            uid=f"sip-meeting-{meeting.id}@caseflow", day=meeting.scheduled_for,
            summary=_("Cancelled: %(what)s", what=kind) if cancelled else kind,
            start=meeting.start_time, end=meeting.end_time, location=location,
            description="\n".join(lines), url=url, cancelled=cancelled))
    return events

"""A measure's note is due by the committee's deadline for its month: the calendar's, once it has a meeting."""

from __future__ import annotations

from datetime import date

from caseflow.calendar.services import add_meeting
from caseflow.extensions import db
from caseflow.measures.followup import deadline_is_month_end, note_deadline


def test_the_note_deadline_is_the_month_end_until_the_calendar_has_a_meeting_then_its_deadline(app):
    assert note_deadline(202611) == date(2026, 11, 30) and deadline_is_month_end(202611)
    # The committee meets on 2026-12-17; its deadline is five working days before: 2026-12-10.
    add_meeting(date(2026, 12, 17))
    db.session.flush()
    assert note_deadline(202611) == date(2026, 12, 10) and not deadline_is_month_end(202611)

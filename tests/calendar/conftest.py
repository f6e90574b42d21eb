"""A real SMTP server on localhost (``aiosmtpd``) that keeps what it receives, and a committee calendar
around the month the factories' items live in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from caseflow.calendar.deadlines import deadline_of
from caseflow.calendar.services import add_meeting
from caseflow.extensions import db
from caseflow.months import Month
from tests.factories import BASE_DAY
from tests.ports import free_port


class Inbox:
    """The aiosmtpd handler: every message the server accepted, with its envelope's recipients."""

    def __init__(self):
        self.received: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpts, m in self.received if address in rcpts]

    @property
    def recipients(self) -> list[str]:
        return sorted(r for rcpts, _m in self.received for r in rcpts)


@pytest.fixture
def smtp_server(app):
    """A running SMTP server; the app's ``CASEFLOW_SMTP_URL`` points at it for the test."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config["CASEFLOW_SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    app.config["CASEFLOW_MAIL_FROM"] = "caseflow@kommun.example"
    try:
        yield inbox
    finally:
        controller.stop()


#: The month the tests' reports are of: the factories' items start in it.
MONTH = Month.of(BASE_DAY)


@dataclass(frozen=True)
class Calendar:
    month: Month
    meeting_on: date
    deadline_on: date


@pytest.fixture
def calendar(app) -> Calendar:
    """A meeting three weeks into the month after ``MONTH`` (a weekday), so ``MONTH``'s report goes to
    it, with the default five working days before it as the deadline."""
    meeting_on = MONTH.next.first_day + timedelta(days=20)
    while meeting_on.weekday() >= 5:
        meeting_on += timedelta(days=1)
    add_meeting(meeting_on)
    db.session.commit()
    return Calendar(MONTH, meeting_on, deadline_of(meeting_on, 5))

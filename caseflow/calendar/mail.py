"""Sending e-mail through the SMTP server of ``CASEFLOW_SMTP_URL`` with the standard library alone.

``smtp://host:25`` sends in plain text (a relay on the local network), ``smtp+starttls://host:587``
upgrades with STARTTLS, ``smtps://host:465`` speaks TLS from the start; a user and password may be
given in the URL (``smtp+starttls://user:password@host:587``).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
#: Seconds to wait for the server before the task gives up (and tries again at its next run).
TIMEOUT = 30


@dataclass(frozen=True)
class SmtpServer:
    scheme: str
    host: str
    port: int
    username: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpServer:
    """The server of ``url``; ValueError naming what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise ValueError(f"the scheme must be one of {', '.join(SCHEMES)}, not {parts.scheme!r}")
    if not parts.hostname:
        raise ValueError("a host is required, as smtp://mail.example.se:25")
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError as err:
        raise ValueError("the port must be a number from 1 to 65535") from err
    return SmtpServer(parts.scheme, parts.hostname, port, unquote(parts.username) if parts.username else None,
                      unquote(parts.password) if parts.password else None)


def compose(*, sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "caseflow")
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    message.set_content(body)
    return message


def send(url: str, message: EmailMessage) -> None:
    """Hand ``message`` to the server; raises ``smtplib.SMTPException`` or ``OSError`` if it is not taken."""
    server = parse_smtp_url(url)
    connect = smtplib.SMTP_SSL if server.scheme == "smtps" else smtplib.SMTP
    with connect(server.host, server.port, timeout=TIMEOUT) as smtp:
        if server.scheme == "smtp+starttls":
            smtp.starttls()
        if server.username:
            smtp.login(server.username, server.password or "")
        smtp.send_message(message)

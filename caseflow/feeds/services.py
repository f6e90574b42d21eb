"""A user's calendar subscription: made (the URL shown once), revoked, and fetched (each fetch logged)."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import select

from caseflow.audit.services import record_change
from caseflow.db import today_local, utcnow
from caseflow.extensions import db
from caseflow.feeds.ics import calendar_document
from caseflow.api.models import hash_token
from caseflow.feeds.models import CalendarFeed
from caseflow.feeds.sources import events_for
from caseflow.permissions import Permission

#: The feed covers the meetings of this many weeks back and days ahead.
WEEKS_BACK = 4
DAYS_AHEAD = 183


def active_feed(user) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id,
                                                        CalendarFeed.revoked_at.is_(None)))


def _revoke(user) -> CalendarFeed | None:
    feed = active_feed(user)
    if feed is not None:
        feed.revoked_at = utcnow()
        record_change("calendar_feed.revoke", "calendar_feed", feed.id, actor=user, unit_id=user.unit_id)
    return feed


def new_feed(user) -> str:
    """A new subscription for ``user``, the old one (if any) revoked; the token, shown only now."""
    _revoke(user)
    db.session.flush()  # the old row's revocation before the new one's insert
    token = secrets.token_urlsafe(32)  # 256 bits, hashed as the API's tokens are
    feed = CalendarFeed(user_id=user.id, token_hash=hash_token(token))
    db.session.add(feed)
    db.session.flush()
    record_change("calendar_feed.create", "calendar_feed", feed.id, actor=user, unit_id=user.unit_id)
    return token


def revoke_feed(user) -> bool:
    """Revoke ``user``'s subscription: its URL answers 404 from now on. False if there was none."""
    return _revoke(user) is not None


def feed_of(token: str) -> CalendarFeed | None:
    """The active subscription ``token`` opens, of a user still active who may read items; or None."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token),
                                                        CalendarFeed.revoked_at.is_(None)))
    if feed is None or not feed.user.is_active or not feed.user.can(Permission.CALENDAR_SUBSCRIBE):
        return None
    return feed


def fetch(feed: CalendarFeed, name: str, today: date | None = None) -> bytes:
    """The feed's document, and a line of the audit log naming which events it carried."""
    today = today or today_local()
    start, end = today - timedelta(weeks=WEEKS_BACK), today + timedelta(days=DAYS_AHEAD)
    user = feed.user
    events = events_for(user, start, end)
    feed.last_fetched_at = utcnow()
    record_change("calendar_feed.fetch", "calendar_feed", feed.id, actor=user, unit_id=user.unit_id,
                  after={"from": start.isoformat(), "to": end.isoformat(), "events": [e.uid for e in events]})
    return calendar_document(events, name)

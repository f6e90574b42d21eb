"""Signed-in sessions that end after a spell of inactivity (``CASEFLOW_SESSION_IDLE_MINUTES``).

The time of the last request is kept in the signed session cookie, not in Flask's permanent
session lifetime: an expired permanent cookie is simply dropped, and the user could not be told
why they have to sign in again. The cookie itself lasts until the browser closes.
"""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import ngettext
from flask_login import current_user, logout_user

#: The session key holding the last request's time, in whole seconds since the epoch.
SEEN_AT = "seen_at"
#: What survives the end of a session: the language chosen before signing in.
KEPT_KEYS = ("lang",)


def mark_session_active() -> None:
    session[SEEN_AT] = int(time.time())


def end_idle_session():
    """Before each request: sign out a session idle too long, or note that it is active now."""
    if not current_user.is_authenticated:
        return None
    minutes = current_app.config["CASEFLOW_SESSION_IDLE_MINUTES"]
    seen_at = session.get(SEEN_AT)
    # A session without the mark predates it or was not made by /login: treat it as expired.
    if isinstance(seen_at, int) and time.time() - seen_at <= minutes * 60:
        mark_session_active()
        return None
    logout_user()
    kept = {key: session[key] for key in KEPT_KEYS if key in session}
    session.clear()
    session.update(kept)
    flash(ngettext("You were signed out after %(num)d minute without activity. Please sign in again.",
                   "You were signed out after %(num)d minutes without activity. Please sign in again.",
                   minutes), "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target))

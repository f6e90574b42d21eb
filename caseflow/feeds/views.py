"""The calendar subscription: its settings page (make a new URL, revoke it) and the feed itself.

``GET /calendar/<token>.ics`` takes no sign-in: the token is the credential, so a calendar program
(Outlook) can subscribe. A token unknown or revoked answers 404 alike.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.authz import permission_required
from caseflow.extensions import db
from caseflow.feeds.services import DAYS_AHEAD, WEEKS_BACK, active_feed, feed_of, fetch, new_feed, revoke_feed
from caseflow.forms_support import Form
from caseflow.permissions import Permission

bp = Blueprint("feeds", __name__)


class _ButtonForm(Form):
    """A button that changes something: only its CSRF token."""


#: Where the new address waits, in the signed session cookie, for the one page that shows it.
_SHOW_ONCE = "calendar_feed_token"


@bp.get("/account/calendar-feed")
@permission_required(Permission.CALENDAR_SUBSCRIBE)
def settings():
    token = session.pop(_SHOW_ONCE, None)
    feed = active_feed(current_user)
    feed_url = url_for("feeds.ics", token=token, _external=True) if token and feed else None
    webcal_url = feed_url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1) if feed_url else None
    return render_template("feeds/settings.html", feed=feed, feed_url=feed_url, webcal_url=webcal_url,
                           form=_ButtonForm(), weeks_back=WEEKS_BACK, days_ahead=DAYS_AHEAD)


@bp.post("/account/calendar-feed")
@permission_required(Permission.CALENDAR_SUBSCRIBE)
def create():
    if not _ButtonForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("feeds.settings"))
    token = new_feed(current_user)
    db.session.commit()
    # Shown once, on the page this redirects to (a reload shows it no more; only its hash is kept).
    session[_SHOW_ONCE] = token
    return redirect(url_for("feeds.settings"))


@bp.post("/account/calendar-feed/revoke")
@permission_required(Permission.CALENDAR_SUBSCRIBE)
def revoke():
    if not _ButtonForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("feeds.settings"))
    if revoke_feed(current_user):
        db.session.commit()
        flash(_("The subscription is revoked: its address no longer works."), "success")
    return redirect(url_for("feeds.settings"))


@bp.get("/calendar/<token>.ics")
def ics(token: str):
    feed = feed_of(token)
    if feed is None:
        abort(404)
    body = fetch(feed, _("Caseflow: my calendar"))
    db.session.commit()
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="caseflow.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response

"""The start page ("Mina ärenden" for those who work with items, the unit's state for a unit leader), and
``/healthz`` for monitoring."""

from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user
from sqlalchemy import text

from caseflow.calendar.notices import notices_for
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.health import last_heard_at, workers_silent
from caseflow.items.today import todays_work
from caseflow.items.unit_overview import unit_overview
from caseflow.permissions import Permission

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    today = today_local()
    notices = notices_for(current_user, today)
    if current_user.can(Permission.ITEMS_READ):
        # A unit leader starts from the unit's state; their own items are a link away (``?view=mine``).
        if current_user.can(Permission.CASELOAD_VIEW) and request.args.get("view") != "mine":
            return render_template("main/leader.html", overview=unit_overview(current_user, today), today=today,
                                   calendar_notices=notices)
        return render_template("main/today.html", work=todays_work(current_user, today), today=today,
                               is_leader=current_user.can(Permission.CASELOAD_VIEW), calendar_notices=notices)
    return render_template("main/index.html", calendar_notices=notices)


@bp.get("/healthz")
def healthz():
    """503 when the database does not answer. Silent workers leave the pages working, so 200, but the
    status says ``degraded``: monitoring sees that rollups wait, which a plain "ok" hid."""
    try:
        db.session.execute(text("SELECT 1"))
        heard_at = last_heard_at()
    except Exception:  # any failure of the database means "not healthy", and says nothing more
        return jsonify(status="unavailable"), 503
    silent = workers_silent(heard_at)
    return jsonify(status="degraded" if silent else "ok",
                   worker={"status": "silent" if silent else "ok",
                           "last_heard_at": heard_at.isoformat() if heard_at else None})

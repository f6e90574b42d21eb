"""The start page, and ``/healthz`` for load balancers and monitoring."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text

from caseflow.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure of the database means "not healthy", and says nothing more
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")

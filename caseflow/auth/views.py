"""``/login``, ``/logout`` and the password change."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from caseflow.audit.services import record_change
from caseflow.auth.forms import LoginForm, PasswordChangeForm
from caseflow.auth.services import authenticate, set_password
from caseflow.auth.sessions import mark_session_active
from caseflow.auth.throttle import Throttled
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.forms_support import show_service_error

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the sign-in page cannot be used to send people elsewhere. No control
    character (CR/LF would break the Location header) and no backslash (browsers read ``/\\`` as ``//``)."""
    if (target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc
            and target.isprintable() and "\\" not in target):
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data, address=request.remote_addr)
        except Throttled as err:
            form.password.errors.append(err.message)
            return (render_template("auth/login.html", form=form), err.status,
                    {"Retry-After": str(err.retry_after_seconds)})
        db.session.commit()  # the audit row of a failed attempt is kept too
        if user is not None:
            login_user(user)
            mark_session_active()
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Wrong username or password, or the account is deactivated."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
def logout():
    # Signing out ends every session of the user, on every device.
    current_user.end_all_sessions()
    record_change("auth.logout", "user_account", current_user.id, unit_id=current_user.unit_id)
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            set_password(current_user, form.new_password.data, current_password=form.current_password.data,
                         address=request.remote_addr)
        except Throttled as err:
            db.session.rollback()
            form.current_password.errors.append(err.message)
            return (render_template("auth/password.html", form=form), err.status,
                    {"Retry-After": str(err.retry_after_seconds)})
        except ServiceError as err:
            db.session.rollback()
            show_service_error(form, err)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # keep this session; the others have ended
            flash(_("Your password is changed. Other sessions have been signed out."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form), 200 if not form.errors else 422

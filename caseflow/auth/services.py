"""Signing in, and creating, editing and deactivating users."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.audit.services import record_change, record_refusal
from caseflow.auth import throttle
from caseflow.auth.models import User
from caseflow.auth.passwords import hash_password, needs_rehash, policy_problem, verify_password
from caseflow.db import utcnow
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.permissions import ROLES_WITH_UNIT, Role
from caseflow.reference.services import free_text_problem
from caseflow.units.models import Unit

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
#: An e-mail address as a person types one: a local part, an @, a domain with a dot; no spaces.
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def authenticate(username: str, password: str, address: str | None = None) -> User | None:
    """The active user with these credentials, rehashing an outdated hash; None otherwise.

    Raises Throttled, before looking at the password, when this username or the client ``address``
    has failed too often of late (``caseflow/auth/throttle.py``). Every attempt past the throttle
    leaves an audit row with the address; the caller commits it, whatever the outcome.
    """
    username = username.strip().lower()
    key = throttle.username_key(username)
    user = db.session.scalar(select(User).where(User.username == username))
    throttle.check(key, address, user.last_login_at if user else None)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or not user.is_active:
        record_change("auth.login_failed", "user_account", user.id if user else None,
                      after=throttle.failure_details(key, address), actor=user)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record_change("auth.login", "user_account", user.id, after={"address": address}, actor=user)
    return user


#: ``update_user``'s e-mail address when the caller leaves it as it is.
KEEP_EMAIL = object()


def user_snapshot(user: User) -> dict:
    """What the audit log keeps of a user (never the password hash); the e-mail address only in the row
    that sets or changes it."""
    return {"username": user.username, "display_name": user.display_name, "role": str(user.role),
            "unit_id": user.unit_id, "is_active": user.is_active}


def _checked_email(email: str | None, problems: dict[str, str]) -> str | None:
    """The address the committee calendar's reminders go to, trimmed; empty is none (no e-mail is sent)."""
    email = (email or "").strip() or None
    if email is not None and (len(email) > 254 or not EMAIL_PATTERN.match(email)):
        problems["email"] = _("An e-mail address such as namn@kommun.se, or nothing.")
    return email


def _check_role_and_unit(role: str, unit: Unit | None, problems: dict[str, str]) -> Role | None:
    try:
        role = Role(role)
    except ValueError:
        problems["role"] = _("Unknown role.")
        return None
    if role in ROLES_WITH_UNIT and unit is None:
        problems["unit"] = _("Caseworkers and unit leaders belong to a unit.")
    elif role not in ROLES_WITH_UNIT and unit is not None:
        problems["unit"] = _("Analysts and admins work across all units; leave the unit empty.")
    return role


def create_user(*, username: str, display_name: str, role: str, unit: Unit | None, password: str,
                email: str | None = None) -> User:
    username = username.strip().lower()
    problems: dict[str, str] = {}
    email = _checked_email(email, problems)
    if not USERNAME_PATTERN.match(username):
        problems["username"] = _("2 to 64 lower-case letters, digits, dots, hyphens or underscores.")
    elif db.session.scalar(select(User.id).where(User.username == username)):
        problems["username"] = _("That username is taken.")
    if not display_name.strip() or len(display_name) > 120:
        problems["display_name"] = _("A name of 1 to 120 characters is required.")
    elif problem := free_text_problem(display_name, 120):
        problems["display_name"] = problem
    role = _check_role_and_unit(role, unit, problems)
    if reason := policy_problem(password, username):
        problems["password"] = str(reason)
    if problems:
        raise ValidationError(_("The user was not saved."), problems)
    user = User(username=username, display_name=display_name.strip(), role=role,
                unit_id=unit.id if unit else None, password_hash=hash_password(password), email=email)
    db.session.add(user)
    db.session.flush()
    record_change("user.create", "user_account", user.id,
                  after=user_snapshot(user) | ({"email": email} if email else {}), unit_id=user.unit_id)
    return user


def update_user(user: User, *, display_name: str, role: str, unit: Unit | None, is_active: bool,
                email: str | None | object = KEEP_EMAIL, actor: User | None = None) -> User:
    """Edit a user, their e-mail address too unless ``KEEP_EMAIL``: one audit row for the whole change; a
    change of role, unit or activity ends the user's sessions.

    ``actor`` may not change their own role or unit: an admin who made themselves a unit's leader
    would read its cases. Another admin can; the command line (the server's operator) can too.
    """
    problems: dict[str, str] = {}
    if not display_name.strip() or len(display_name) > 120:
        problems["display_name"] = _("A name of 1 to 120 characters is required.")
    elif problem := free_text_problem(display_name, 120):
        problems["display_name"] = problem
    role = _check_role_and_unit(role, unit, problems)
    if actor is not None and actor.id == user.id and role is not None and (
            role != user.role or (unit.id if unit else None) != user.unit_id):
        problems["role"] = _("You may not change your own role or unit; another administrator can.")
    if email is not KEEP_EMAIL:
        email = _checked_email(email, problems)
    if problems:
        raise ValidationError(_("The user was not saved."), problems)
    before = user_snapshot(user)
    user.display_name, user.role, user.unit_id, user.is_active = (
        display_name.strip(), role, unit.id if unit else None, is_active)
    after = user_snapshot(user)
    if email is not KEEP_EMAIL and email != user.email:
        before["email"], after["email"] = user.email, email
        user.email = email
    if (before["role"], before["unit_id"], before["is_active"]) != (after["role"], after["unit_id"],
                                                                    after["is_active"]):
        user.end_all_sessions()
    if before != after:
        record_change("user.update", "user_account", user.id, before=before, after=after,
                      unit_id=user.unit_id)
    db.session.flush()
    return user


def set_password(user: User, new_password: str, *, current_password: str | None = None,
                 address: str | None = None) -> None:
    """Set a new password, checking the current one when the user changes their own; ends sessions.

    A check of the current password is an oracle for whoever holds the session: it is throttled and
    its failures recorded like sign-in's (raises Throttled), and they count towards sign-in's limits.
    """
    problems: dict[str, str] = {}
    if current_password is not None:
        key = throttle.username_key(user.username)
        throttle.check(key, address, user.last_login_at)
        if not verify_password(user.password_hash, current_password):
            problems["current_password"] = _("The current password is wrong.")
            record_refusal(throttle.PASSWORD_FAILED, "user_account", user.id, unit_id=user.unit_id,
                           after=throttle.failure_details(key, address))
    if reason := policy_problem(new_password, user.username):
        problems["new_password"] = str(reason)
    if problems:
        raise ValidationError(_("The password was not changed."), problems)
    user.password_hash = hash_password(new_password)
    user.end_all_sessions()
    record_change("user.password", "user_account", user.id, unit_id=user.unit_id)
    db.session.flush()

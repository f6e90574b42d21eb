"""The rules item fields are checked by, shared by creation and edits, forms and the API.

Each kind declares which rule each of its fields follows (``KindSpec.field_rules``); the builders
here are what those declarations are made of.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.db import MAX_ID, today_local
from caseflow.errors import ServiceError, ValidationError
from caseflow.extensions import db
from caseflow.items.registry import Rule, kind_spec
from caseflow.permissions import roles_that_may_hold
from caseflow.reference.services import active_codes, free_text_problem, ref_problem, report_text_problem
from caseflow.workflow.transitions import check_date

#: How far ahead a booked meeting or a planned measure may lie.
MAX_AHEAD = timedelta(days=5 * 366)


def ref(field):
    return lambda value, unit_id: ref_problem(field, value)


def past_date(field):
    def check(value, unit_id):
        if not isinstance(value, date):
            return _("A date (YYYY-MM-DD) is required.")
        try:
            check_date(value, field_name=field)
        except ServiceError as err:
            return err.fields[field]
        return None
    return check


def any_date(required: bool):
    def check(value, unit_id):
        if value is None and not required:
            return None
        if not isinstance(value, date):
            return _("A date (YYYY-MM-DD) is required.")
        if value < date(2000, 1, 1) or value > today_local() + MAX_AHEAD:
            return _("The date is out of range.")
        return None
    return check


def optional(check):
    return lambda value, unit_id: None if value is None else check(value, unit_id)


def code(model, required: bool):
    def check(value, unit_id):
        if value is None or value == "":
            return _("Required.") if required else None
        return None if value in active_codes(model) else _("Unknown code %(code)s.", code=value)
    return check


def one_of(enum_cls: type[StrEnum]):
    def check(value, unit_id):
        if value not in {m.value for m in enum_cls}:
            return _("Choose one of: %(values)s.", values=", ".join(m.value for m in enum_cls))
        return None
    return check


def text(max_length: int, required: bool, *, reaches_report: bool = False):
    """Free text; ``reaches_report``: shown in the committee report, so no case or person reference."""
    problem = report_text_problem if reaches_report else free_text_problem

    def check(value, unit_id):
        if value is None or not str(value).strip():
            return _("Required.") if required else None
        if not isinstance(value, str):
            return _("Text is required.")
        return problem(value, max_length)
    return check


def time_of_day(value, unit_id):
    """An optional time of day (HH:MM)."""
    if value is None:
        return None
    return None if isinstance(value, time) and value.tzinfo is None else _("A time of day (HH:MM) is required.")


def https_link(max_length: int):
    """An optional web address, only ``https://`` (a video meeting's link): no other scheme, no spaces."""
    def check(value, unit_id):
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return _("Text is required.")
        if len(value) > max_length:
            return _("At most %(n)d characters.", n=max_length)
        try:
            parts = urlsplit(value)
        except ValueError:
            parts = None
        if (parts is None or parts.scheme != "https" or not parts.hostname or "@" in parts.netloc
                or any(c.isspace() or ord(c) < 32 for c in value)):
            return _("A link beginning with https:// is required.")
        return None
    return check


def whole_number(low: int, high: int, required: bool):
    def check(value, unit_id):
        if value is None:
            return _("Required.") if required else None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return _("A whole number from %(low)d to %(high)d.", low=low, high=high)
        return None
    return check


def yes_or_no(value, unit_id):
    return None if isinstance(value, bool) else _("Yes or no.")


def unit_member(kind: str) -> Rule:
    """A person named on an item of ``kind`` (a coordinator, a responsible leader): an active user of
    the item's unit whose role may write such items (``caseflow.permissions.roles_that_may_hold``)."""
    def rule(value, unit_id):
        from caseflow.auth.models import User
        if value is None:
            return None
        if not isinstance(value, int) or not 1 <= value <= MAX_ID:  # no such user; the database would overflow
            return _("Choose an active user of the unit who may hold the item.")
        user = db.session.scalar(select(User).where(User.id == value, User.is_active.is_(True)))
        if user is None or user.unit_id != unit_id or user.role not in roles_that_may_hold(kind):
            return _("Choose an active user of the unit who may hold the item.")
        return None
    return rule


#: The fields every kind has (``work_item``'s own).
COMMON_RULES = {"case_ref": ref("case_ref")}


def validate_fields(kind: str, values: dict, unit_id: int) -> None:
    """Raise one ValidationError naming every field that breaks the rule ``kind`` declares for it."""
    rules = {**COMMON_RULES, **kind_spec(kind).field_rules}
    problems = {}
    for name, value in values.items():
        rule = rules.get(name)
        if rule is None:
            problems[name] = _("Unknown field.")
        elif problem := rule(value, unit_id):
            problems[name] = problem
    if problems:
        raise ValidationError(_("The item was not saved."), problems)

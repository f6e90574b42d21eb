"""The rule for each item field, shared by creation and edits, forms and the API: one place each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.db import today_local
from caseflow.errors import ServiceError, ValidationError
from caseflow.extensions import db
from caseflow.reference.models import BarrierReason, ReferralTarget
from caseflow.reference.services import active_codes, free_text_problem, ref_problem
from caseflow.sip.models import MeetingKind, MeetingMode, participants_problem
from caseflow.sublease.models import ContractType
from caseflow.workflow.transitions import check_date

#: How far ahead a booked meeting or a planned measure may lie.
MAX_AHEAD = timedelta(days=5 * 366)


def _ref(field):
    return lambda value, unit_id: ref_problem(field, value)


def _past_date(field):
    def check(value, unit_id):
        if not isinstance(value, date):
            return _("A date (YYYY-MM-DD) is required.")
        try:
            check_date(value, field_name=field)
        except ServiceError as err:
            return err.fields[field]
        return None
    return check


def _any_date(required: bool):
    def check(value, unit_id):
        if value is None and not required:
            return None
        if not isinstance(value, date):
            return _("A date (YYYY-MM-DD) is required.")
        if value < date(2000, 1, 1) or value > today_local() + MAX_AHEAD:
            return _("The date is out of range.")
        return None
    return check


def _optional(check):
    return lambda value, unit_id: None if value is None else check(value, unit_id)


def _code(model, required: bool):
    def check(value, unit_id):
        if value is None or value == "":
            return _("Required.") if required else None
        return None if value in active_codes(model) else _("Unknown code %(code)s.", code=value)
    return check


def _enum(enum_cls: type[StrEnum]):
    def check(value, unit_id):
        if value not in {m.value for m in enum_cls}:
            return _("Choose one of: %(values)s.", values=", ".join(m.value for m in enum_cls))
        return None
    return check


def _text(max_length: int, required: bool):
    def check(value, unit_id):
        if value is None or not str(value).strip():
            return _("Required.") if required else None
        if not isinstance(value, str):
            return _("Text is required.")
        return free_text_problem(value, max_length)
    return check


def _int(low: int, high: int, required: bool):
    def check(value, unit_id):
        if value is None:
            return _("Required.") if required else None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return _("A whole number from %(low)d to %(high)d.", low=low, high=high)
        return None
    return check


def _bool(value, unit_id):
    return None if isinstance(value, bool) else _("Yes or no.")


def _unit_member(value, unit_id):
    """A coordinator or responsible leader: an active user of the item's unit."""
    from caseflow.auth.models import User
    if value is None:
        return None
    user = db.session.scalar(select(User).where(User.id == value, User.is_active.is_(True)))
    if user is None or user.unit_id != unit_id:
        return _("Choose an active user of the unit.")
    return None


FIELD_RULES: dict[str, Callable] = {
    "case_ref": _ref("case_ref"),
    "person_ref": _ref("person_ref"),
    "sent_on": _past_date("sent_on"),
    "applied_on": _past_date("applied_on"),
    "initiated_on": _past_date("initiated_on"),
    "kir_checked_on": _optional(_past_date("kir_checked_on")),
    "consent_on": _optional(_past_date("consent_on")),
    "scheduled_for": _any_date(required=True),
    "start_on": _any_date(required=True),
    "next_follow_up_on": _any_date(required=False),
    "target": _code(ReferralTarget, required=True),
    "barrier_group": _code(BarrierReason, required=False),
    "contract_type": _enum(ContractType),
    "registered_at_address": _int(0, 999, required=False),
    "double_rent_suspected": _bool,
    "meeting_kind": _enum(MeetingKind),
    "mode": _enum(MeetingMode),
    "participants": lambda value, unit_id: participants_problem(value),
    "coordinator_id": _unit_member,
    "responsible_id": _unit_member,
    "title": _text(300, required=True),
    "expected_effect": _text(4000, required=False),
    "number": _int(1, 9999, required=True),
}


def validate_fields(values: dict, unit_id: int) -> None:
    """Raise one ValidationError naming every field that breaks its rule."""
    problems = {}
    for name, value in values.items():
        rule = FIELD_RULES.get(name)
        if rule is None:
            problems[name] = _("Unknown field.")
        elif problem := rule(value, unit_id):
            problems[name] = problem
    if problems:
        raise ValidationError(_("The item was not saved."), problems)

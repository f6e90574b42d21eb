"""The admin's changes to reference data and to the reference patterns, each audited."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from caseflow.audit.services import record_change
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.privacy import contains_personal_number
from caseflow.reference.models import (BarrierReason, NationalGroup, ReferralOutcome, ReferralTarget, ReportGroup,
                                       SipParticipant)
from caseflow.reference.services import REF_SETTINGS, free_text_problem, ref_pattern, set_ref_pattern

#: The tables an admin edits, by the name their pages use.
TABLES = {
    "barrier-reasons": BarrierReason,
    "report-groups": ReportGroup,
    "referral-targets": ReferralTarget,
    "referral-outcomes": ReferralOutcome,
    "sip-participants": SipParticipant,
}
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,32}")
MAX_PATTERN_LENGTH = 200


def _snapshot(row) -> dict:
    snap = {"code": row.code, "name_sv": row.name_sv, "name_en": row.name_en, "is_active": row.is_active}
    if isinstance(row, BarrierReason):
        snap["national_group"] = str(row.national_group)
    return snap


def _check_names(values: dict, problems: dict) -> None:
    for key in ("name_sv", "name_en"):
        value = (values.get(key) or "").strip()
        if not value or len(value) > 120:
            problems[key] = _("A name of 1 to 120 characters.")
        elif problem := free_text_problem(value):
            problems[key] = problem
        values[key] = value


def _check_group(model, values: dict, problems: dict) -> None:
    if model is not BarrierReason:
        values.pop("national_group", None)
        return
    try:
        values["national_group"] = NationalGroup(values.get("national_group"))
    except ValueError:
        problems["national_group"] = _("Choose one of the three national groups.")


def create_reference(actor, model, *, code: str, name_sv: str, name_en: str, is_active: bool = True,
                     national_group: str | None = None):
    """A new code in ``model``'s table, last in its order."""
    values = {"name_sv": name_sv, "name_en": name_en, "national_group": national_group}
    problems: dict[str, str] = {}
    code = (code or "").strip()
    if not CODE_PATTERN.fullmatch(code):
        problems["code"] = _("1 to 32 letters A–Z, digits, hyphens or underscores.")
    elif db.session.get(model, code) is not None:
        problems["code"] = _("That code exists already.")
    _check_names(values, problems)
    _check_group(model, values, problems)
    if problems:
        raise ValidationError(_("The code was not saved."), problems)
    last = db.session.scalar(select(func.max(model.sort_order))) or 0
    row = model(code=code, is_active=is_active, sort_order=last + 1, **values)
    db.session.add(row)
    db.session.flush()
    record_change("reference.create", model.__tablename__, None, actor=actor, after=_snapshot(row))
    return row


def update_reference(actor, row, *, name_sv: str, name_en: str, is_active: bool,
                     national_group: str | None = None):
    """Rename a code, (de)activate it, or move a barrier reason to another national group.

    The code itself never changes: items and counts refer to it.
    """
    values = {"name_sv": name_sv, "name_en": name_en, "national_group": national_group}
    problems: dict[str, str] = {}
    _check_names(values, problems)
    _check_group(type(row), values, problems)
    if problems:
        raise ValidationError(_("The code was not saved."), problems)
    before = _snapshot(row)
    for key, value in values.items():
        setattr(row, key, value)
    row.is_active = is_active
    db.session.flush()
    after = _snapshot(row)
    if after != before:
        record_change("reference.update", type(row).__tablename__, None, actor=actor,
                      before={k: v for k, v in before.items() if k == "code" or after[k] != v},
                      after={k: v for k, v in after.items() if k == "code" or before[k] != v})
    return row


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a reference pattern, or None."""
    if not pattern or len(pattern) > MAX_PATTERN_LENGTH:
        return _("A pattern of 1 to %(n)d characters.", n=MAX_PATTERN_LENGTH)
    try:
        compiled = re.compile(pattern)
    except re.error as err:
        return _("Not a valid regular expression: %(error)s.", error=str(err))
    if compiled.fullmatch(""):
        return _("The pattern accepts an empty reference.")
    return None


def example_verdict(pattern: str, example: str) -> str | None:
    """Why ``example`` would be refused under ``pattern`` (a valid one), or None if it would be accepted."""
    if not re.fullmatch(pattern, example):
        return _("It does not match the pattern.")
    if contains_personal_number(example):
        return _("It holds a personal identity number, which is always refused.")
    return None


def set_patterns(actor, patterns: dict[str, str]) -> None:
    """Store the ``case_ref``/``person_ref`` patterns that changed; all or none."""
    problems = {field: problem for field, pattern in patterns.items()
                if field in REF_SETTINGS and (problem := pattern_problem(pattern))}
    unknown = set(patterns) - set(REF_SETTINGS)
    problems.update({field: _("Unknown setting.") for field in unknown})
    if problems:
        raise ValidationError(_("The patterns were not saved."), problems)
    for field, pattern in patterns.items():
        before = ref_pattern(field)
        if pattern != before:
            set_ref_pattern(field, pattern)
            record_change("setting.update", "setting", None, actor=actor,
                          before={"key": REF_SETTINGS[field], "value": before},
                          after={"key": REF_SETTINGS[field], "value": pattern})

"""Rules an admin may tune at run time (a number of days), kept in ``setting``; their defaults here."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.audit.services import record_change
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.reference.models import Setting


@dataclass(frozen=True)
class NumberRule:
    #: The ``setting`` key, and the field's name on the admin's page.
    key: str
    label: object
    hint: object
    default: int
    minimum: int
    maximum: int


#: The unit leader's start page flags an accepted referral not started after this many days.
REFERRAL_START_DAYS = NumberRule(
    "referral_start_days", _l("Days an accepted referral may wait to be started"),
    _l("The unit leader's start page lists accepted referrals not started after this many days."),
    default=14, minimum=1, maximum=365)

RULES = {rule.key: rule for rule in (REFERRAL_START_DAYS,)}


def rule_value(rule: NumberRule) -> int:
    """The admin's value of ``rule``, or its default; a stored value that is no longer valid reads as the default."""
    stored = db.session.scalar(select(Setting.value).where(Setting.key == rule.key))
    try:
        value = int(stored) if stored is not None else rule.default
    except ValueError:
        return rule.default
    return value if rule.minimum <= value <= rule.maximum else rule.default


def rule_problem(rule: NumberRule, value) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool) or not rule.minimum <= value <= rule.maximum:
        return _("A whole number from %(min)d to %(max)d.", min=rule.minimum, max=rule.maximum)
    return None


def set_rules(actor, values: dict[str, int]) -> None:
    """Store the rules that changed, each audited; all or none."""
    problems = {key: _("Unknown setting.") for key in values if key not in RULES}
    problems |= {key: problem for key, value in values.items()
                 if key in RULES and (problem := rule_problem(RULES[key], value))}
    if problems:
        raise ValidationError(_("The rules were not saved."), problems)
    for key, value in values.items():
        before = rule_value(RULES[key])
        if value == before:
            continue
        setting = db.session.get(Setting, key) or Setting(key=key)
        setting.value = str(value)
        db.session.add(setting)
        db.session.flush()
        record_change("setting.update", "setting", None, actor=actor,
                      before={"key": key, "value": str(before)}, after={"key": key, "value": str(value)})

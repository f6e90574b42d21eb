"""Creating and editing units."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.audit.services import record_change
from caseflow.errors import NotFound, ValidationError
from caseflow.extensions import db
from caseflow.reference.services import free_text_problem
from caseflow.units.models import Unit

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$")


def unit_by_code(code: str) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise NotFound(_("No unit with code %(code)s.", code=code), {"unit": _("Unknown unit.")})
    return unit


def _validate(code: str, name: str, existing_id: int | None = None) -> dict[str, str]:
    problems = {}
    if not CODE_PATTERN.match(code):
        problems["code"] = _("1 to 16 letters, digits, hyphens or underscores.")
    elif db.session.scalar(select(Unit.id).where(Unit.code == code, Unit.id != (existing_id or -1))):
        problems["code"] = _("A unit with this code already exists.")
    if not name.strip() or len(name) > 120:
        problems["name"] = _("A name of 1 to 120 characters is required.")
    elif problem := free_text_problem(name, 120):
        problems["name"] = problem
    return problems


def create_unit(code: str, name: str) -> Unit:
    if problems := _validate(code, name):
        raise ValidationError(_("The unit was not saved."), problems)
    unit = Unit(code=code, name=name.strip())
    db.session.add(unit)
    db.session.flush()
    record_change("unit.create", "unit", unit.id, after={"code": code, "name": unit.name}, unit_id=unit.id)
    return unit


def update_unit(unit: Unit, *, code: str, name: str, is_active: bool) -> Unit:
    if problems := _validate(code, name, unit.id):
        raise ValidationError(_("The unit was not saved."), problems)
    before = {"code": unit.code, "name": unit.name, "is_active": unit.is_active}
    unit.code, unit.name, unit.is_active = code, name.strip(), is_active
    after = {"code": unit.code, "name": unit.name, "is_active": unit.is_active}
    if before != after:
        record_change("unit.update", "unit", unit.id, before=before, after=after, unit_id=unit.id)
    db.session.flush()
    return unit

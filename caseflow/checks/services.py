"""Recording control checks in bulk."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import insert

from caseflow.audit.services import record_change
from caseflow.checks.models import CheckActor, ControlCheck
from caseflow.db import month_bucket, today_local, utcnow
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.reports.dirty import mark_months_dirty

#: API.md's default case reference: an ASCII letter, then 2 to 32 letters, digits and hyphens in all.
CASE_REF_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9-]{1,31}$")
MAX_CHECKS = 10_000
MAX_PERSONS = 99


def _problems(index: int, row: Mapping) -> dict[str, str]:
    problems = {}
    prefix = f"[{index}]"
    case_ref = row.get("case_ref")
    if not isinstance(case_ref, str) or not CASE_REF_PATTERN.match(case_ref):
        problems[f"{prefix}.case_ref"] = _("2 to 32 letters, digits or hyphens, starting with a letter.")
    performed_on = row.get("performed_on")
    if not isinstance(performed_on, date) or isinstance(performed_on, bool):
        problems[f"{prefix}.performed_on"] = _("A date is required.")
    elif performed_on > today_local():
        problems[f"{prefix}.performed_on"] = _("The date may not be in the future.")
    if row.get("actor") not in {a.value for a in CheckActor}:
        problems[f"{prefix}.actor"] = _("Robot or caseworker.")
    persons = row.get("persons_checked")
    if not isinstance(persons, int) or isinstance(persons, bool) or not 1 <= persons <= MAX_PERSONS:
        problems[f"{prefix}.persons_checked"] = _("A whole number from 1 to %(max)d.", max=MAX_PERSONS)
    return problems


def record_checks(rows: Sequence[Mapping], unit_id: int) -> int:
    """Validate every row, then insert them all in one multi-row INSERT and mark their months dirty.

    Rows are mappings of ``case_ref, performed_on (date), actor, persons_checked``. One bad row
    refuses them all, naming its index. Returns the number of checks recorded.
    """
    if len(rows) > MAX_CHECKS:
        raise ValidationError(_("At most %(max)d checks at a time.", max=MAX_CHECKS))
    problems: dict[str, str] = {}
    for index, row in enumerate(rows):
        problems.update(_problems(index, row))
    if problems:
        raise ValidationError(_("No checks were saved: some are invalid."), problems)
    if not rows:
        return 0
    now = utcnow()
    values = [{"case_ref": row["case_ref"], "performed_on": row["performed_on"],
               "month": month_bucket(row["performed_on"]), "actor": CheckActor(row["actor"]),
               "persons_checked": row["persons_checked"], "unit_id": unit_id, "created_at": now}
              for row in rows]
    db.session.execute(insert(ControlCheck), values)
    months = sorted({v["month"] for v in values})
    mark_months_dirty(months)
    # One audit row per bulk, with counts only: the log never needs the case references.
    record_change("control_check.record", "control_check", None, unit_id=unit_id,
                  after={"count": len(values), "months": months})
    db.session.flush()
    return len(values)

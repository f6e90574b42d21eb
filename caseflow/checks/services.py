"""Recording control checks in bulk."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from flask_babel import gettext as _

from caseflow.audit.services import record_change
from caseflow.bulk import insert_columns
from caseflow.checks.models import CheckActor, ControlCheck
from caseflow.db import today_local, utcnow
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.reference.services import ref_pattern, ref_problems
from caseflow.reports.dirty import mark_months_dirty
from caseflow.reports.sources import Source
from caseflow.workflow.machine import EARLIEST_DATE

MAX_CHECKS = 10_000
MAX_PERSONS = 99
_ACTORS = frozenset(a.value for a in CheckActor)


def _problems(rows: Sequence[Mapping], case_ref_pattern: re.Pattern, today: date) -> dict[str, str]:
    """Every row's problems, named ``[index].field``; empty when the bulk is valid.

    Each rule is applied once per distinct value of its field (a bulk holds a few hundred dates, two
    actors, a few counts), and the case references, all distinct, are checked together: checked row
    by row, validation cost more than the insert. A check takes a list of values and answers a
    problem or None for each.
    """
    def case_ref(values: list) -> list:
        refused = ref_problems("case_ref", [value for value in values if isinstance(value, str)], case_ref_pattern)
        return [refused.get(value) if isinstance(value, str) else _("Required.") for value in values]

    def performed_on(value) -> str | None:
        if not isinstance(value, date) or isinstance(value, bool):
            return _("A date is required.")
        if value > today:
            return _("The date may not be in the future.")
        if value < EARLIEST_DATE:
            return _("The date is out of range.")
        return None

    def actor(value) -> str | None:
        return None if value in _ACTORS else _("Robot or caseworker.")

    def persons_checked(value) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_PERSONS:
            return _("A whole number from 1 to %(max)d.", max=MAX_PERSONS)
        return None

    def each(rule):
        return lambda values: [rule(value) for value in values]

    problems: dict[str, str] = {}
    for field, check in (("case_ref", case_ref), ("performed_on", each(performed_on)),
                         ("actor", each(actor)), ("persons_checked", each(persons_checked))):
        values = [row.get(field) for row in rows]
        try:
            # Keyed by type too: True == 1, but True is no count.
            distinct = list(set(zip(map(type, values), values)))
        except TypeError:  # an unhashable value: every row checked as it is
            refused_rows = enumerate(check(values))
        else:
            refused = {key: problem for key, problem in zip(distinct, check([v for _t, v in distinct])) if problem}
            if not refused:
                continue
            refused_rows = ((index, refused.get((type(value), value))) for index, value in enumerate(values))
        problems.update((f"[{index}].{field}", problem) for index, problem in refused_rows if problem)
    return problems


def record_checks(rows: Sequence[Mapping], unit_id: int | None, *, actor=None) -> int:
    """Validate every row, then insert them all with multi-row INSERTs and mark their months dirty once.

    Rows are mappings of ``case_ref, performed_on (date), actor, persons_checked``. One bad row
    refuses them all, naming its index. ``case_ref`` follows the admin's pattern (read once). ``unit_id``
    None: checks of the municipality as a whole, counted in its figures and in no unit's.
    Returns the number of checks recorded.
    """
    if len(rows) > MAX_CHECKS:
        raise ValidationError(_("At most %(max)d checks at a time.", max=MAX_CHECKS))
    pattern, today = re.compile(ref_pattern("case_ref")), today_local()
    if problems := _problems(rows, pattern, today):
        raise ValidationError(_("No checks were saved: some are invalid."), problems)
    if not rows:
        return 0
    days = [row["performed_on"] for row in rows]
    months_of = {day: Month.of(day) for day in set(days)}
    columns = {"case_ref": [row["case_ref"] for row in rows], "performed_on": days,
               "month": [months_of[day] for day in days], "actor": [row["actor"] for row in rows],
               "persons_checked": [row["persons_checked"] for row in rows]}
    insert_columns(ControlCheck.__table__, columns, {"unit_id": unit_id, "created_at": utcnow()}, len(rows))
    months = sorted(set(months_of.values()))
    mark_months_dirty(months, Source.CONTROL_CHECKS)
    # One audit row per bulk, with counts only: the log never needs the case references.
    record_change("control_check.record", "control_check", None, actor=actor, unit_id=unit_id,
                  after={"count": len(rows), "months": months})
    db.session.flush()
    return len(rows)

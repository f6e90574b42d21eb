"""Action plans, their measures, and the measures' monthly follow-up notes."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.audit.services import record_change
from caseflow.errors import Conflict, ValidationError
from caseflow.extensions import db
from caseflow.items.access import get_item, require_write
from caseflow.items.services import create_item
from caseflow.measures.models import ActionPlan, Measure, MeasureNote
from caseflow.months import past_or_current
from caseflow.reference.services import report_text_problem
from caseflow.units.models import Unit
from caseflow.reports.dirty import mark_months_dirty
from caseflow.reports.sources import Source
from caseflow.workflow.transitions import check_version, flush_versioned


def plan_named(name: str, unit: Unit) -> ActionPlan:
    """The unit's action plan of that name, created when new: another unit's plan of the same name is
    another plan."""
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationError(_("The measure was not saved."), {"plan": _("A plan name of 1 to 200 characters.")})
    if problem := report_text_problem(name, 200):
        raise ValidationError(_("The measure was not saved."), {"plan": problem})
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.unit_id == unit.id, ActionPlan.name == name))
    if plan is None:
        plan = ActionPlan(name=name, unit_id=unit.id)
        db.session.add(plan)
        db.session.flush()
    return plan


def create_measure(actor, *, unit: Unit, plan: str, number: int, title: str, start_on: date,
                   responsible_id: int | None = None, expected_effect: str | None = None,
                   confirm_late: bool = False) -> Measure:
    """A measure of an action plan, in state ``planned``, owned by ``unit``."""
    require_write(actor, unit, "measure")
    action_plan = plan_named(plan, unit)
    if isinstance(number, int) and db.session.scalar(
            select(Measure.id).where(Measure.plan_id == action_plan.id, Measure.number == number)):
        # A conflict with a measure that exists, not a value wrong in itself (the API answers 409).
        raise Conflict(_("The measure was not saved."),
                       {"number": _("The plan already has a measure with this number.")})
    return create_item(actor, Measure, unit, {
        "number": number, "title": title, "start_on": start_on, "responsible_id": responsible_id,
        "expected_effect": expected_effect}, plan_id=action_plan.id,
        confirm_late=confirm_late)


def write_note(actor, measure_id: int, month: int, text: str, *, expected_version: int | None = None) -> MeasureNote:
    """The month's follow-up note of a measure; a second one for the same month edits the first."""
    measure = get_item(actor, measure_id, Measure)
    require_write(actor, measure.unit, measure.kind)
    problems = {}
    month = past_or_current(month)
    if month is None:
        problems["month"] = _("A month up to the current one.")
    if not (text or "").strip():
        problems["text"] = _("Required.")
    elif problem := report_text_problem(text, 4000):
        problems["text"] = problem
    if problems:
        raise ValidationError(_("The note was not saved."), problems)
    author_id = actor.user_id
    note = db.session.scalar(select(MeasureNote).where(MeasureNote.measure_id == measure.id,
                                                       MeasureNote.month == month))
    before = None
    if note is None:
        note = MeasureNote(measure_id=measure.id, month=month, text=text.strip(), author_id=author_id)
        db.session.add(note)
    else:
        check_version(note, expected_version)
        before = {"text": note.text, "author_id": note.author_id}
        note.text, note.author_id = text.strip(), author_id
    flush_versioned()
    record_change("measure_note.write", "measure_note", note.id, actor=actor, before=before,
                  after={"month": month, "text": note.text}, unit_id=measure.unit_id)
    mark_months_dirty([month], Source.MEASURE)
    return note

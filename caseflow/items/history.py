"""The item's whole history, as its page lists it: every transition, and every correction, reassignment
and change its kind records in its own words (``KindSpec.change_labels``) from the audit log, oldest first,
each with who did it and the unit at the time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow.audit.changes import (MISSING, CodeNames, FieldChange, People, field_changes, named_units,
                                    named_users)
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.items.models import Transition, WorkItem
from caseflow.items.registry import kind_spec
from caseflow.items.state_labels import event_label
from caseflow.reports.models import ReportSnapshot
from caseflow.workflow.machine import VOID

#: The audit log's changes to an item of any kind that are no transition, by action, with their history
#: line; a kind names its own (``KindSpec.change_labels``). (A transition's own audit row repeats the
#: transition, so it is not listed twice.)
CHANGE_LABELS = {
    "item.edit": _l("Details corrected"),
    "item.reassign": _l("Reassigned"),
}


def change_label(kind: str | None, action: str):
    """The name of ``action``, a change of an item of ``kind`` that is no transition; None for any other action."""
    if action in CHANGE_LABELS:
        return CHANGE_LABELS[action]
    own = kind_spec(kind).change_labels.get(action) if kind is not None else None
    return own.label if own is not None else None


@dataclass
class HistoryLine:
    what: str
    #: When it happened in reality (a transition's), or None for a change that has no such date.
    effective_on: date | None
    recorded_at: datetime
    who: str
    #: The item's unit when it happened.
    unit: str
    transition: Transition | None = None
    changes: list[FieldChange] = field(default_factory=list)
    #: A transition registered after its month's report was frozen, and confirmed as such.
    is_late: bool = False
    is_void: bool = False


def item_history(item: WorkItem) -> list[HistoryLine]:
    """Every transition and every other change of ``item``, in the order they were recorded."""
    spec = kind_spec(item.kind)
    own = spec.change_labels
    transitions = list(db.session.scalars(
        select(Transition).where(Transition.item_id == item.id).order_by(Transition.id)))
    audits = list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "work_item", AuditEvent.entity_id == item.id,
                                 AuditEvent.action.in_([*CHANGE_LABELS, *own])).order_by(AuditEvent.id)))
    # Who did what, the users the changes name and the units, read once for the page, not once per line.
    people = People(
        {t.actor_user_id for t in transitions} | {a.actor_user_id for a in audits}
        | {u for a in audits for u in named_users(a.before or {}, a.after or {})},
        {t.actor_token_id for t in transitions} | {a.actor_token_id for a in audits},
        {t.unit_id for t in transitions} | {a.unit_id for a in audits}
        | {u for a in audits for u in named_units(a.before or {}, a.after or {})})
    frozen_at = _first_freezes({t.month for t in transitions})
    lines = [_transition_line(item, t, people, frozen_at) for t in transitions]
    # The kind's code names are read once for the page, not once per change.
    names = CodeNames().of(item)
    for a in audits:
        before = a.before or {}
        what = CHANGE_LABELS[a.action] if a.action in CHANGE_LABELS else own[a.action].history_words(before)
        lines.append(HistoryLine(what=str(what), effective_on=None, recorded_at=a.at,
                                 who=people.who(a.actor_user_id, a.actor_token_id),
                                 unit=people.unit(a.unit_id) or MISSING,
                                 changes=field_changes(before, a.after or {}, people, kind=item.kind, names=names)))
    # A stable sort: a transition and the change recorded with it keep the order they were written in.
    return sorted(lines, key=lambda line: line.recorded_at)


def _first_freezes(months: set[int]) -> dict[int, datetime]:
    """When each of the months' report was first frozen, for those that were."""
    if not months:
        return {}
    return dict(db.session.execute(select(ReportSnapshot.month, func.min(ReportSnapshot.frozen_at))
                                   .where(ReportSnapshot.month.in_(months)).group_by(ReportSnapshot.month)).all())


def _transition_line(item, t: Transition, people: People, frozen_at: dict) -> HistoryLine:
    # A transition that neither a person nor a token made is shown by no one.
    who = people.who(t.actor_user_id, t.actor_token_id) if (t.actor_user_id or t.actor_token_id) else MISSING
    frozen = frozen_at.get(t.month)
    return HistoryLine(
        what=event_label(item.kind, t.event), effective_on=t.effective_on, recorded_at=t.recorded_at, who=who,
        unit=people.unit(t.unit_id) or MISSING, transition=t,
        is_late=t.event != VOID and frozen is not None and frozen < t.recorded_at, is_void=t.event == VOID)

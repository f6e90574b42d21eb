"""The item's whole history, as its page lists it: every transition, and every correction, reassignment,
consent and KIR check from the audit log, oldest first, each with who did it and the unit at the time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from caseflow.api.models import ApiToken
from caseflow.audit.models import AuditEvent
from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.items.models import Transition, WorkItem
from caseflow.items.registry import kind_spec
from caseflow.items.state_labels import event_label
from caseflow.reports.models import ReportSnapshot
from caseflow.units.models import Unit
from caseflow.workflow.machine import VOID

#: The audit log's changes to an item that are no transition, by action, with their history line.
#: (A transition's own audit row repeats the transition, so it is not listed twice.)
CHANGE_LABELS = {
    "item.edit": _l("Details corrected"),
    "item.reassign": _l("Reassigned"),
    "item.kir_check": _l("KIR check"),
    "item.consent": _l("Consent recorded"),
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


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
    transitions = list(db.session.scalars(
        select(Transition).where(Transition.item_id == item.id)
        .options(selectinload(Transition.actor), selectinload(Transition.actor_token)).order_by(Transition.id)))
    audits = list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "work_item", AuditEvent.entity_id == item.id,
                                 AuditEvent.action.in_(list(CHANGE_LABELS))).order_by(AuditEvent.id)))
    users = _by_id(User, {a.actor_user_id for a in audits} | _user_values(audits))
    tokens = _by_id(ApiToken, {a.actor_token_id for a in audits})
    units = _by_id(Unit, {t.unit_id for t in transitions} | {a.unit_id for a in audits})
    frozen_at = _first_freezes({t.month for t in transitions})
    lines = [_transition_line(item, t, units, frozen_at) for t in transitions]
    # The kind's code names and field labels are read once for the page, not once per change.
    spec = kind_spec(item.kind)
    names = spec.value_names(item)
    labels = {"owner_id": _l("Owner"), "case_ref": _l("Case reference (household)"), **spec.field_labels}
    lines += [_change_line(a, users, tokens, units, names, labels) for a in audits]
    # A stable sort: a transition and the change recorded with it keep the order they were written in.
    return sorted(lines, key=lambda line: line.recorded_at)


def _by_id(model, ids: set) -> dict:
    ids = {i for i in ids if i is not None}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}


def _user_values(audits: list[AuditEvent]) -> set[int]:
    """Users a change names as a value (an owner, a coordinator, a measure's responsible leader)."""
    return {value for a in audits for side in (a.before or {}, a.after or {})
            for name, value in side.items() if name.endswith("_id") and isinstance(value, int)}


def _first_freezes(months: set[int]) -> dict[int, datetime]:
    """When each of the months' report was first frozen, for those that were."""
    if not months:
        return {}
    return dict(db.session.execute(select(ReportSnapshot.month, func.min(ReportSnapshot.frozen_at))
                                   .where(ReportSnapshot.month.in_(months)).group_by(ReportSnapshot.month)).all())


def _transition_line(item, t: Transition, units: dict, frozen_at: dict) -> HistoryLine:
    if t.actor is not None:
        who = t.actor.display_name
    elif t.actor_token is not None:
        who = _("API token %(name)s", name=t.actor_token.name)
    else:
        who = "–"
    frozen = frozen_at.get(t.month)
    return HistoryLine(
        what=event_label(item.kind, t.event), effective_on=t.effective_on, recorded_at=t.recorded_at, who=who,
        unit=units[t.unit_id].name if t.unit_id in units else "–", transition=t,
        is_late=t.event != VOID and frozen is not None and frozen < t.recorded_at, is_void=t.event == VOID)


def _change_line(a: AuditEvent, users: dict, tokens: dict, units: dict, names: dict, labels: dict) -> HistoryLine:
    if a.actor_user_id in users:
        who = users[a.actor_user_id].display_name
    elif a.actor_token_id in tokens:
        who = _("API token %(name)s", name=tokens[a.actor_token_id].name)
    else:
        who = _("Caseflow")
    before, after = a.before or {}, a.after or {}
    changes = [FieldChange(str(labels.get(name, name)), _value(before.get(name), name, names, users),
                           _value(after.get(name), name, names, users))
               for name in after if name in before or a.action != "item.edit"]
    what = CHANGE_LABELS[a.action]
    if a.action == "item.consent":
        what = _l("Consent given") if before.get("consent_on") is None else _l("Consent date moved")
    return HistoryLine(what=str(what), effective_on=None, recorded_at=a.at, who=who,
                       unit=units[a.unit_id].name if a.unit_id in units else "–", changes=changes)


def _value(value, name: str, names: dict, users: dict) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name.endswith("_id") and isinstance(value, int) and value in users:
        return users[value].display_name
    return str(names.get(name, {}).get(str(value), value))

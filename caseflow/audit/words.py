"""The logs in words, as the log review shows them and its CSV writes them: who (by name), what (the
kind's own name of the event), which item (by case, as people know it, linked when the reader may see
it), and each field's value before and after under the field's label.

Names no kind: an item's words come from its kind's declaration (``caseflow.items.registry``) and
labels (``caseflow.kinds``). Reads a page of rows in a fixed number of queries, whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.audit.changes import (CodeNames, FieldChange, People, by_id, chunked, field_changes, named_units,
                                    named_users)
from caseflow.extensions import db
from caseflow.items.access import visible
from caseflow.items.history import change_label
from caseflow.items.models import WorkItem
from caseflow.items.registry import kind_spec, kinds
from caseflow.items.state_labels import event_label, kind_label

#: Keys of the audit rows' before/after whose values name a household or a person (a search's reference).
REFERENCE_KEYS = frozenset({"case_ref", "person_ref", "reference"})
MASK = "•••"

#: The log's actions that concern no single item's kind, in words; an action not named here is shown
#: as its code (a new one is still readable, if not yet in words).
ACTION_LABELS = {
    "auth.login": _l("Signed in"),
    "auth.login_failed": _l("Failed sign-in"),
    "auth.logout": _l("Signed out"),
    "audit.export": _l("Log exported"),
    "items.list": _l("List viewed"),
    "items.search": _l("Searched"),
    "item.access_refused": _l("Access refused"),
    "control_check.record": _l("Control check recorded"),
    "measure_note.write": _l("Follow-up note written"),
    "reference.create": _l("Reference value added"),
    "reference.update": _l("Reference value changed"),
    "report.freeze": _l("Report frozen"),
    "setting.update": _l("Setting changed"),
    "token.create": _l("API token created"),
    "token.revoke": _l("API token revoked"),
    "unit.create": _l("Unit created"),
    "unit.update": _l("Unit changed"),
    "user.create": _l("User created"),
    "user.update": _l("User changed"),
    "user.password": _l("Password changed"),
    "figures.import": _l("Figures imported"),
    "demo.volume": _l("Demo data created"),
    "calendar.meeting_add": _l("Committee meeting added"),
    "calendar.meeting_move": _l("Committee meeting moved"),
    "calendar.meeting_delete": _l("Committee meeting removed"),
    "calendar.settings": _l("Calendar settings changed"),
    "calendar_feed.create": _l("Calendar subscription created"),
    "calendar_feed.fetch": _l("Calendar subscription read"),
    "calendar_feed.revoke": _l("Calendar subscription revoked"),
    "quality.draw": _l("Cases drawn for quality review"),
    "report.target": _l("Target set"),
    "report.target_delete": _l("Target removed"),
    "report.text": _l("Report text written"),
}

#: The things the log names besides items.
ENTITY_LABELS = {
    "user_account": _l("User"), "unit": _l("Unit"), "api_token": _l("API token"),
    "report_snapshot": _l("Report"), "measure_note": _l("Follow-up note"), "setting": _l("Setting"),
    "access_log": _l("Access log"), "audit_event": _l("Audit log"), "control_check": _l("Control checks"),
    "figure_import": _l("Figures import"), "committee_meeting": _l("Committee meeting"),
    "calendar_settings": _l("Calendar settings"), "calendar_feed": _l("Calendar subscription"),
    "quality_draw": _l("Quality review draw"), "report_target": _l("Target"), "report_text": _l("Report text"),
}

CHANNEL_LABELS = {"web": _l("Web"), "api": _l("API")}


@dataclass
class LogLine:
    """One row of a log, in words."""

    row: object
    who: str
    what: str
    #: The thing the row is about, as people know it (an item by its kind and case).
    subject: str
    #: The item's page, when the reader may see the item.
    item_id: int | None
    unit: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def changes_text(self) -> str:
        return "; ".join(str(change) for change in self.changes)


def masked_for(actor):
    """How ``actor`` sees an audit row's before/after: a unit's leader as written; anyone else (an
    admin, who reviews every unit but works no case) with each ``case_ref`` and ``person_ref`` masked."""
    if actor.needs_unit:
        return lambda value: value

    def mask(value):
        if isinstance(value, dict):
            return {k: (MASK if k in REFERENCE_KEYS and v else mask(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [mask(v) for v in value]
        return value
    return mask


def _visible_ids(actor, ids) -> set[int]:
    seen: set[int] = set()
    for chunk in chunked(ids):
        seen |= set(db.session.scalars(visible(actor, select(WorkItem.id)).where(WorkItem.id.in_(chunk))))
    return seen


class _Context:
    """What a page of rows names: its users, tokens, units and items, each read once."""

    def __init__(self, actor, rows, users_of, tokens_of, items_of):
        self.rows = rows
        self.mask = masked_for(actor)
        item_ids = {i for r in self.rows for i in items_of(r)}
        self.items = by_id(WorkItem, item_ids)
        self.may_see = _visible_ids(actor, item_ids)
        self.people = People(
            {users_of(r) for r in self.rows} | {v for r in self.rows for v in named_users(r_before(r), r_after(r))},
            {tokens_of(r) for r in self.rows},
            {r.unit_id for r in self.rows} | {v for r in self.rows for v in named_units(r_before(r), r_after(r))})
        self.code_names = CodeNames()

    def who(self, user_id, token_id) -> str:
        return self.people.who(user_id, token_id)

    def unit(self, unit_id) -> str:
        return self.people.unit(unit_id)

    def item_words(self, item_id) -> tuple[str, int | None]:
        """The item as people know it, and its id to link, when the reader may see it; else its kind and number."""
        item = self.items.get(item_id)
        if item is None:
            return _("Item %(id)s", id=item_id), None
        if item_id not in self.may_see:
            return _("%(kind)s no. %(id)s", kind=kind_label(item.kind), id=item_id), None
        title = kind_spec(item.kind).page_title(item)
        return (str(title) if title else f"{kind_label(item.kind)} {item.case_ref or ''}".strip()), item_id


def r_before(row) -> dict:
    return getattr(row, "before", None) or {}


def r_after(row) -> dict:
    return getattr(row, "after", None) or {}


def _item_of(row) -> list[int]:
    return [row.entity_id] if row.entity == "work_item" and row.entity_id else []


def audit_lines(actor, rows) -> list[LogLine]:
    """The audit log's ``rows`` in words, for ``actor`` (references masked as ``masked_for`` says)."""
    context = _Context(actor, rows, lambda r: r.actor_user_id, lambda r: r.actor_token_id, _item_of)
    lines = []
    for row in rows:
        item = context.items.get(row.entity_id) if row.entity == "work_item" else None
        if row.entity == "work_item" and row.entity_id:
            subject, link = context.item_words(row.entity_id)
        elif row.entity == "work_item":
            subject, link = _("Items"), None
        else:
            subject = str(ENTITY_LABELS.get(row.entity, row.entity))
            subject, link = (f"{subject} {row.entity_id}" if row.entity_id else subject), None
        before, after = context.mask(r_before(row)), context.mask(r_after(row))
        lines.append(LogLine(row=row, who=context.who(row.actor_user_id, row.actor_token_id),
                             what=_action_words(row, item), subject=subject, item_id=link,
                             unit=context.unit(row.unit_id),
                             changes=_changes(before, after, item, context)))
    return lines


def access_lines(actor, rows) -> list[LogLine]:
    """The access log's ``rows`` in words."""
    context = _Context(actor, rows, lambda r: r.user_id, lambda r: r.token_id, lambda r: [r.item_id])
    lines = []
    for row in rows:
        subject, link = context.item_words(row.item_id)
        lines.append(LogLine(row=row, who=context.who(row.user_id, row.token_id), what=str(
            CHANNEL_LABELS.get(row.channel, row.channel)), subject=subject, item_id=link,
            unit=context.unit(row.unit_id)))
    return lines


def _action_words(row, item) -> str:
    kind = item.kind if item is not None else r_after(row).get("kind")
    kind = kind if kind in kinds() else None
    if label := change_label(kind, row.action):
        return str(label)
    if row.action in ACTION_LABELS:
        return str(ACTION_LABELS[row.action])
    if row.action.startswith("item.") and kind is not None:
        return event_label(kind, row.action.removeprefix("item."))
    return row.action


def _changes(before: dict, after: dict, item, context: _Context) -> list[FieldChange]:
    # The kind whose states and codes the values name: the item's, or the list's.
    kind = item.kind if item is not None else after.get("list") if after.get("list") in kinds() else None
    names = context.code_names.of(item) if item is not None else {}
    return field_changes(before, after, context.people, kind=kind, names=names)

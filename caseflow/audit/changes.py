"""An audit row's before and after in words, field by field, and who made it: shared by the item's history
(``caseflow.items.history``) and the log review (``caseflow.audit.words``).

The users, API tokens and units a page of rows names are read once for the page (:class:`People`), the
names of a kind's codes once per kind (:class:`CodeNames`), so a page's queries do not grow with its rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.api.models import ApiToken
from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.formatting import month_label, number
from caseflow.items.registry import kind_spec, kinds
from caseflow.items.state_labels import kind_label, state_label
from caseflow.units.models import Unit

MISSING = "–"
#: Ids are looked up this many at a time (an export reads up to 50 000 rows).
_CHUNK = 900

#: The fields of rows that are no item's own, and an item's shared ones; a kind names its own
#: (``KindSpec.field_labels``).
FIELD_LABELS = {
    "state": _l("State"), "owner_id": _l("Owner"), "case_ref": _l("Case reference (household)"),
    "person_ref": _l("Person reference"), "kind": _l("Kind"), "unit_id": _l("Unit"),
    "effective_on": _l("Date it happened"), "reason": _l("Reason"), "list": _l("List"), "filter": _l("Filter chosen"),
    "filters": _l("Filter chosen"), "rows": _l("Matches"), "shown": _l("Items shown"), "reference": _l("Reference"),
    "user": _l("User"), "username": _l("Username"), "display_name": _l("Name"), "role": _l("Role"),
    "is_active": _l("Active"), "email": _l("E-mail address"), "item_id": _l("Item number"), "from": _l("From date"),
    "to": _l("To date"), "month": _l("Month"), "late": _l("Only late"), "name": _l("Name"), "code": _l("Code"),
    "months": _l("Months"), "count": _l("How many"), "version": _l("Version"), "comment": _l("Comment"),
    "committee_on": _l("Date of the committee meeting"), "meets_on": _l("Date of the committee meeting"),
    "source": _l("Source"), "file_name": _l("File name"), "values": _l("Values"), "seed": _l("Seed"),
    "n": _l("Sample size"), "items": _l("Items"), "title": _l("Title"), "direction": _l("Direction"),
    "value": _l("Value"), "period": _l("Period"),
}
#: Fields that hold a month (``202611``, or ``"2026-11"``): shown as the committee tables name it, nov-26.
MONTH_KEYS = frozenset({"month", "months"})
#: Fields that hold how many of something: written as Swedish numbers are (1 380).
NUMBER_KEYS = frozenset({"count", "values", "rows", "n"})


@dataclass(frozen=True)
class FieldChange:
    label: str
    #: None: the row holds no value before (a creation, a search).
    before: str | None
    after: str | None

    def __str__(self) -> str:
        if self.before is None:
            return f"{self.label}: {self.after}"
        if self.after is None:
            return f"{self.label}: {self.before} →"
        return f"{self.label}: {self.before} → {self.after}"


def chunked(ids: Iterable) -> list[list]:
    ids = sorted(i for i in set(ids) if i is not None)
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def by_id(model, ids: Iterable) -> dict:
    """The rows of ``model`` with these ids (None and repeats ignored), by id; no query for none."""
    found = {}
    for chunk in chunked(ids):
        found |= {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(chunk)))}
    return found


def named_users(before: dict, after: dict) -> set[int]:
    """The users a row names as values (an owner, a coordinator, a measure's responsible leader)."""
    return {v for side in (before, after) for k, v in side.items()
            if k.endswith("_id") and k not in ("unit_id", "item_id") and isinstance(v, int)}


def named_units(before: dict, after: dict) -> set[int]:
    return {v for side in (before, after) for k, v in side.items() if k == "unit_id" and isinstance(v, int)}


class People:
    """The users, API tokens and units a page of rows names, each kind of them read in one query."""

    def __init__(self, user_ids: Iterable = (), token_ids: Iterable = (), unit_ids: Iterable = ()):
        self.users = by_id(User, user_ids)
        self.tokens = by_id(ApiToken, token_ids)
        self.units = by_id(Unit, unit_ids)

    def who(self, user_id, token_id) -> str:
        """Who did it: a user by name, an API token by its name, or Caseflow itself (neither)."""
        if user_id in self.users:
            return self.users[user_id].display_name
        if token_id in self.tokens:
            return _("API token %(name)s", name=self.tokens[token_id].name)
        return _("Caseflow") if user_id is None and token_id is None else MISSING

    def unit(self, unit_id) -> str:
        return self.units[unit_id].name if unit_id in self.units else ""


class CodeNames:
    """The names of the kinds' codes, read once per kind (again only for an item holding a code not yet
    named: one since deactivated)."""

    def __init__(self):
        self._names: dict = {}

    def of(self, item) -> dict:
        names = self._names.get(item.kind)
        if names is None or any(getattr(item, key, None) is not None and not isinstance(getattr(item, key), list)
                                and str(getattr(item, key)) not in known for key, known in names.items()):
            fresh = kind_spec(item.kind).value_names(item)
            names = {key: {**(names or {}).get(key, {}), **known} for key, known in fresh.items()}
            self._names[item.kind] = names
        return names


def field_labels(kind: str | None) -> dict:
    """The labels of the fields a row of ``kind`` (None: of no kind) names."""
    return FIELD_LABELS | dict(kind_spec(kind).field_labels) if kind is not None else dict(FIELD_LABELS)


def field_changes(before: dict, after: dict, people: People, *, kind: str | None = None,
                  names: dict | None = None) -> list[FieldChange]:
    """Each field of a row, after's first, with its value before and after (None where the row holds none)."""
    labels = field_labels(kind)
    names = names or {}
    keys = list(after) + [k for k in before if k not in after]
    return [FieldChange(str(labels.get(k, k)),
                        value_words(k, before[k], kind, names, people, labels) if k in before else None,
                        value_words(k, after[k], kind, names, people, labels) if k in after else None)
            for k in keys]


def value_words(key: str, value, kind, names: dict, people: People, labels: dict) -> str:
    """A value in words: yes or no, a state, a code, a person, a unit or a kind by name; a list of items
    by their number; a date as the row keeps it (ISO)."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key == "state" and kind is not None:
        return state_label(kind, value)
    if key in ("kind", "list") and value in kinds():
        return kind_label(value)
    if key == "unit_id" and isinstance(value, int):
        return people.unit(value) or str(value)
    if key.endswith("_id") and isinstance(value, int) and value in people.users:
        return people.users[value].display_name
    if key in MONTH_KEYS and not isinstance(value, (list, dict)):
        return _month_words(value)
    if key in MONTH_KEYS and isinstance(value, list):
        return ", ".join(_month_words(v) for v in value)
    if key in NUMBER_KEYS and isinstance(value, int):
        return number(value)
    if key == "shown" and isinstance(value, list):
        return _("%(n)s items", n=len(value))
    if isinstance(value, dict):
        # A list's order is how it was shown, not what was looked for: left out.
        return ", ".join(f"{labels.get(k, FIELD_LABELS.get(k, k))}: "
                         f"{value_words(k, v, kind, names, people, labels)}" for k, v in value.items()
                         if v not in (None, {}, []) and k != "sort")
    if isinstance(value, list):
        return ", ".join(str(names.get(key, {}).get(str(v), v)) for v in value)
    return str(names.get(key, {}).get(str(value), value))


def _month_words(value) -> str:
    """A month as the committee's tables name it; anything else as the row keeps it."""
    try:
        return month_label(value)
    except (TypeError, ValueError):
        return str(value)

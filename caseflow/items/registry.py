"""Every kind's declaration, found through the packages ``caseflow.kinds`` lists: the shared code
(``items/``, ``api/``, ``reports/``) asks here and names no kind.

A kind's package declares in its ``kind`` module a ``KINDS`` tuple of :class:`KindSpec`: what the
item page shows and offers, what the item waits for, and the rule of each field a person may set.
Its machine, labels and metric source are in its ``states`` module (``caseflow.kinds``), its model
beside them. Looked up on first use, as invenio-requests finds request types through a registry,
so the kinds' modules, which build on ``items/``, are never imported back by it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from caseflow.items.models import WorkItem
from caseflow.kinds import PACKAGES

#: ``rule(value, unit_id)`` → a message saying what is wrong, or None (``caseflow.items.validation``).
Rule = Callable[[object, int], object]


@dataclass(frozen=True)
class Todo:
    """A section of the start page (*Mina ärenden*): the kind's items that need action within the week."""

    #: The section's id (``answers``, ``meetings``, ``follow-ups``).
    name: str
    #: The section's heading, what it says when empty, and what each row links to ("SIP meeting").
    title: object
    empty: object
    what: object
    #: ``narrow(stmt, today)``: the reader's own and the unit's unowned items of the kind (``stmt``)
    #: narrowed to those that need action; one query, at most LIMIT rows.
    narrow: Callable
    #: The columns that order the rows as they fall due (after the reader's own first).
    order_by: tuple
    #: The row's due date (the kind's ``due_on`` unless the section waits for something else).
    due_on: Callable[[object], date]
    #: The page to act on: the item's own, or another's (a follow-up is booked on its plan's page).
    target_id: Callable[[object], int] = lambda item: item.id


@dataclass(frozen=True)
class ListChoice:
    """A filter of the kind's list beyond the shared ones: one of a coded field's values (a referral's
    target, its försörjningshinder), chosen by name."""

    #: The query string's key.
    name: str
    label: object
    #: ``column()`` → the column compared.
    column: Callable
    #: ``choices()`` → [(code, name)], in the order offered.
    choices: Callable[[], list]


@dataclass(frozen=True)
class Summary:
    """Who and what an item is about, for a row of a start page: a person reference (None for a kind
    that names no person) and a few words of what (a referral's target, a meeting's kind)."""

    who: str | None
    what: str


@dataclass(frozen=True)
class WatchRow:
    """A row of a unit leader's watch: the item, when it falls due, and what the rule says of it."""

    item: object
    due_on: date | None
    #: The traffic light (``caseflow.items.deadlines.TimeState``).
    light: object
    #: What the rule found, in words ("Antagen 2026-11-02, inte påbörjad efter 34 dagar").
    detail: str
    #: The page to act on.
    target_id: int


@dataclass(frozen=True)
class Watch:
    """A section of the unit leader's start page: the unit's items of the kind that a rule flags."""

    #: The section's id (``accepted-not-started``).
    name: str
    title: object
    empty: object
    #: ``find(actor, today, limit)`` → the unit's flagged items as :class:`WatchRow`, at most ``limit``,
    #: in a fixed number of queries.
    find: Callable
    #: ``explain(today)`` → the rule in a sentence under the heading, or None.
    explain: Callable[[date], object | None] = lambda today: None


@dataclass(frozen=True)
class ChangeLabel:
    """A change of the kind's items that the audit log records under the kind's own action (a KIR check):
    its name in the log review, and its line in the item's history."""

    label: object
    #: ``line(before)`` → the history's words for one such change, when what it changed tells more (consent
    #: given, or its date moved); None: ``label``.
    line: Callable[[dict], object] | None = None

    def history_words(self, before: dict) -> object:
        return self.line(before) if self.line is not None else self.label


def _nothing(*args) -> None:
    return None


def _no_forms(item, actor, bound: dict, fresh: Callable) -> dict:
    return {}


def _nothing_more(item) -> dict:
    return {}


def _kind_only(item) -> Summary:
    return Summary(None, "")


@dataclass(frozen=True)
class KindSpec:
    #: ``work_item.kind``: the name ``caseflow.kinds`` registers its machine under.
    name: str
    #: The partial that shows the kind's own fields and forms on the item page.
    page_template: str
    #: The rule of each field a person may set on creation or correct later.
    field_rules: Mapping[str, Rule] = field(default_factory=dict)
    #: Each field a person sets, named as the history shows a correction of it (``caseflow.items.history``).
    field_labels: Mapping[str, object] = field(default_factory=dict)
    #: The kind's own audit actions that change an item but are no transition (a KIR check), by action,
    #: in words: each one a line of the item's history (``caseflow.items.history``) and the log review.
    change_labels: Mapping[str, ChangeLabel] = field(default_factory=dict)
    #: The names of coded values by field, for the history: ``value_names(item)`` → {field: {code: name}}.
    value_names: Callable[[object], dict] = _nothing_more
    #: The form of the fields a person corrects on the item page (None: corrected elsewhere).
    edit_form: type | None = None
    #: What the item waits for: its due date in its current state, or None.
    due_on: Callable[[object], date | None] = _nothing
    #: ``due_before(day)``: ``due_on`` as SQL, the condition "due before ``day``" (so "late" is
    #: ``due_before(today)``), for counting many items at once (the caseload); None for a kind that
    #: waits for nothing.
    due_before: Callable[[date], object] | None = None
    #: The kind's own forms of the item page beside events and corrections, by slot:
    #: ``forms(item, actor, bound, fresh)``, ``fresh(form_class, slot, **data)`` making an unposted one.
    page_forms: Callable[..., dict] = _no_forms
    #: The kind's own form of an event that asks more than the shared ones do, by event name (a meeting
    #: held asks its next follow-up).
    event_forms: Mapping[str, type] = field(default_factory=dict)
    #: The reference table of the outcomes an event that needs one chooses from (a referral's completion).
    outcomes: type | None = None
    #: The page's heading, when the kind names its items better than by kind and household.
    page_title: Callable[[object], str | None] = _nothing
    #: What the kind's partial needs besides the item (names of its codes, a plan's meetings).
    page_context: Callable[[object], dict] = _nothing_more
    #: The start page's sections for the kind's items.
    todo: tuple[Todo, ...] = ()
    #: Who and what an item is about, on the start pages' rows; reads only what the rows' queries
    #: load (the item, a meeting's plan), so the pages' queries do not grow with their rows.
    summary: Callable[[object], Summary] = _kind_only
    #: The unit leader's start page: the sections of the kind's items a rule flags for follow-up.
    watch: tuple[Watch, ...] = ()
    #: Loader options for a list of items of every kind that shows their due dates (the reassignment):
    #: what ``due_on`` reads beyond the item, loaded once for the page (a meeting's plan).
    row_options: tuple = ()
    #: The kind's own fields in the API's answers, named as there (``caseflow.api.views_items``).
    api_fields: tuple[str, ...] = ()
    #: What else the API's answer says of the item (a measure's plan by name).
    api_extra: Callable[[object], dict] = _nothing_more
    #: ``plan_lines(month, unit_id)``: the kind's lines in the committee report's action plan
    #: (``caseflow.reports.plan_lines``); None for a kind that keeps no plan.
    plan_lines: Callable[[int, int | None], list] | None = None
    #: The references a search finds the kind's items by (``caseflow.items.search``): columns of the
    #: kind's tables, or reached from them (a meeting's plan's ``person_ref``), compared by prefix.
    #: Empty: the kind is not searched (a measure belongs to no household).
    searchable: tuple = (WorkItem.case_ref,)
    #: The list's filters of the kind's own coded fields (``caseflow.items.listing``).
    list_filters: tuple[ListChoice, ...] = ()
    #: ``due_on`` in SQL, for the list's due-date sort: ``due_order()`` → an expression that orders the
    #: items as their due dates do (NULL where there is none); the list's "only late" filter is
    #: ``due_before(today)``. None: the kind has no due dates. tests/items/test_due_in_sql.py checks
    #: both agree with ``due_on``.
    due_order: Callable | None = None
    #: ``report_sections(context)``: the kind's own sections of the committee report
    #: (``caseflow.reports.layout.Section``), built from a ``caseflow.reports.tables.ReportContext``
    #: (the catalog's figures, the month, the month tables' months, the action plan's lines) only, as
    #: every section is. None: the kind has no section.
    report_sections: Callable[..., tuple] | None = None
    #: Where the kind's sections stand among the kinds' in the committee report, smallest first: all of
    #: them after the checks and before the series (``caseflow.reports.committee``); its key figures
    #: follow the same order. Declared, so the report's order is no accident of ``caseflow.kinds``'s;
    #: tests/reports/test_kind_sections.py checks no two kinds share one.
    report_position: int = 0
    #: ``key_figures(context)`` → the kind's lines among the report's key figures
    #: (``caseflow.reports.tables.KeyFigures``), after the report's own; None for a kind that has none.
    key_figures: Callable[..., object] | None = None
    #: ``calendar_events(user, start, end)``: the user's own items of the kind as events of their
    #: calendar feed between two days (``caseflow.feeds``); None for a kind that has none.
    calendar_events: Callable | None = None

    def api_answer(self, item) -> dict:
        """The kind's own part of the API's answer for ``item``."""
        return {name: getattr(item, name) for name in self.api_fields} | self.api_extra(item)


@cache
def kinds() -> dict[str, KindSpec]:
    """Every registered kind by name, in the order ``caseflow.kinds`` lists the packages."""
    specs = {}
    for package in PACKAGES:
        for spec in importlib.import_module(f"caseflow.{package}.kind").KINDS:
            specs[spec.name] = spec
    return specs


def model_of(kind: str) -> type[WorkItem]:
    """The model of ``kind``'s items."""
    return WorkItem.__mapper__.polymorphic_map[str(kind)].class_


def kind_spec(name: str) -> KindSpec:
    return kinds()[str(name)]

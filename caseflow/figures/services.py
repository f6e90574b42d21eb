"""Recording figure imports and reading the figures that stand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from caseflow.audit.services import actor_ids, record_change
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.figures.keys import FIGURE_SPECS, FigureKey
from caseflow.figures.models import FigureImport, FigureValue, ImportSource
from caseflow.reference.models import ReportGroup
from caseflow.reports.dirty import mark_months_dirty
from caseflow.reports.sources import Source


@dataclass(frozen=True)
class Figure:
    month: int
    key: FigureKey
    value: Decimal
    #: The report group's code for a figure by group (``FigureSpec.by_group``); else empty.
    group: str = ""


def value_problem(key: str, value: Decimal) -> str | None:
    """Why ``value`` is not a valid ``key`` figure, or None."""
    spec = FIGURE_SPECS[key]
    if value < 0:
        return _("Must not be negative.")
    if spec.is_whole and value != value.to_integral_value():
        return _("Must be a whole number.")
    if spec.maximum is not None and value > spec.maximum:
        return _("A percentage from 0 to 100.")
    if value.as_tuple().exponent < -4 or abs(value) >= Decimal(10) ** 14:
        return _("At most 14 digits before the decimal mark and 4 after.")
    return None


def record_import(figures: Sequence[Figure], *, source: ImportSource, file_name: str | None = None,
                  actor=None) -> FigureImport:
    """Store one import of already validated figures and mark its months dirty.

    Every earlier import stays; for each month and key the latest import wins.
    """
    if not figures:
        raise ValidationError(_("The import holds no figures."))
    seen: set[tuple[int, str, str]] = set()
    for figure in figures:
        if (figure.month, figure.key, figure.group) in seen:
            raise ValidationError(_("A month and key may appear only once in an import."))
        seen.add((figure.month, figure.key, figure.group))
    months = sorted({f.month for f in figures})
    user_id, token_id = actor_ids(actor)
    figure_import = FigureImport(source=source, file_name=file_name, user_id=user_id,
                                 token_id=token_id, value_count=len(figures),
                                 first_month=months[0], last_month=months[-1])
    db.session.add(figure_import)
    db.session.flush()
    db.session.add_all(FigureValue(import_id=figure_import.id, month=f.month, key=FigureKey(f.key),
                                   value=f.value, group_code=f.group) for f in figures)
    mark_months_dirty(months, Source.FIGURES)
    record_change("figures.import", "figure_import", figure_import.id, actor=actor,
                  after={"source": source.value, "file_name": file_name, "values": len(figures),
                         "months": months})
    db.session.flush()
    return figure_import


def report_group_codes() -> dict[str, ReportGroup]:
    """The report groups a figure by group may name, active or not (an old month's table may
    name a group since retired), by code."""
    return {group.code: group for group in db.session.scalars(select(ReportGroup))}


def latest_import():
    """The latest import that gave a figure's key for its month: it stands, with all its groups (an
    import of a table by group replaces the whole table, not group by group)."""
    newer = aliased(FigureValue)
    return (select(func.max(newer.import_id))
            .where(newer.key == FigureValue.key, newer.month == FigureValue.month).scalar_subquery())


def current_figures(month: int) -> dict[str, Decimal | dict[str, Decimal]]:
    """The figures of ``month`` that stand now: each key's value in its latest import, and for a
    figure by group its value for each group."""
    rows = db.session.execute(select(FigureValue.key, FigureValue.group_code, FigureValue.value)
                              .where(FigureValue.month == month, FigureValue.import_id == latest_import())
                              .order_by(FigureValue.key, FigureValue.group_code))
    found: dict[str, Decimal | dict[str, Decimal]] = {}
    for key, group, value in rows:
        if group:
            found.setdefault(key.value, {})[group] = value  # type: ignore[index]
        else:
            found[key.value] = value
    return found


@dataclass(frozen=True)
class ImportedValue:
    """A figure of an import as its page shows it: what it replaced, and what replaced it since."""

    value: FigureValue
    replaced: Decimal | None
    replaced_by: int | None


def import_rows(figure_import: FigureImport) -> list[ImportedValue]:
    """Each figure of ``figure_import`` with the value of the import before it that gave its key,
    month and group, and the later import that gave its key and month, if any (which then stands)."""
    values = figure_import.values
    keys, months = {v.key for v in values}, {v.month for v in values}
    others = db.session.execute(
        select(FigureValue.import_id, FigureValue.key, FigureValue.month, FigureValue.group_code, FigureValue.value)
        .where(FigureValue.key.in_(keys), FigureValue.month.in_(months), FigureValue.import_id != figure_import.id)
        .order_by(FigureValue.import_id)).all()
    before: dict[tuple, Decimal] = {}
    after: dict[tuple, int] = {}
    for import_id, key, month, group, value in others:
        if import_id < figure_import.id:
            before[(key, month, group)] = value  # ordered: the latest earlier import's is kept
        else:
            after.setdefault((key, month), import_id)
    return [ImportedValue(v, before.get((v.key, v.month, v.group_code)), after.get((v.key, v.month)))
            for v in values]


@dataclass(frozen=True)
class GroupFigure:
    """A figure of one report group in one month, with the group's names as they stand."""

    key: str
    month: int
    group: str
    name_sv: str
    name_en: str
    order: int
    value: Decimal

    def as_json(self) -> dict:
        return {**self.__dict__, "value": str(self.value)}

    @classmethod
    def from_json(cls, data: dict) -> GroupFigure:
        return cls(**{**data, "value": Decimal(data["value"])})


def group_figures(first: int, last: int) -> list[GroupFigure]:
    """The figures by report group of the months ``first`` to ``last`` that stand now, in the
    groups' order; one statement."""
    rows = db.session.execute(
        select(FigureValue.key, FigureValue.month, FigureValue.group_code, ReportGroup.name_sv,
               ReportGroup.name_en, ReportGroup.sort_order, FigureValue.value)
        .join(ReportGroup, ReportGroup.code == FigureValue.group_code)
        .where(FigureValue.month.between(first, last), FigureValue.group_code != "",
               FigureValue.import_id == latest_import())
        .order_by(FigureValue.month, ReportGroup.sort_order, FigureValue.key))
    return [GroupFigure(key.value, month, group, sv, en, order, value)
            for key, month, group, sv, en, order, value in rows]

"""The committee report of a month, live or as frozen, what changed between the two, and its files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from caseflow.db import STOCKHOLM, today_local
from caseflow.errors import NotFound, ValidationError
from caseflow.extensions import db
from caseflow.formatting import iso_date, local_datetime, month_label
from caseflow.months import Month
from caseflow.reports.plan_lines import plan_lines
from caseflow.reports.committee import build_committee_report
from caseflow.reports.docx_export import report_docx
from caseflow.reports.exports import report_csv, report_xlsx
from caseflow.reports.freeze import snapshot_contents, snapshot_version
from caseflow.reports.layout import Cell, CommitteeReport
from caseflow.reports.models import ReportSnapshot
from caseflow.reports.months import parse_month
from caseflow.reports.text import AnalystText, month_text, seed_text
from caseflow.reports.catalog import METRICS
from caseflow.reports.freshness import freshness
from caseflow.reports.models import ALL_UNITS
from caseflow.reports.values import Figures, live_figures, report_window
from caseflow.units.models import Unit
from caseflow.units.services import CODE_PATTERN


def report_span(month: int, first: str | None) -> Month | None:
    """The first month of the report's month tables as the analyst chose it (``2019-05``), or None for
    January; a ValidationError unless it lies within the months the report keeps, up to ``month``."""
    if not first:
        return None
    chosen = parse_month(first, "from")
    earliest = report_window(month)[0]
    if not earliest <= chosen <= month:
        raise ValidationError(_("The tables can start from %(first)s to %(last)s.", first=Month(earliest),
                                last=Month(month)),
                              {"from": _("From %(first)s to %(last)s.", first=Month(earliest), last=Month(month))})
    return chosen


def live_report(month: int, first: int | None = None, unit: Unit | None = None,
                figures: Figures | None = None, *, unit_in_title: bool = True) -> CommitteeReport:
    """The report from the counts as the last rollup left them (``figures`` if read already), and
    today's action plan; of the whole municipality, or of ``unit`` (its counts and its plan).

    ``unit_in_title=False`` keeps the municipality's title for a unit's report: the API names the unit
    in a field of its own, and its documented JSON has never put it in the title."""
    figures = figures or live_figures(month)
    if unit is not None:
        figures = figures.for_unit(unit.id)
    built = build_committee_report(month, figures, plan_lines(month, unit.id if unit else None), first)
    return replace(built, text=month_text(month), title=_of_unit(built.title, unit if unit_in_title else None))


def frozen_report(snapshot: ReportSnapshot, first: int | None = None, unit: Unit | None = None,
                  contents: tuple[Figures, list] | None = None) -> CommitteeReport:
    """The report exactly as it was frozen (its month tables from ``first`` if chosen; ``contents``
    if read already); of ``unit`` from the same version, which froze every unit's counts."""
    figures, lines = contents or snapshot_contents(snapshot)
    if unit is not None:
        figures = figures.for_unit(unit.id)
        lines = [line for line in lines if line.unit_id == unit.id]
    built = build_committee_report(snapshot.month, figures, lines, first)
    return replace(built, text=frozen_text(snapshot), title=_of_unit(built.title, unit))


def _of_unit(title: str, unit: Unit | None) -> str:
    """A unit's report says whose it is in its title, on the page and in every file."""
    return f"{title} – {unit.name}" if unit else title


def report_unit(code: str | None) -> Unit | None:
    """The unit a report is asked for by its code (``?unit=E6``), None for the whole municipality; a
    code of no unit is NotFound."""
    if not code:
        return None
    # A unit's code is short and plain; anything else (a NUL byte, which PostgreSQL refuses) is no unit.
    unit = db.session.scalar(select(Unit).where(Unit.code == code)) if CODE_PATTERN.fullmatch(code) else None
    if unit is None:
        raise NotFound(_("No such unit."), {"unit": _("No such unit.")})
    return unit


def frozen_text(snapshot: ReportSnapshot) -> AnalystText:
    """The analyst's text as the version froze it (a version older than the text: the seeds' text)."""
    return AnalystText.from_json(snapshot.text) if snapshot.text else seed_text(snapshot.month)


@dataclass(frozen=True)
class Change:
    """A figure the live report shows otherwise than the snapshot did (a late registration, say)."""

    table_title: str
    row_label: str
    column: str
    frozen: Cell
    live: Cell

    @property
    def difference(self) -> Decimal | None:
        if self.frozen.value is None or self.live.value is None:
            return None
        return self.live.value - self.frozen.value


#: A cell's place: table key, row index, cell index.
Place = tuple[str, int, int]


def changes_since(frozen: CommitteeReport, live: CommitteeReport) -> dict[Place, Change]:
    """Every figure whose value differs between two builds of one month's report. Tables of text
    (the action plan's list) are not compared: their rows are measures, which come and go."""
    changes: dict[Place, Change] = {}
    for old, new in zip(frozen.tables(), live.tables()):
        if old.key != new.key or len(old.rows) != len(new.rows):
            continue
        for r, (old_row, new_row) in enumerate(zip(old.rows, new.rows)):
            for c, (before, now) in enumerate(zip(old_row.cells, new_row.cells)):
                if before.is_figure and now.is_figure and before.value != now.value:
                    changes[(new.key, r, c)] = Change(new.title, new_row.label, new.headers[c + 1], before, now)
    return changes


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    DOCX = "docx"


MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def export_report(month: int, fmt: ExportFormat, version: int | None = None,
                  first: int | None = None, unit: Unit | None = None) -> tuple[bytes, str]:
    """The report file (live, or version ``version`` as frozen) and its file name; always Swedish,
    whatever the language of the page it was asked from."""
    snapshot = None
    if version is not None:
        snapshot = snapshot_version(month, version)
        if snapshot is None:
            raise NotFound(_("No such frozen version."), {"version": _("No such frozen version.")})
    with force_locale("sv"):
        if snapshot:
            contents = snapshot_contents(snapshot)
            figures = contents[0]
            report = frozen_report(snapshot, first, unit, contents)
        else:
            figures = live_figures(month)
            report = live_report(month, first, unit, figures)
        report = replace(report, status=_frozen_label(snapshot) or _live_status(month))
        render: Callable[[CommitteeReport], bytes] = {
            ExportFormat.CSV: report_csv,
            ExportFormat.XLSX: lambda r: report_xlsx(r, data=data_rows(figures, unit)),
            ExportFormat.DOCX: lambda r: report_docx(r, dated=_dated(snapshot), frozen_label=r.status),
        }[fmt]
        content = render(report)
    suffix = (f"-{unit.code}" if unit else "") + (f"-v{version}" if version is not None else "")
    return content, f"ekonomiskt-bistand-{Month(month)}{suffix}.{fmt.value}"


def _live_status(month: int) -> str:
    """A live report's freshness in words, for its files: a draft, when its counts were computed, and
    what still waits for a rollup."""
    fresh = freshness(month)
    parts = [_("Draft: the live counts.")]
    parts.append(_("Counts computed %(at)s.", at=local_datetime(fresh.computed_at)) if fresh.computed_at
                 else _("No count of these months has been computed yet."))
    if fresh.pending:
        parts.append(ngettext("%(num)d month waits for a rollup: %(months)s. Its counts below are those of the last "
                              "rollup and will change.",
                              "%(num)d months wait for a rollup: %(months)s. Their counts below are those of the "
                              "last rollup and will change.", len(fresh.pending),
                              months=", ".join(month_label(m) for m in fresh.pending)))
    return " ".join(parts)


@dataclass(frozen=True)
class DataRow:
    """A figure as a pivot table reads it: one row a month, metric and unit."""

    month: Month
    metric: str
    label: str
    unit: str
    value: Decimal | None


def data_rows(figures: Figures, unit: Unit | None = None) -> list[DataRow]:
    """Every figure of the report's window (of ``unit`` only, if one is asked for), for the XLSX's data sheet."""
    codes = {u.id: u.code for u in db.session.scalars(select(Unit))}
    whole = _("The whole municipality")
    rows = [DataRow(Month(month), metric, METRICS[metric].label(), whole if unit_id == ALL_UNITS else codes.get(unit_id, ""),
                    value)
            for (metric, month, unit_id), value in figures.values.items()
            if metric in METRICS and (unit is None or unit_id == unit.id)]
    order = {key: index for index, key in enumerate(METRICS)}
    return sorted(rows, key=lambda r: (r.month, order[r.metric], r.unit != whole, r.unit))


def _dated(snapshot: ReportSnapshot | None) -> date:
    """A frozen version is dated the day it was frozen (Stockholm), the live counts today."""
    return snapshot.frozen_at.astimezone(STOCKHOLM).date() if snapshot else today_local()


def _frozen_label(snapshot: ReportSnapshot | None) -> str | None:
    if snapshot is None:
        return None
    label = _("Frozen version %(version)d, %(at)s.", version=snapshot.version, at=local_datetime(snapshot.frozen_at))
    if snapshot.committee_on:
        label += " " + _("To the committee on %(date)s.", date=iso_date(snapshot.committee_on))
    return label

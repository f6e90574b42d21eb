"""The committee report of a month, live or as frozen, what changed between the two, and its files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from flask_babel import force_locale
from flask_babel import gettext as _

from caseflow.db import STOCKHOLM, today_local
from caseflow.errors import NotFound, ValidationError
from caseflow.formatting import iso_date, local_datetime
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
from caseflow.reports.values import live_figures, report_window


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


def live_report(month: int, first: int | None = None) -> CommitteeReport:
    """The report from the counts as the last rollup left them, and today's action plan."""
    return replace(build_committee_report(month, live_figures(month), plan_lines(month), first),
                   text=month_text(month))


def frozen_report(snapshot: ReportSnapshot, first: int | None = None) -> CommitteeReport:
    """The report exactly as it was frozen (its month tables from ``first`` if chosen)."""
    figures, lines = snapshot_contents(snapshot)
    return replace(build_committee_report(snapshot.month, figures, lines, first), text=frozen_text(snapshot))


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
                  first: int | None = None) -> tuple[bytes, str]:
    """The report file (live, or version ``version`` as frozen) and its file name; always Swedish,
    whatever the language of the page it was asked from."""
    snapshot = None
    if version is not None:
        snapshot = snapshot_version(month, version)
        if snapshot is None:
            raise NotFound(_("No such frozen version."), {"version": _("No such frozen version.")})
    with force_locale("sv"):
        report = frozen_report(snapshot, first) if snapshot else live_report(month, first)
        render: Callable[[CommitteeReport], bytes] = {
            ExportFormat.CSV: report_csv, ExportFormat.XLSX: report_xlsx,
            ExportFormat.DOCX: lambda r: report_docx(r, dated=_dated(snapshot),
                                                     frozen_label=_frozen_label(snapshot)),
        }[fmt]
        content = render(report)
    suffix = f"-v{version}" if version is not None else ""
    return content, f"ekonomiskt-bistand-{Month(month)}{suffix}.{fmt.value}"


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

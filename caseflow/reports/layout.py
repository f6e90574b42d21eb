"""The committee report as data: sections of tables, sentences and charts, built once and rendered
as a page, CSV, XLSX and DOCX. Cells hold numbers; each renderer formats them its own way."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from caseflow.formatting import MISSING, decimal1, number
from caseflow.reports.plan_lines import PlanLine

if TYPE_CHECKING:
    from caseflow.reports.text import AnalystText

#: Reports are the committee's Swedish documents: numbers always in Swedish form (``3 713``).
REPORT_LOCALE = "sv"


class Format(StrEnum):
    """How a numeric cell is shown; the XLSX number format of each is in ``xlsx_export``."""

    NUMBER = "number"  # 3 713
    DECIMAL1 = "decimal1"  # 41,4
    LOOKUPS = "lookups"  # 3 713, and 0 as ``--``: no lookups were made
    PERCENT1 = "percent1"  # a share kept in per cent, 1.4 → 1,4 %
    TEXT = "text"


@dataclass(frozen=True)
class Cell:
    value: Decimal | None = None
    fmt: Format = Format.NUMBER
    #: A text cell's text (the action plan's titles and notes).
    text: str | None = None
    #: A month not reached yet in a year × month table: shown empty, not ``--``.
    is_blank: bool = False

    @property
    def is_figure(self) -> bool:
        return self.fmt is not Format.TEXT and not self.is_blank

    def shows_missing(self) -> bool:
        """Whether the cell reads ``--``: no figure, or no lookups at all."""
        return self.is_figure and (self.value is None or (self.fmt is Format.LOOKUPS and self.value == 0))

    def display(self) -> str:
        """The cell as the committee reads it: ``3 713``, ``41,4``, ``--`` or empty."""
        if self.fmt is Format.TEXT:
            return self.text or ""
        if self.is_blank:
            return ""
        if self.shows_missing():
            return MISSING
        if self.fmt is Format.DECIMAL1:
            return decimal1(self.value, REPORT_LOCALE)
        if self.fmt is Format.PERCENT1:
            return decimal1(self.value, REPORT_LOCALE) + "\u00a0%"
        return number(self.value, REPORT_LOCALE)


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    #: A row flagged for attention (a measure without its note).
    is_flagged: bool = False


@dataclass(frozen=True)
class Table:
    #: A stable id, for anchors, chart references and comparing two builds of the report.
    key: str
    title: str
    #: The column headings, the row-label column's first.
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    #: What the table says about the report's month, in words.
    sentence: str = ""
    #: A footnote such as the source of imported figures.
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A line chart of a table: one line a row (a year of a year × month table, a figure of a month
    table). Its text alternative is that table."""

    key: str
    title: str
    table_key: str
    x_labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[Decimal | None, ...]], ...]
    #: A target drawn as a goal line across the chart (a target on the charted metric), and its words.
    goal: Decimal | None = None
    goal_label: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    measures: tuple[PlanLine, ...] = ()


@dataclass(frozen=True)
class CommitteeReport:
    month: int
    title: str
    sections: tuple[Section, ...] = field(default_factory=tuple)
    #: The analyst's text of the tjänsteskrivelse (live, or as frozen); set by ``services``, not the builder.
    text: AnalystText | None = None
    #: What the files say of the counts' freshness: a frozen version's number and date, or a draft's
    #: computing time and the months that wait for a rollup; set by ``services`` for the files.
    status: str = ""

    def tables(self) -> Iterator[Table]:
        for section in self.sections:
            yield from section.tables

    def table(self, key: str) -> Table:
        return next(t for t in self.tables() if t.key == key)

    def charts(self) -> Iterator[Chart]:
        for section in self.sections:
            yield from section.charts

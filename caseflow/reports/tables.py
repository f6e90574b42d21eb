"""What the committee report's sections are built from (``ReportContext``) and the helpers their
tables share, for the report's own sections (``caseflow.reports.committee``) and the kinds' own
(``KindSpec.report_sections``, in each kind's ``report`` module) alike."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.dates import get_month_names
from flask_babel import get_locale

from caseflow.formatting import month_label, number
from caseflow.months import Month
from caseflow.reports.catalog import METRICS
from caseflow.reports.layout import REPORT_LOCALE, Chart, Format, Table
from caseflow.reports.plan_lines import PlanLine

if TYPE_CHECKING:  # the figures' module reads the database; the kinds' sections only its lookup
    from caseflow.reports.values import Figures


@dataclass(frozen=True)
class ReportContext:
    """What every section of a month's report is built from: the catalog's figures and the action
    plan's lines, never a table of work items."""

    figures: Figures
    #: The report's month (``202011``).
    month: int
    #: The months of the month tables (``caseflow.reports.committee.report_months``).
    months: list[Month]
    plan_lines: tuple[PlanLine, ...] = ()

    def get(self, key: str) -> Decimal | None:
        """A metric's value in the report's month."""
        return self.figures.get(key, self.month)


@dataclass(frozen=True)
class KeyFigures:
    """A kind's lines of the report's key figures (``KindSpec.key_figures``): its metrics with their
    format, each a row after the report's own, and the clauses its figures add to the table's sentence."""

    lines: tuple[tuple[str, Format], ...] = ()
    clauses: tuple[tuple[Decimal | None, str], ...] = ()


def month_name(month: int) -> str:
    return get_month_names("wide", "format", locale=str(get_locale() or REPORT_LOCALE))[Month(month).number]


def label(key: str) -> str:
    """A metric's row label: its words in the catalog."""
    return METRICS[key].label()


def n(value: Decimal | None) -> str:
    return number(value, REPORT_LOCALE)


def sentences(*parts: tuple[Decimal | None, str]) -> str:
    """The clauses whose figure exists; a missing figure is left unsaid rather than said as ``--``."""
    return " ".join(text for value, text in parts if value is not None)


def difference(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def month_chart(table: Table, months: list[Month], keys: tuple[str, ...], figures: Figures) -> Chart:
    """A line a figure over the table's months (the inflow, the checks), as seed 001 charts them."""
    return Chart(f"chart_{table.key}", table.title, table.key,
                 tuple(month_label(m, REPORT_LOCALE) for m in months),
                 tuple((label(key), tuple(figures.get(key, m) for m in months)) for key in keys))

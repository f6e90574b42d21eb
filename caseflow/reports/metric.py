"""A metric's declaration: what the catalog holds, and what each feature's ``metrics`` module declares."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import get_locale

from caseflow.reports.aggregates import Count, OpenWithoutNote, Reads, Stock, ToDate
from caseflow.reports.sources import Source


@dataclass(frozen=True)
class Metric:
    key: str
    label_sv: str
    label_en: str
    source: Source
    value: Count | Stock | ToDate | OpenWithoutNote
    #: Counted metrics are 0 for a month with nothing; imported figures are None, never 0.
    is_counted: bool = True
    #: Whether rows are computed per unit too; imported figures exist only for all units.
    per_unit: bool = True
    #: Whether a year's or a mandate period's value is the sum of its months' (a flow, what happened
    #: in M, does; a stock, a share or a running total does not: its period's value is the last
    #: month's). None: a counted flow (``Count``) adds up, anything else does not.
    adds_up: bool | None = None

    def label(self) -> str:
        """The metric's words in the page's language: the report's row, the API's catalog."""
        return self.label_sv if str(get_locale() or "sv") == "sv" else self.label_en

    @property
    def reads(self) -> tuple[Reads, ...]:
        """The item fields the metric reads besides the transitions, from its scan's declaration."""
        scan = self.value.noted.scan if isinstance(self.value, OpenWithoutNote) else self.value.scan
        return scan.reads

    @property
    def sums_over_months(self) -> bool:
        if self.adds_up is not None:
            return self.adds_up
        return self.is_counted and isinstance(self.value, Count)

    @property
    def empty(self) -> Decimal | None:
        return Decimal(0) if self.is_counted else None

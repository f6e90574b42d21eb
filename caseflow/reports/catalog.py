"""The metric catalog: one declaration per metric, read by the rollup, the API and the reports.

A metric's ``statement(first, last, per_unit)`` is ONE aggregate statement over the months
``first``..``last`` (``202011`` buckets), grouped in the database, returning rows
``(month, unit_id, value)``: grouped by unit when ``per_unit``, else with ``unit_id`` =
``ALL_UNITS`` for the whole municipality (not always the sum of the units: a household checked
by two units is one household). Months it returns no row for get the metric's ``empty`` value.
Adding a metric is adding one declaration here, and its test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Select

from caseflow.checks import metrics as checks
from caseflow.checks.models import CheckActor
from caseflow.figures import metrics as figures
from caseflow.figures.keys import FIGURES

Statement = Callable[[int, int, bool], Select]


class Source(StrEnum):
    """Where a metric's rows come from."""

    CONTROL_CHECKS = "control_check"
    FIGURES = "figure_value"


@dataclass(frozen=True)
class Metric:
    key: str
    label_sv: str
    label_en: str
    source: Source
    statement: Statement
    #: Counted metrics are 0 for a month with nothing; imported figures are None, never 0.
    is_counted: bool = True
    #: Whether rows are computed per unit too; imported figures exist only for all units.
    per_unit: bool = True

    @property
    def empty(self) -> Decimal | None:
        return Decimal(0) if self.is_counted else None


CATALOG: tuple[Metric, ...] = (
    Metric("ssbtek_lookups_caseworker", "Antal slagningar i SSBTEK (handläggare)",
           "SSBTEK lookups (caseworkers)", Source.CONTROL_CHECKS, checks.lookups(CheckActor.CASEWORKER)),
    Metric("ssbtek_lookups_robot", "Antal slagningar i SSBTEK (robot)",
           "SSBTEK lookups (robot)", Source.CONTROL_CHECKS, checks.lookups(CheckActor.ROBOT)),
    Metric("individuals_checked", "Totalt antal kontrollerade individer (inkl. barn), SSBTEK",
           "Individuals checked (children included), SSBTEK", Source.CONTROL_CHECKS,
           checks.individuals_checked),
    *(Metric(spec.key.value, spec.label_sv, spec.label_en, Source.FIGURES, figures.latest_value(spec.key),
             is_counted=False, per_unit=False) for spec in FIGURES),
)

METRICS: dict[str, Metric] = {metric.key: metric for metric in CATALOG}

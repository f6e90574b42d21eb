"""The imported-figure scan of the metric catalog: the latest import's value per key and month."""

from __future__ import annotations

from sqlalchemy import Select, literal, select

from caseflow.figures.keys import FIGURES as FIGURE_SPECS, FigureKey
from caseflow.figures.models import FigureValue
from caseflow.figures.services import latest_import
from caseflow.reports.aggregates import Count, Scan, count
from caseflow.reports.models import ALL_UNITS
from caseflow.reports.metric import Metric
from caseflow.reports.sources import Source


def _latest_values(first: int, last: int, per_unit: bool) -> Select:
    """Every key's value in the latest import that gave it, for each month of the range.

    Figures are the whole municipality's, so only all-units rows exist.
    """
    return (select(FigureValue.month, literal(ALL_UNITS).label("unit_id"), FigureValue.key, FigureValue.value)
            .where(FigureValue.month.between(first, last), FigureValue.group_code == "",
                   FigureValue.import_id == latest_import()))


FIGURES = Scan("figures", _latest_values, keys=("key",), per_unit=False)


def latest_value(key: FigureKey) -> Count:
    return count(FIGURES, "value", key=key.value)


SOURCE = Source.FIGURES

#: The package's metrics, in the report's order; the catalog (``caseflow.reports.catalog``) collects them.
METRICS = (
    *(Metric(spec.key.value, spec.label_sv, spec.label_en, SOURCE, latest_value(spec.key),
             is_counted=False, per_unit=False, adds_up=spec.adds_up)
      for spec in FIGURE_SPECS if not spec.by_group),
)

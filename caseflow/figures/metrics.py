"""The imported-figure aggregates of the metric catalog: the latest import's value per month."""

from __future__ import annotations

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import aliased

from caseflow.figures.keys import FigureKey
from caseflow.figures.models import FigureValue
from caseflow.reports.models import ALL_UNITS


def latest_value(key: FigureKey):
    """For each month of the range, the value of ``key`` in the latest import that gave it.

    Figures are the whole municipality's, so only the all-units row exists (``per_unit`` ignored).
    """
    def statement(first: int, last: int, per_unit: bool) -> Select:
        newer = aliased(FigureValue)
        latest_import = (select(func.max(newer.import_id))
                         .where(newer.key == FigureValue.key, newer.month == FigureValue.month)
                         .scalar_subquery())
        return (select(FigureValue.month, literal(ALL_UNITS).label("unit_id"), FigureValue.value)
                .where(FigureValue.key == key, FigureValue.month.between(first, last),
                       FigureValue.import_id == latest_import))
    return statement

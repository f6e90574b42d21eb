"""Computing months: every metric of the given sources for each month and unit of a span, stored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from caseflow.months import Month
from caseflow.reports.aggregates import OpenWithoutNote
from caseflow.reports.catalog import CATALOG, Metric
from caseflow.reports.models import ALL_UNITS
from caseflow.reports.rollup import scans, store
from caseflow.reports.rollup.stocks import Stocks, history_stocks, stock_keys, stored_stocks
from caseflow.reports.sources import Source


def _noted(metric: Metric) -> str:
    return f"{metric.key}:noted"


def compute_span(first: int, last: int, unit_ids: Sequence[int], sources: frozenset[Source]) -> tuple[int, Stocks]:
    """Compute the sources' metrics for every month×unit of the span and store them.

    Month by month: each scan is run for one month at a time (the same index ranges as one run over
    the span), so memory holds one month's cells, whatever the span. Only the scans the sources'
    metrics read are run. Returns the cells computed and the sources' stocks at ``last``.
    """
    units = [ALL_UNITS, *unit_ids]
    metrics = [metric for metric in CATALOG if metric.source in sources]
    cumulative = stock_keys(sources)
    by_scan: dict[object, dict[str, object]] = defaultdict(dict)
    for metric in metrics:
        if isinstance(metric.value, OpenWithoutNote):
            by_scan[metric.value.noted.scan][_noted(metric)] = metric.value.noted
        else:
            by_scan[metric.value.scan][metric.key] = metric.value

    stocks = stored_stocks(Month(first).previous, cumulative) if cumulative else {}
    stocks = defaultdict(int, history_stocks(first) if stocks is None else stocks)

    written = 0
    for month in Month.range(first, last):
        sums: dict[tuple[str, int, int], int] = {}
        for scan, values in by_scan.items():
            sums.update(scans.sums(scan, values, month, month))
        cells: dict[tuple[str, int], Decimal | None] = {}
        for metric in metrics:
            value = metric.value
            for unit in units if metric.per_unit else [ALL_UNITS]:
                if isinstance(value, OpenWithoutNote):
                    opened = sum(cells[(key, unit)] for key in value.open_keys)
                    cells[(metric.key, unit)] = opened - sums.get((_noted(metric), month, unit), 0)
                elif value.cumulative:
                    stocks[(metric.key, unit)] += sums.get((metric.key, month, unit), 0)
                    cells[(metric.key, unit)] = Decimal(stocks[(metric.key, unit)])
                else:
                    flow = sums.get((metric.key, month, unit))
                    cells[(metric.key, unit)] = metric.empty if flow is None else Decimal(flow)
        store.write_month(month, cells)
        written += len(cells)
    return written, {(key, unit): stocks[(key, unit)] for key in cumulative for unit in units}

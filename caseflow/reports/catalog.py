"""The metric catalog: every metric the features declare, read by the rollup, the API and the reports.

Each feature declares its metrics in its own ``metrics`` module (a ``METRICS`` tuple of
:class:`~caseflow.reports.metric.Metric`): the kinds of work item that ``caseflow.kinds`` lists, the
control checks and the imported figures. A metric's ``value`` says how it is read from the scans of
its source table (``caseflow.reports.aggregates``): a sum over one grouped statement's rows for the
month, or a stock at the month's end carried forward by net flows. Each metric has a row per month
and unit and one for the whole municipality (``ALL_UNITS``; not always the sum of the units: a
household checked by two units is one household). A month with nothing gets the metric's ``empty``
value. Adding a metric is adding one declaration in its feature (and, for a new table, its scan),
and its test.
"""

from __future__ import annotations

import importlib

from caseflow.kinds import PACKAGES
from caseflow.reports.metric import Metric

#: The features that declare metrics, in the report's order: the kinds, then checks and figures.
FEATURES = (*PACKAGES, "checks", "figures")

CATALOG: tuple[Metric, ...] = tuple(metric for feature in FEATURES
                                    for metric in importlib.import_module(f"caseflow.{feature}.metrics").METRICS)

METRICS: dict[str, Metric] = {metric.key: metric for metric in CATALOG}

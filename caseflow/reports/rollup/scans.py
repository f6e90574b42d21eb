"""Summing a scan's grouped rows into the values of the metrics that read it."""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter

from caseflow.extensions import db
from caseflow.reports.models import ALL_UNITS


def sums(scan, values: dict[str, object], first: int, last: int) -> dict[tuple[str, int, int], int]:
    """Run the scan once and sum each value's weighted column by ``(name, month, unit)``, the whole
    municipality (ALL_UNITS) included; a cell no row counted for is absent.

    A value's weight depends only on the scan's ``keys`` columns, so the values a row feeds are
    worked out once per distinct key (a few dozen), not per row.
    """
    totals: dict[tuple[str, int, int], int] = defaultdict(int)
    feeds: dict[tuple, list] = {}

    def add_all(result, per_unit: bool) -> None:
        # By position, not by name: half a million rows at a million items.
        names = list(result.keys())
        key_of = itemgetter(*(names.index(column) for column in scan.keys)) if scan.keys else (lambda row: ())
        month_at, unit_at = names.index("month"), names.index("unit_id") if per_unit else None
        also_all = per_unit and scan.additive
        for row in result:
            key = key_of(row)
            if (targets := feeds.get(key)) is None:
                targets = feeds[key] = [(name, weight, names.index(value.column)) for name, value in values.items()
                                        if (weight := value.weight(row))]
            month = row[month_at]
            for name, weight, at in targets:
                if per_unit:
                    totals[(name, month, row[unit_at])] += weight * row[at]
                if also_all or not per_unit:
                    totals[(name, month, ALL_UNITS)] += weight * row[at]

    if scan.per_unit:
        add_all(db.session.execute(scan.statement(first, last, True)), True)
    if not scan.additive or not scan.per_unit:
        add_all(db.session.execute(scan.statement(first, last, False)), False)
    return totals

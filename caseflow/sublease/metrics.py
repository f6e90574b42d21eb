"""The sublease-case scans and values of the metric catalog."""

from __future__ import annotations


from sqlalchemy import Integer, Select, case, cast, extract, func, select

from caseflow.items.models import WorkItem
from caseflow.months import Month
from caseflow.reports.aggregates import Scan, ToDate, count, in_month, reads
from caseflow.sublease.models import SubleaseCase
from caseflow.workflow.machine import VOIDED
from caseflow.reports.metric import Metric
from caseflow.reports.sources import Source
from caseflow.sublease import states

KIND = "sublease_case"
_case = SubleaseCase.__table__
_item = WorkItem.__table__

# A case is rejected at most once (the table has no way back to under_review), so "the first
# reject" is the reject; an appeal, upheld or overturned, leaves the rejection where it was.
rejections_new = in_month(KIND, "reject")
rejections_total = ToDate(KIND, "reject")


def _kir(first: int, last: int, per_unit: bool) -> Select:
    """Sublease cases whose KIR check is dated in M, and of those with a double rent suspected.

    The check is a field, not a transition: it counts for the case's unit.
    """
    month = cast(extract("year", _case.c.kir_checked_on) * 100 + extract("month", _case.c.kir_checked_on), Integer)
    return (select(month.label("month"), _item.c.unit_id, func.count().label("n"),
                   func.count(case((_case.c.double_rent_suspected.is_(True), 1))).label("suspected"))
            .select_from(_case)
            .join(_item, _item.c.id == _case.c.id)
            .where(_case.c.kir_checked_on >= Month(first).first_day, _case.c.kir_checked_on < Month(last).next.first_day,
                   _item.c.state != VOIDED)
            .group_by(month, _item.c.unit_id))


#: A KIR check counts in the month it is dated, with its double-rent flag.
KIR = Scan("kir_checks", _kir,
           reads=(reads(KIND, "double_rent_suspected", "state", date_field="kir_checked_on"),))
kir_checks = count(KIR)
double_rent_suspicions = count(KIR, "suspected")


SOURCE = Source(states.SOURCE)

# Named once here: the committee report (``caseflow.reports.committee``) reads these declarations.
REJECTIONS_NEW = Metric("sublease_rejections_new", "Nya ansökningar med avslag under månaden",
                        "New applications refused in the month", SOURCE, rejections_new)
REJECTIONS_TOTAL = Metric("sublease_rejections_total", "Ansökningar med avslag totalt hittills",
                          "Refused applications in total to date", SOURCE, rejections_total)
KIR_CHECKS = Metric("kir_checks", "Slagningar i invånarregistret (KIR)", "Lookups in the population register (KIR)",
                    SOURCE, kir_checks)
DOUBLE_RENT_SUSPICIONS = Metric("double_rent_suspicions", "varav misstänkt dubbla hyror",
                                "of which double rent suspected", SOURCE, double_rent_suspicions)

#: The package's metrics, in the report's order; the catalog (``caseflow.reports.catalog``) collects them.
METRICS = (REJECTIONS_NEW, REJECTIONS_TOTAL, KIR_CHECKS, DOUBLE_RENT_SUSPICIONS)

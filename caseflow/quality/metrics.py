"""The quality review's values of the metric catalog: reviews completed in the month, and the counts
their shares and averages are computed from (the report divides them: ``caseflow.quality.report``)."""

from __future__ import annotations

from sqlalchemy import Select, case, func, select

from caseflow.items.models import WorkItem
from caseflow.quality import states
from caseflow.quality.models import CHECKLIST, ChildPerspective, QualityReview
from caseflow.reports.aggregates import T, Scan, count, reads
from caseflow.reports.metric import Metric
from caseflow.reports.sources import Source
from caseflow.workflow.machine import VOIDED

KIND = "quality_review"
_review = QualityReview.__table__
_item = WorkItem.__table__


def _yes(column):
    return func.sum(case((column.is_(True), 1), else_=0))


def _completed(first: int, last: int, per_unit: bool) -> Select:
    """Reviews completed in M (the completion's effective month, at the unit then), by the child-perspective
    answer, with the counts of their answers and the sums of the visits, no-shows and calls documented."""
    return (select(T.c.month, T.c.unit_id, _review.c.child_perspective, func.count().label("n"),
                   _yes(_review.c.planning).label("planning"),
                   _yes(_review.c.payment_error).label("payment_error"),
                   func.sum(case((_review.c.housing_above_level.is_(True)
                                  & _review.c.housing_measures_taken.is_not(True), 1), else_=0))
                   .label("housing_without_measures"),
                   func.sum(func.coalesce(_review.c.visits, 0)).label("visits"),
                   func.sum(func.coalesce(_review.c.no_shows, 0)).label("no_shows"),
                   func.sum(func.coalesce(_review.c.calls, 0)).label("calls"))
            .select_from(T)
            .join(_review, _review.c.id == T.c.item_id)
            .join(_item, _item.c.id == T.c.item_id)
            .where(T.c.month.between(first, last), T.c.kind == KIND, T.c.event == "complete",
                   _item.c.state != VOIDED)
            .group_by(T.c.month, T.c.unit_id, _review.c.child_perspective))


#: A review counts in the month it was completed, with its answers then (a completed review is not corrected).
COMPLETED = Scan("quality_reviews_completed", _completed, keys=("child_perspective",),
                 reads=(reads(KIND, "state", *CHECKLIST, event="complete"),))

SOURCE = Source(states.SOURCE)

_CHILD_WORDS = {
    "not_applicable": ("Barnperspektiv: ej aktuellt", "Child's perspective: not applicable"),
    "not_documented": ("Barnperspektiv: ej dokumenterat", "Child's perspective: not documented"),
    "partly": ("Barnperspektiv: delvis dokumenterat", "Child's perspective: partly documented"),
    "fully": ("Barnperspektiv: dokumenterat", "Child's perspective: fully documented"),
}

# Each metric is named here once: the report section (``caseflow.quality.report``) reads these declarations.
REVIEWS_COMPLETED = Metric("quality_reviews_completed", "Genomförda kvalitetsgranskningar",
                           "Quality reviews completed", SOURCE, count(COMPLETED))
WITH_PLANNING = Metric("quality_with_planning", "Granskade ärenden med planering för sökanden",
                       "Reviewed cases with planning for the applicant", SOURCE, count(COMPLETED, "planning"))
WITH_PAYMENT_ERROR = Metric(
    "quality_with_payment_error", "Granskade ärenden med handläggningsfel som lett till felaktig utbetalning",
    "Reviewed cases with a handling error leading to a wrong payment", SOURCE, count(COMPLETED, "payment_error"))
HOUSING_WITHOUT_MEASURES = Metric(
    "quality_housing_without_measures", "Granskade ärenden med boendekostnad över FK:s nivå utan adekvata åtgärder",
    "Reviewed cases with a housing cost above Försäkringskassan's level and no adequate measures", SOURCE,
    count(COMPLETED, "housing_without_measures"))
#: The child-perspective scale's metrics, in the scale's order.
CHILD_PERSPECTIVE = tuple(Metric(f"quality_child_{value.value}", *_CHILD_WORDS[value.value], SOURCE,
                                 count(COMPLETED, child_perspective=value.value)) for value in ChildPerspective)
VISITS = Metric("quality_visits", "Dokumenterade besök i granskade ärenden", "Visits documented in reviewed cases",
                SOURCE, count(COMPLETED, "visits"))
NO_SHOWS = Metric("quality_no_shows", "Dokumenterade uteblivna besök i granskade ärenden",
                  "Missed visits documented in reviewed cases", SOURCE, count(COMPLETED, "no_shows"))
CALLS = Metric("quality_calls", "Dokumenterade telefonsamtal i granskade ärenden",
               "Phone calls documented in reviewed cases", SOURCE, count(COMPLETED, "calls"))

#: The package's metrics, in the report's order; the catalog (``caseflow.reports.catalog``) collects them.
METRICS = (REVIEWS_COMPLETED, WITH_PLANNING, WITH_PAYMENT_ERROR, HOUSING_WITHOUT_MEASURES, *CHILD_PERSPECTIVE,
           VISITS, NO_SHOWS, CALLS)

"""The quality review's section of the committee report (``KindSpec.report_sections``): the month's
counts, and the shares and averages computed from them."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from caseflow.formatting import month_label
from caseflow.reports.layout import REPORT_LOCALE, Cell, Format, Row, Section, Table


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part`` of ``whole`` in per cent; none of nothing."""
    if part is None or not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _average(total: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if total is None or not whole:
        return None
    return (total / whole).quantize(Decimal("0.1"))


def _metric_label(key: str) -> str:
    from caseflow.reports.catalog import METRICS
    return METRICS[key].label()


def report_sections(figures, month: int, months) -> tuple[Section, ...]:
    """The month's quality reviews: how many were completed, the shares of their findings, the
    child-perspective scale's distribution, and the average visits, no-shows and calls documented."""
    from caseflow.quality.metrics import CHILD_KEYS

    get = lambda key: figures.get(key, month)  # noqa: E731
    done = get("quality_reviews_completed")
    rows = [Row(_metric_label("quality_reviews_completed"), (Cell(done),))]
    for key, label in (("quality_with_planning", _("Share with planning for the applicant, %")),
                       ("quality_with_payment_error", _("Share with a handling error leading to a wrong payment, %")),
                       ("quality_housing_without_measures",
                        _("Share above Försäkringskassan's housing-cost level without adequate measures, %"))):
        rows.append(Row(label, (Cell(_share(get(key), done), Format.DECIMAL1),)))
    for key in CHILD_KEYS.values():
        rows.append(Row(_metric_label(key), (Cell(get(key)),)))
    for key, label in (("quality_visits", _("Average visits documented")),
                       ("quality_no_shows", _("Average missed visits documented")),
                       ("quality_calls", _("Average phone calls documented"))):
        rows.append(Row(label, (Cell(_average(get(key), done), Format.DECIMAL1),)))
    table = Table("quality", _("Quality review of sampled cases"), ("", month_label(month, REPORT_LOCALE)),
                  tuple(rows),
                  sentence=_("%(n)s sampled cases were reviewed.", n=int(done)) if done else "",
                  note=_("Shares and averages are of the reviews completed in the month."))
    return (Section("quality", _("Quality review"), (table,)),)

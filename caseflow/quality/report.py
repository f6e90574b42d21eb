"""The quality review's section of the committee report (``KindSpec.report_sections``): the month's
counts, and the shares and averages computed from them."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from caseflow.formatting import month_label
from caseflow.reports.layout import REPORT_LOCALE, Cell, Format, Row, Section, Table
from caseflow.reports.tables import ReportContext


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part`` of ``whole`` in per cent; none of nothing."""
    if part is None or not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _average(total: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if total is None or not whole:
        return None
    return (total / whole).quantize(Decimal("0.1"))


def report_sections(context: ReportContext) -> tuple[Section, ...]:
    """The month's quality reviews: how many were completed, the shares of their findings, the
    child-perspective scale's distribution, and the average visits, no-shows and calls documented."""
    from caseflow.quality import metrics

    month = context.month
    get = lambda metric: context.get(metric.key)  # noqa: E731
    done = get(metrics.REVIEWS_COMPLETED)
    rows = [Row(metrics.REVIEWS_COMPLETED.label(), (Cell(done),))]
    for metric, label in ((metrics.WITH_PLANNING, _("Share with planning for the applicant, %")),
                          (metrics.WITH_PAYMENT_ERROR, _("Share with a handling error leading to a wrong payment, %")),
                          (metrics.HOUSING_WITHOUT_MEASURES,
                           _("Share above Försäkringskassan's housing-cost level without adequate measures, %"))):
        rows.append(Row(label, (Cell(_share(get(metric), done), Format.DECIMAL1),)))
    for metric in metrics.CHILD_PERSPECTIVE:
        rows.append(Row(metric.label(), (Cell(get(metric)),)))
    for metric, label in ((metrics.VISITS, _("Average visits documented")),
                          (metrics.NO_SHOWS, _("Average missed visits documented")),
                          (metrics.CALLS, _("Average phone calls documented"))):
        rows.append(Row(label, (Cell(_average(get(metric), done), Format.DECIMAL1),)))
    table = Table("quality", _("Quality review of sampled cases"), ("", month_label(month, REPORT_LOCALE)),
                  tuple(rows),
                  sentence=_("%(n)s sampled cases were reviewed.", n=int(done)) if done else "",
                  note=_("Shares and averages are of the reviews completed in the month."))
    return (Section("quality", _("Quality review"), (table,)),)

"""The sublease cases' section of the committee report (``KindSpec.report_sections``): the month's
refusals because of an unapproved sublease, the refusals so far, the KIR checks and the double rents."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from caseflow.formatting import month_label
from caseflow.reports.layout import REPORT_LOCALE, Cell, Row, Section, Table
from caseflow.reports.tables import ReportContext, month_name, n, sentences
from caseflow.sublease import metrics


def _sublease(context: ReportContext) -> Table:
    month = context.month
    new, total = context.get(metrics.REJECTIONS_NEW.key), context.get(metrics.REJECTIONS_TOTAL.key)
    rows = tuple(Row(metric.label(), (Cell(context.get(metric.key)),)) for metric in (
        metrics.REJECTIONS_NEW, metrics.REJECTIONS_TOTAL, metrics.KIR_CHECKS, metrics.DOUBLE_RENT_SUSPICIONS))
    return Table(
        "sublease", _("Refusals because of an unapproved sublease"), ("", month_label(month, REPORT_LOCALE)), rows,
        sentence=sentences(
            (new, ngettext("In %(month)s, %(count)s new application was refused because of an unapproved "
                           "sublease.",
                           "In %(month)s, %(count)s new applications were refused because of an unapproved "
                           "sublease.", int(new or 0), month=month_name(month), count=n(new))),
            (total, _("So far %(n)s applications in total have been refused on these grounds.", n=n(total)))))


def report_sections(context: ReportContext) -> tuple[Section, ...]:
    return (Section("sublease", _("Unapproved subleases and double rents"), (_sublease(context),)),)

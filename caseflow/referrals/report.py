"""The referrals' part of the committee report: their section (``KindSpec.report_sections``), the
referrals sent and the executions opened by month with its chart, and their key figures
(``KindSpec.key_figures``), the referrals that ended in work, studies or self-sufficiency."""

from __future__ import annotations

from flask_babel import gettext as _

from caseflow.figures.keys import FigureKey
from caseflow.formatting import month_label
from caseflow.referrals import metrics
from caseflow.reports.layout import REPORT_LOCALE, Cell, Format, Row, Section, Table
from caseflow.reports.tables import KeyFigures, ReportContext, label, month_chart, month_name, n, sentences

#: The referrals table's and chart's lines: the referrals sent (counted) and the executions opened (imported).
REFERRAL_KEYS = (metrics.SENT.key, FigureKey.EXECUTIONS_OPENED.value)


def _referrals(context: ReportContext) -> Table:
    figures, month, months = context.figures, context.month, context.months
    years = sorted({m.year for m in months})
    rows = tuple(Row(label(key), tuple(Cell(figures.get(key, m)) for m in months)) for key in REFERRAL_KEYS)
    sent, opened = (figures.get(key, month) for key in REFERRAL_KEYS)
    return Table(
        "referrals", _("Labour-market assignments and inflow"),
        (f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]),  # seed 000: "2019-2020:"
         *(month_label(m, REPORT_LOCALE)[:3] for m in months)), rows,
        sentence=sentences(
            (sent, _("In %(month)s, %(n)s individuals were referred to a labour-market assignment.",
                     month=month_name(month), n=n(sent))),
            (opened, _("%(n)s executions were opened.", n=n(opened)))))


def report_sections(context: ReportContext) -> tuple[Section, ...]:
    table = _referrals(context)
    return (Section("referrals", _("Labour-market assignments and inflow"), (table,),
                    (month_chart(table, context.months, REFERRAL_KEYS, context.figures),)),)


def key_figures(context: ReportContext) -> KeyFigures:
    self_sufficient = context.get(metrics.COMPLETED_SELF_SUFFICIENT.key)
    return KeyFigures(
        tuple((metric.key, Format.NUMBER) for metric in (
            metrics.COMPLETED_WORK, metrics.COMPLETED_STUDIES, metrics.COMPLETED_SELF_SUFFICIENT)),
        ((self_sufficient, _("%(n)s referred persons left for work or studies in %(month)s.",
                             n=n(self_sufficient), month=month_name(context.month))),))

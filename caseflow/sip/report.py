"""The SIP plans' section of the committee report (``KindSpec.report_sections``): the month's meetings,
SIP or multi-party, in person or digital, the meetings so far and the plans active at the month's end."""

from __future__ import annotations

from flask_babel import gettext as _

from caseflow.formatting import month_label
from caseflow.reports.layout import REPORT_LOCALE, Cell, Row, Section, Table
from caseflow.reports.tables import ReportContext, difference, month_name, n, sentences
from caseflow.sip import metrics


def _sip(context: ReportContext) -> Table:
    month, get = context.month, context.get
    held, multi, digital = (get(metrics.MEETINGS_HELD.key), get(metrics.MEETINGS_HELD_MULTI_PARTY.key),
                            get(metrics.MEETINGS_HELD_DIGITAL.key))
    total, active = get(metrics.MEETINGS_HELD_TOTAL.key), get(metrics.PLANS_ACTIVE.key)
    rows = (Row(metrics.MEETINGS_HELD.label(), (Cell(held),)),
            Row(_("of which SIP meetings"), (Cell(difference(held, multi)),)),  # the rest: not a metric
            Row(metrics.MEETINGS_HELD_MULTI_PARTY.label(), (Cell(multi),)),
            Row(_("of which in person"), (Cell(difference(held, digital)),)),
            Row(metrics.MEETINGS_HELD_DIGITAL.label(), (Cell(digital),)),
            Row(metrics.MEETINGS_HELD_TOTAL.label(), (Cell(total),)),
            Row(metrics.PLANS_ACTIVE.label(), (Cell(active),)))
    return Table(
        "sip", _("Coordinated individual plans (SIP)"), ("", month_label(month, REPORT_LOCALE)), rows,
        sentence=sentences(
            (held, _("In %(month)s, %(n)s meetings were held (SIP and multi-party meetings), %(digital)s of "
                     "them digitally.", month=month_name(month), n=n(held), digital=n(digital))),
            (total, _("%(n)s meetings have been held in total.", n=n(total))),
            (active, _("%(n)s SIP plans were active at the end of the month.", n=n(active)))))


def report_sections(context: ReportContext) -> tuple[Section, ...]:
    return (Section("sip", _("Coordinated individual plans (SIP)"), (_sip(context),)),)

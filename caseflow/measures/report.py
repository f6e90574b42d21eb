"""The measures' section of the committee report (``KindSpec.report_sections``): the measures by state
at the month's end, and the action plan's lines with their follow-up notes, a missing one flagged."""

from __future__ import annotations

from flask_babel import gettext as _

from caseflow.formatting import month_label
from caseflow.measures import metrics
from caseflow.reports.layout import REPORT_LOCALE, Cell, Format, Row, Section, Table
from caseflow.reports.tables import ReportContext, month_name, n, sentences


def _measure_counts(context: ReportContext) -> Table:
    month, get = context.month, context.get
    missing = get(metrics.MISSING_NOTE.key)
    return Table(
        "measure_counts", _("Measures by state at the end of the month"), ("", month_label(month, REPORT_LOCALE)),
        tuple(Row(metric.label(), (Cell(get(metric.key)),)) for metric in metrics.METRICS),
        sentence=sentences((missing, _("%(n)s open measures have no follow-up for %(month)s.",
                                       n=n(missing), month=month_name(month)) if missing else
                            _("All open measures have a follow-up for %(month)s.", month=month_name(month)))))


def _measure_list(context: ReportContext) -> Table:
    rows = tuple(Row(_("Measure %(number)d", number=line.number),
                     (Cell(fmt=Format.TEXT, text=line.plan), Cell(fmt=Format.TEXT, text=line.title),
                      Cell(fmt=Format.TEXT, text=line.state_label),
                      Cell(fmt=Format.TEXT, text=line.note if line.note is not None
                           else (_("Follow-up missing") if line.is_note_missing else ""))),
                     is_flagged=line.is_note_missing)
                 for line in context.plan_lines)
    return Table("measures", _("Follow-up of measures"),
                 (_("Measure"), _("Plan"), _("Title"), _("State"), _("Follow-up for %(month)s",
                                                                      month=month_name(context.month))), rows)


def report_sections(context: ReportContext) -> tuple[Section, ...]:
    return (Section("measures", _("Follow-up of measures"), (_measure_counts(context), _measure_list(context)),
                    measures=context.plan_lines),)

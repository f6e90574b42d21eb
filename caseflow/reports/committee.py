"""Building the committee report of a month (DESIGN.md, "Reports") from its figures and action plan.

The same builder serves the live report and a frozen one: it reads only a ``Figures`` lookup and a
list of ``PlanLine``s, never a table of work items, so no report can hold a case or person
reference. Text is gettext'd: the exports render it under the Swedish locale.
"""

from __future__ import annotations

from decimal import Decimal

from babel.dates import get_month_names
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from caseflow.formatting import month_label, number
from caseflow.items.registry import kinds
from caseflow.months import Month
from caseflow.reports.catalog import METRICS
from caseflow.reports.plan_lines import PlanLine
from caseflow.reports.layout import REPORT_LOCALE, Cell, Chart, CommitteeReport, Format, Row, Section, Table
from caseflow.reports.values import YEARS_BACK, Figures


def _month_name(month: int) -> str:
    return get_month_names("wide", "format", locale=str(get_locale() or REPORT_LOCALE))[Month(month).number]


def _label(key: str) -> str:
    """A metric's row label: its words in the catalog."""
    return METRICS[key].label()


def _n(value: Decimal | None) -> str:
    return number(value, REPORT_LOCALE)


def report_months(month: int, first: int | None = None) -> list[Month]:
    """The months of the report's month tables: from ``first`` (January of the month's year unless
    chosen; a span across the turn of a year, like seed 001's maj-19 … jan-20) to ``month``."""
    return Month.range(first or Month(month).january, month)


def _sentences(*parts: tuple[Decimal | None, str]) -> str:
    """The clauses whose figure exists; a missing figure is left unsaid rather than said as ``--``."""
    return " ".join(text for value, text in parts if value is not None)


def _controls(figures: Figures, month: int, months: list[Month]) -> Table:
    columns = (("households_applied", Format.NUMBER), ("decisions_total", Format.NUMBER),
               ("ssbtek_lookups_caseworker", Format.LOOKUPS), ("ssbtek_lookups_robot", Format.LOOKUPS),
               ("individuals_checked", Format.NUMBER))
    rows = tuple(Row(month_label(m, REPORT_LOCALE),
                     tuple(Cell(figures.get(key, m), fmt) for key, fmt in columns))
                 for m in months)
    get = lambda key: figures.get(key, month)  # noqa: E731
    name = _month_name(month)
    robot = get("ssbtek_lookups_robot")
    return Table(
        "controls", _("Checks and decisions"),
        (_("Month"), *(_label(key) for key, _fmt in columns)),
        rows,
        sentence=_sentences(
            (get("households_applied"), _("In %(month)s, %(n)s households applied for financial assistance.",
                                          month=name, n=_n(get("households_applied")))),
            (get("decisions_total"), _("The caseworkers made %(n)s decisions, grants and refusals, in total.",
                                       n=_n(get("decisions_total")))),
            (get("ssbtek_lookups_caseworker"), _("Caseworkers made %(n)s lookups in SSBTEK.",
                                                 n=_n(get("ssbtek_lookups_caseworker")))),
            (robot or None, _("The robot made %(n)s lookups in SSBTEK.", n=_n(robot))),
            (get("individuals_checked"), _("In total the details of %(n)s persons (children included) were "
                                           "checked.", n=_n(get("individuals_checked"))))),
        note=_("A month without lookups shows --."))


def _sublease(figures: Figures, month: int) -> Table:
    get = lambda key: figures.get(key, month)  # noqa: E731
    new, total = get("sublease_rejections_new"), get("sublease_rejections_total")
    rows = tuple(Row(_label(key), (Cell(get(key)),)) for key in (
        "sublease_rejections_new", "sublease_rejections_total", "kir_checks", "double_rent_suspicions"))
    return Table(
        "sublease", _("Refusals because of an unapproved sublease"), ("", month_label(month, REPORT_LOCALE)), rows,
        sentence=_sentences(
            (new, ngettext("In %(month)s, %(count)s new application was refused because of an unapproved "
                           "sublease.",
                           "In %(month)s, %(count)s new applications were refused because of an unapproved "
                           "sublease.", int(new or 0), month=_month_name(month), count=_n(new))),
            (total, _("So far %(n)s applications in total have been refused on these grounds.", n=_n(total)))))


def _referrals(figures: Figures, month: int, months: list[Month]) -> Table:
    years = sorted({m.year for m in months})
    rows = tuple(Row(_label(key), tuple(Cell(figures.get(key, m)) for m in months))
                 for key in ("referrals_sent", "executions_opened"))
    sent, opened = figures.get("referrals_sent", month), figures.get("executions_opened", month)
    return Table(
        "referrals", _("Labour-market assignments and inflow"),
        (f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]),  # seed 000: "2019-2020:"
         *(month_label(m, REPORT_LOCALE)[:3] for m in months)), rows,
        sentence=_sentences(
            (sent, _("In %(month)s, %(n)s individuals were referred to a labour-market assignment.",
                     month=_month_name(month), n=_n(sent))),
            (opened, _("%(n)s executions were opened.", n=_n(opened)))))


def _difference(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def _sip(figures: Figures, month: int) -> Table:
    get = lambda key: figures.get(key, month)  # noqa: E731
    held, multi, digital = get("sip_meetings_held"), get("sip_meetings_held_multi_party"), \
        get("sip_meetings_held_digital")
    total, active = get("sip_meetings_held_total"), get("sip_plans_active")
    rows = (Row(_label("sip_meetings_held"), (Cell(held),)),
            Row(_("of which SIP meetings"), (Cell(_difference(held, multi)),)),  # the rest: not a metric
            Row(_label("sip_meetings_held_multi_party"), (Cell(multi),)),
            Row(_("of which in person"), (Cell(_difference(held, digital)),)),
            Row(_label("sip_meetings_held_digital"), (Cell(digital),)),
            Row(_label("sip_meetings_held_total"), (Cell(total),)),
            Row(_label("sip_plans_active"), (Cell(active),)))
    return Table(
        "sip", _("Coordinated individual plans (SIP)"), ("", month_label(month, REPORT_LOCALE)), rows,
        sentence=_sentences(
            (held, _("In %(month)s, %(n)s meetings were held (SIP and multi-party meetings), %(digital)s of "
                     "them digitally.", month=_month_name(month), n=_n(held), digital=_n(digital))),
            (total, _("%(n)s meetings have been held in total.", n=_n(total))),
            (active, _("%(n)s SIP plans were active at the end of the month.", n=_n(active)))))


def _measure_counts(figures: Figures, month: int) -> Table:
    get = lambda key: figures.get(key, month)  # noqa: E731
    keys = ("measures_planned", "measures_in_progress", "measures_paused", "measures_completed",
            "measures_cancelled", "measures_missing_note")
    missing = get("measures_missing_note")
    return Table(
        "measure_counts", _("Measures by state at the end of the month"), ("", month_label(month, REPORT_LOCALE)),
        tuple(Row(_label(key), (Cell(get(key)),)) for key in keys),
        sentence=_sentences((missing, _("%(n)s open measures have no follow-up for %(month)s.",
                                        n=_n(missing), month=_month_name(month)))))


def _measure_list(lines: list[PlanLine], month: int) -> Table:
    rows = tuple(Row(_("Measure %(number)d", number=line.number),
                     (Cell(fmt=Format.TEXT, text=line.plan), Cell(fmt=Format.TEXT, text=line.title),
                      Cell(fmt=Format.TEXT, text=line.state_label),
                      Cell(fmt=Format.TEXT, text=line.note if line.note is not None
                           else (_("Follow-up missing") if line.is_note_missing else ""))),
                     is_flagged=line.is_note_missing)
                 for line in lines)
    return Table("measures", _("Follow-up of measures"),
                 (_("Measure"), _("Plan"), _("Title"), _("State"), _("Follow-up for %(month)s",
                                                                      month=_month_name(month))), rows)


YEAR_TABLES = ("households_ongoing", "avg_cost_per_household", "temporary_housing_cost")


def _year_table(figures: Figures, month: int, key: str, title: str) -> tuple[Table, Chart]:
    year = Month(month).year
    years = range(year - YEARS_BACK, year + 1)
    short_months = tuple(get_month_names("abbreviated", "stand-alone", locale=str(get_locale() or "sv"))[m]
                         .rstrip(".").capitalize() for m in range(1, 13))
    rows, series = [], []
    for y in years:
        months = [Month.at(y, m) for m in range(1, 13)]
        values = tuple(figures.get(key, m) if m <= month else None for m in months)
        rows.append(Row(str(y), tuple(Cell(v, is_blank=m > month) for m, v in zip(months, values))))
        series.append((str(y), values))
    this_month = figures.get(key, month)
    table = Table(f"year_{key}", title, ("", *short_months), tuple(rows),
                  sentence=_sentences((this_month, _("%(title)s in %(month)s %(year)d: %(n)s.", title=title,
                                                     month=_month_name(month), year=year, n=_n(this_month)))),
                  note=_("Source: the business system. The figures may change somewhat because of late "
                         "registrations."))
    return table, Chart(f"chart_{key}", title, table.key, short_months, tuple(series))


def build_committee_report(month: int, figures: Figures, measures: list[PlanLine],
                           first: int | None = None) -> CommitteeReport:
    """The report of ``month`` (``202011``) from its figures and its action-plan lines; its month
    tables from ``first`` (``report_months``)."""
    months = report_months(month, first)
    year_tables = [_year_table(figures, month, key, _label(key)) for key in YEAR_TABLES]
    sections = (
        Section("controls", _("Checks and decisions"), (_controls(figures, month, months),)),
        Section("sublease", _("Unapproved subleases and double rents"), (_sublease(figures, month),)),
        Section("referrals", _("Labour-market assignments and inflow"), (_referrals(figures, month, months),)),
        Section("sip", _("Coordinated individual plans (SIP)"), (_sip(figures, month),)),
        Section("measures", _("Follow-up of measures"),
                (_measure_counts(figures, month), _measure_list(measures, month)), measures=tuple(measures)),
        *(section for spec in kinds().values() for section in spec.report_sections(figures, month, months)),
        Section("series", _("Households and costs by month"), tuple(t for t, _c in year_tables),
                tuple(c for _t, c in year_tables)),
    )
    title = _("Follow-up of financial assistance for %(month)s %(year)d", month=_month_name(month),
              year=Month(month).year)
    return CommitteeReport(month, title, sections)

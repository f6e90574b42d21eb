"""Building the committee report of a month (DESIGN.md, "Reports") from its figures and action plan.

The same builder serves the live report and a frozen one: it reads only a ``Figures`` lookup and a
list of ``PlanLine``s, never a table of work items, so no report can hold a case or person
reference. It builds the sections that are no kind's (the checks, the series, the barriers, the
targets and key figures) and asks each kind for its own (``KindSpec.report_sections``,
``KindSpec.key_figures``), naming none. Text is gettext'd: the exports render it under the Swedish locale.
"""

from __future__ import annotations

from decimal import Decimal

from babel.dates import get_month_names
from flask_babel import get_locale
from flask_babel import gettext as _

from caseflow.checks import metrics as checks_metrics
from caseflow.figures.keys import FigureKey
from caseflow.formatting import decimal1, month_label
from caseflow.items.registry import KindSpec, kinds
from caseflow.months import Month
from caseflow.reports.catalog import METRICS
from caseflow.reports.plan_lines import PlanLine
from caseflow.reports.layout import REPORT_LOCALE, Cell, Chart, CommitteeReport, Format, Row, Section, Table
from caseflow.reports.models import TargetDirection, TargetPeriod
from caseflow.reports.tables import ReportContext, label, month_chart, month_name, n, sentences
from caseflow.reports.targets import Target
from caseflow.reports.values import YEARS_BACK, Figures, mandate_start


def report_months(month: int, first: int | None = None) -> list[Month]:
    """The months of the report's month tables: from ``first`` (January of the month's year unless
    chosen; a span across the turn of a year, like seed 001's maj-19 … jan-20) to ``month``."""
    return Month.range(first or Month(month).january, month)


def _controls(figures: Figures, month: int, months: list[Month]) -> Table:
    applied, decisions = FigureKey.HOUSEHOLDS_APPLIED.value, FigureKey.DECISIONS_TOTAL.value
    caseworker, robot, individuals = (checks_metrics.LOOKUPS_CASEWORKER.key, checks_metrics.LOOKUPS_ROBOT.key,
                                      checks_metrics.INDIVIDUALS_CHECKED.key)
    columns = ((applied, Format.NUMBER), (decisions, Format.NUMBER), (caseworker, Format.LOOKUPS),
               (robot, Format.LOOKUPS), (individuals, Format.NUMBER))
    rows = tuple(Row(month_label(m, REPORT_LOCALE),
                     tuple(Cell(figures.get(key, m), fmt) for key, fmt in columns))
                 for m in months)
    get = lambda key: figures.get(key, month)  # noqa: E731
    name = month_name(month)
    robot_lookups = get(robot)
    return Table(
        "controls", _("Checks and decisions"),
        (_("Month"), *(label(key) for key, _fmt in columns)),
        rows,
        sentence=sentences(
            (get(applied), _("In %(month)s, %(n)s households applied for financial assistance.",
                             month=name, n=n(get(applied)))),
            (get(decisions), _("The caseworkers made %(n)s decisions, grants and refusals, in total.",
                               n=n(get(decisions)))),
            (get(caseworker), _("Caseworkers made %(n)s lookups in SSBTEK.", n=n(get(caseworker)))),
            (robot_lookups or None, _("The robot made %(n)s lookups in SSBTEK.", n=n(robot_lookups))),
            (get(individuals), _("In total the details of %(n)s persons (children included) were "
                                 "checked.", n=n(get(individuals))))),
        note=_("A month without lookups shows --."))


#: The figures by report group the table reads (``FigureSpec.by_group``).
AGE, DECISIONS = FigureKey.REGISTRY_LEADER_AGE_AVG.value, FigureKey.GRANT_DECISIONS.value


def _barriers(figures: Figures, month: int) -> Table:
    """Seed 001's "Hushållens försörjningshinder": per report group the registry leader's average
    age and the grant decisions, then a Totalt row: the decisions summed, the ages averaged weighted
    by the groups' decisions (seed 001: 41,4 from its six groups), as the seed's row is."""
    by_group: dict[str, dict[str, Decimal]] = {}
    names: dict[str, str] = {}
    english = str(get_locale() or REPORT_LOCALE) == "en"
    for figure in sorted((f for f in figures.groups if f.month == month), key=lambda f: f.order):
        by_group.setdefault(figure.group, {})[figure.key] = figure.value
        names[figure.group] = figure.name_en if english else figure.name_sv
    rows = [Row(names[group], (Cell(values.get(AGE), Format.DECIMAL1),
                               Cell(values.get(DECISIONS))))
            for group, values in by_group.items()]
    decisions = [v[DECISIONS] for v in by_group.values() if DECISIONS in v]
    weighted = [(v[AGE], v.get(DECISIONS)) for v in by_group.values() if AGE in v]
    total_decisions = sum(decisions, Decimal(0)) if decisions else None
    # An age without its group's decisions cannot be weighted: the total age is then left unsaid.
    average_age = (sum((age * n for age, n in weighted), Decimal(0)) / total_decisions
                   if weighted and total_decisions and all(n is not None for _age, n in weighted) else None)
    if rows:
        rows.append(Row(_("Total"), (Cell(average_age, Format.DECIMAL1), Cell(total_decisions))))
    return Table(
        "barriers", _("Households' barriers to self-support"),
        (_("Groups of barriers to self-support"), _("Average age, registered head of household"),
         _("Number of grant decisions")), tuple(rows),
        sentence=sentences((total_decisions, _("In %(month)s, %(n)s grants were decided.",
                                                month=month_name(month), n=n(total_decisions)))),
        note=_("Source: the business system, by report group of barriers to self-support.") if rows else
        _("No figures by group have been imported for the month."))


#: The key figures the committee reads first (seed 004's adult recipients and their share, seed
#: 001's e-application share); the kinds' own follow (``KindSpec.key_figures``: the referrals that
#: ended in work, studies or self-sufficiency).
HEADLINE = ((FigureKey.ADULT_RECIPIENTS.value, Format.NUMBER),
            (FigureKey.ADULT_RECIPIENTS_SHARE_PCT.value, Format.PERCENT1),
            (FigureKey.E_APPLICATION_SHARE_PCT.value, Format.PERCENT1))


def _headline(context: ReportContext, reporting: list[KindSpec]) -> Table:
    figures, month = context.figures, context.month
    january = Month(month).january
    kinds_own = [spec.key_figures(context) for spec in reporting if spec.key_figures is not None]
    rows = tuple(Row(label(key), (Cell(figures.get(key, month), fmt),
                                  Cell(figures.months_sum(key, january, month), fmt)
                                  if METRICS[key].sums_over_months else Cell(is_blank=True)))
                 for key, fmt in (*HEADLINE, *(line for own in kinds_own for line in own.lines)))
    share, adults, e_share = (figures.get(key, month) for key in (
        FigureKey.ADULT_RECIPIENTS_SHARE_PCT.value, FigureKey.ADULT_RECIPIENTS.value,
        FigureKey.E_APPLICATION_SHARE_PCT.value))
    name = month_name(month)
    return Table(
        "headline", _("Key figures"), ("", month_label(month, REPORT_LOCALE), _("So far this year")), rows,
        sentence=sentences(
            (share,
             _("The share of adult recipients of assistance was %(n)s per cent of the population in %(month)s.",
               n=decimal1(share, REPORT_LOCALE), month=name)),
            (adults, _("The number of adult recipients of assistance was %(n)s persons in "
                       "%(month)s.", n=n(adults), month=name)),
            (e_share,
             _("%(n)s per cent applied and identified themselves through the e-application.",
               n=decimal1(e_share, REPORT_LOCALE))),
            *(clause for own in kinds_own for clause in own.clauses)))


def _period_words(target: Target, month: int) -> str:
    m = Month(month)
    if target.period is TargetPeriod.MONTH:
        return f"{month_name(month)} {m.year}"
    if target.period is TargetPeriod.YEAR:
        return _("%(year)d up to %(month)s", year=m.year, month=month_name(month))
    start = mandate_start(month).year
    return _("The mandate period %(first)d–%(last)d up to %(month)s %(year)d", first=start, last=start + 3,
             month=month_name(month), year=m.year)


def target_outcome(target: Target, figures: Figures, month: int) -> Decimal | None:
    """The target's metric over its period up to ``month``: the months summed where the metric's
    months add up, else the month's own value (a share, a stock)."""
    if target.period is TargetPeriod.MONTH or not METRICS[target.metric].sums_over_months:
        return figures.get(target.metric, month)
    first = Month(month).january if target.period is TargetPeriod.YEAR else mandate_start(month)
    return figures.months_sum(target.metric, first, month)


def _fmt(value: Decimal | None) -> Format:
    """A target's value and outcome as the committee writes them: ``1`` (per cent), ``1,4``, ``1 000``."""
    return Format.DECIMAL1 if value is not None and value != value.to_integral_value() else Format.NUMBER


def _reached_words(target: Target, outcome: Decimal | None) -> str:
    reached = target.is_reached(outcome)
    if reached is None:
        return _("No outcome yet")
    if reached:
        return _("Yes")
    share = target.share_reached(outcome)
    return (_("No, %(share)s %% of the target", share=decimal1(share, REPORT_LOCALE)) if share is not None
            else _("No"))


def _targets(figures: Figures, month: int) -> Table:
    rows, said = [], []
    for target in figures.targets:
        if target.metric not in METRICS:
            continue  # a metric since taken out of the catalog: nothing to measure it by
        outcome = target_outcome(target, figures, month)
        reached = _reached_words(target, outcome)
        rows.append(Row(target.title, (Cell(fmt=Format.TEXT, text=label(target.metric)),
                                       Cell(fmt=Format.TEXT, text=_period_words(target, month)),
                                       Cell(fmt=Format.TEXT, text=(_("at most") if target.direction is
                                                                   TargetDirection.AT_MOST else _("at least"))),
                                       Cell(target.value, _fmt(target.value)), Cell(outcome, _fmt(outcome)),
                                       Cell(fmt=Format.TEXT, text=reached)),
                        is_flagged=target.is_reached(outcome) is False))
        if outcome is not None:
            said.append(_("%(title)s: %(outcome)s against the target of %(value)s (%(period)s).",
                               title=target.title, outcome=Cell(outcome, _fmt(outcome)).display(),
                               value=Cell(target.value, _fmt(target.value)).display(),
                               period=_period_words(target, month).lower()))
    return Table("targets", _("The committee's targets"),
                 (_("Target"), _("Figure"), _("Period"), _("Direction"), _("Target value"), _("Outcome"),
                  _("Reached")), tuple(rows), sentence=" ".join(said),
                 note="" if rows else _("No targets are set."))


YEAR_TABLES = tuple(key.value for key in (FigureKey.HOUSEHOLDS_ONGOING, FigureKey.AVG_COST_PER_HOUSEHOLD,
                                          FigureKey.TEMPORARY_HOUSING_COST))


def _goal(figures: Figures, key: str) -> tuple[Decimal | None, str]:
    """A month's target on the charted metric, drawn as the chart's goal line."""
    target = next((t for t in figures.targets if t.metric == key and t.period is TargetPeriod.MONTH), None)
    return (target.value, target.title) if target else (None, "")


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
    goal, goal_label = _goal(figures, key)
    table = Table(f"year_{key}", title, ("", *short_months), tuple(rows),
                  sentence=sentences((this_month, _("%(title)s in %(month)s %(year)d: %(n)s.", title=title,
                                                     month=month_name(month), year=year, n=n(this_month)))),
                  note=_("Source: the business system. The figures may change somewhat because of late "
                         "registrations."))
    return table, Chart(f"chart_{key}", title, table.key, short_months, tuple(series), goal, goal_label)


def _reporting_kinds() -> list[KindSpec]:
    """The kinds with a part in the report, in the order they declare (``KindSpec.report_position``)."""
    return sorted((spec for spec in kinds().values()
                   if spec.report_sections is not None or spec.key_figures is not None),
                  key=lambda spec: spec.report_position)


def build_committee_report(month: int, figures: Figures, measures: list[PlanLine],
                           first: int | None = None) -> CommitteeReport:
    """The report of ``month`` (``202011``) from its figures and its action-plan lines; its month
    tables from ``first`` (``report_months``). Its own sections frame the kinds': the checks first,
    then each kind's (``KindSpec.report_sections``, by ``report_position``), then the series, the
    barriers and the targets."""
    months = report_months(month, first)
    context = ReportContext(figures, month, months, tuple(measures))
    reporting = _reporting_kinds()
    year_tables = [_year_table(figures, month, key, label(key)) for key in YEAR_TABLES]
    controls = _controls(figures, month, months)
    sections = (
        Section("controls", _("Checks and decisions"), (controls,),
                (month_chart(controls, months, (FigureKey.HOUSEHOLDS_APPLIED.value, FigureKey.DECISIONS_TOTAL.value),
                             figures),)),
        *(section for spec in reporting if spec.report_sections is not None
          for section in spec.report_sections(context)),
        Section("series", _("Households and costs by month"), tuple(t for t, _c in year_tables),
                tuple(c for _t, c in year_tables)),
        Section("barriers", _("Households' barriers to self-support"), (_barriers(figures, month),)),
        Section("targets", _("Targets and key figures"), (_headline(context, reporting), _targets(figures, month))),
    )
    title = _("Follow-up of financial assistance for %(month)s %(year)d", month=month_name(month),
              year=Month(month).year)
    return CommitteeReport(month, title, sections)

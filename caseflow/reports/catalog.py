"""The metric catalog: one declaration per metric, read by the rollup, the API and the reports.

A metric's ``value`` says how it is read from the scans of its source table
(``caseflow.reports.aggregates``): a sum over one grouped statement's rows for the month, or a
stock at the month's end carried forward by net flows. Each metric has a row per month and unit
and one for the whole municipality (``ALL_UNITS``; not always the sum of the units: a household
checked by two units is one household). A month with nothing gets the metric's ``empty`` value.
Adding a metric is adding one declaration here (and, for a new table, its scan), and its test.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from caseflow.checks import metrics as checks
from caseflow.checks.models import CheckActor
from caseflow.figures import metrics as figures
from caseflow.figures.keys import FIGURES
from caseflow.measures import metrics as measures
from caseflow.measures.states import MeasureState
from caseflow.referrals import metrics as referrals
from caseflow.reports.aggregates import Count, OpenWithoutNote, Reads, Stock, ToDate
from caseflow.reports.sources import Source
from caseflow.sip import metrics as sip
from caseflow.sublease import metrics as sublease


@dataclass(frozen=True)
class Metric:
    key: str
    label_sv: str
    label_en: str
    source: Source
    value: Count | Stock | ToDate | OpenWithoutNote
    #: Counted metrics are 0 for a month with nothing; imported figures are None, never 0.
    is_counted: bool = True
    #: Whether rows are computed per unit too; imported figures exist only for all units.
    per_unit: bool = True

    @property
    def reads(self) -> tuple[Reads, ...]:
        """The item fields the metric reads besides the transitions, from its scan's declaration."""
        scan = self.value.noted.scan if isinstance(self.value, OpenWithoutNote) else self.value.scan
        return scan.reads

    @property
    def empty(self) -> Decimal | None:
        return Decimal(0) if self.is_counted else None


CATALOG: tuple[Metric, ...] = (
    Metric("referrals_sent", "Antal arbetsmarknadsuppdrag, individer (exkl. status \"avvisad\")",
           "Referrals, individuals (excluding rejected)", Source.REFERRAL, referrals.sent),
    Metric("referrals_rejected", "Avvisade anvisningar", "Rejected referrals", Source.REFERRAL, referrals.rejected),
    Metric("referrals_started", "Påbörjade insatser", "Referrals started", Source.REFERRAL, referrals.started),
    Metric("referrals_completed", "Avslutade insatser", "Referrals completed", Source.REFERRAL,
           referrals.completed),
    Metric("referrals_completed_work", "Avslutade till arbete", "Completed into work", Source.REFERRAL,
           referrals.completed_with("work")),
    Metric("referrals_completed_studies", "Avslutade till studier", "Completed into studies", Source.REFERRAL,
           referrals.completed_with("studies")),
    Metric("sublease_rejections_new", "Nya avslag pga icke godkänt andrahandsavtal",
           "New rejections for an unapproved sublease", Source.SUBLEASE_CASE, sublease.rejections_new),
    Metric("sublease_rejections_total", "Avslag pga icke godkänt andrahandsavtal totalt",
           "Rejections for an unapproved sublease, to date", Source.SUBLEASE_CASE, sublease.rejections_total),
    Metric("kir_checks", "Slagningar i KIR", "KIR register checks", Source.SUBLEASE_CASE, sublease.kir_checks),
    Metric("double_rent_suspicions", "Misstänkta dubbla hyror", "Suspected double rents", Source.SUBLEASE_CASE,
           sublease.double_rent_suspicions),
    Metric("sip_meetings_held", "Genomförda SIP-möten och flerpartsmöten", "SIP and multi-party meetings held",
           Source.SIP, sip.meetings_held),
    Metric("sip_meetings_held_multi_party", "Varav flerpartsmöten", "Of which multi-party meetings", Source.SIP,
           sip.meetings_held_multi_party),
    Metric("sip_meetings_held_digital", "Varav digitala", "Of which digital", Source.SIP, sip.meetings_held_digital),
    Metric("sip_meetings_held_total", "Genomförda möten totalt", "Meetings held, to date", Source.SIP,
           sip.meetings_held_total),
    Metric("sip_plans_active", "Pågående SIP-ärenden", "Active SIP plans", Source.SIP, sip.plans_active),
    Metric("measures_planned", "Planerade åtgärder", "Measures planned", Source.MEASURE,
           measures.in_state(MeasureState.PLANNED)),
    Metric("measures_in_progress", "Pågående åtgärder", "Measures in progress", Source.MEASURE,
           measures.in_state(MeasureState.IN_PROGRESS)),
    Metric("measures_paused", "Pausade åtgärder", "Measures paused", Source.MEASURE,
           measures.in_state(MeasureState.PAUSED)),
    Metric("measures_completed", "Genomförda åtgärder", "Measures completed", Source.MEASURE,
           measures.in_state(MeasureState.COMPLETED)),
    Metric("measures_cancelled", "Avbrutna åtgärder", "Measures cancelled", Source.MEASURE,
           measures.in_state(MeasureState.CANCELLED)),
    Metric("measures_missing_note", "Åtgärder utan uppföljning för månaden", "Measures without a note for the month",
           Source.MEASURE, measures.missing_note),
    Metric("ssbtek_lookups_caseworker", "Antal slagningar i SSBTEK (handläggare)",
           "SSBTEK lookups (caseworkers)", Source.CONTROL_CHECKS, checks.lookups(CheckActor.CASEWORKER)),
    Metric("ssbtek_lookups_robot", "Antal slagningar i SSBTEK (robot)",
           "SSBTEK lookups (robot)", Source.CONTROL_CHECKS, checks.lookups(CheckActor.ROBOT)),
    Metric("individuals_checked", "Totalt antal kontrollerade individer (inkl. barn), SSBTEK",
           "Individuals checked (children included), SSBTEK", Source.CONTROL_CHECKS,
           checks.individuals_checked),
    *(Metric(spec.key.value, spec.label_sv, spec.label_en, Source.FIGURES, figures.latest_value(spec.key),
             is_counted=False, per_unit=False) for spec in FIGURES),
)

METRICS: dict[str, Metric] = {metric.key: metric for metric in CATALOG}

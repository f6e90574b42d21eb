"""The imported figure keys of DESIGN.md, declared once: labels and what a valid value is."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class FigureKey(StrEnum):
    HOUSEHOLDS_APPLIED = "households_applied"
    DECISIONS_TOTAL = "decisions_total"
    EXECUTIONS_OPENED = "executions_opened"
    HOUSEHOLDS_ONGOING = "households_ongoing"
    AVG_COST_PER_HOUSEHOLD = "avg_cost_per_household"
    TEMPORARY_HOUSING_COST = "temporary_housing_cost"
    ADULT_RECIPIENTS = "adult_recipients"
    ADULT_RECIPIENTS_SHARE_PCT = "adult_recipients_share_pct"
    E_APPLICATION_SHARE_PCT = "e_application_share_pct"
    GRANT_DECISIONS = "grant_decisions"
    REGISTRY_LEADER_AGE_AVG = "registry_leader_age_avg"


@dataclass(frozen=True)
class FigureSpec:
    key: FigureKey
    label_sv: str
    label_en: str
    #: Counts of households, decisions or persons are whole numbers.
    is_whole: bool = False
    #: Shares are percentages (``41,4``), so at most 100.
    maximum: Decimal | None = None
    #: Whether the months add up to a year or a mandate period (households who applied do; a stock
    #: or a share does not): how a target over such a period counts it.
    adds_up: bool = False
    #: A figure given per report group of försörjningshinder (seed 001's table), not for the month
    #: as a whole: stored per group, shown in the report's ``barriers`` table, in no metric.
    by_group: bool = False


_PCT = Decimal(100)

FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(FigureKey.HOUSEHOLDS_APPLIED, "Antal hushåll", "Number of households", is_whole=True,
               adds_up=True),
    FigureSpec(FigureKey.DECISIONS_TOTAL, "Beslut ek bistånd totalt (beviljande och avslag)",
               "Decisions on financial assistance in total (grants and refusals)", is_whole=True, adds_up=True),
    FigureSpec(FigureKey.EXECUTIONS_OPENED, "Antal öppnade verkställigheter, hushåll",
               "Executions opened, households", is_whole=True, adds_up=True),
    FigureSpec(FigureKey.HOUSEHOLDS_ONGOING, "Pågående hushåll", "Ongoing households", is_whole=True),
    FigureSpec(FigureKey.AVG_COST_PER_HOUSEHOLD, "Snittkostnad/hushåll", "Average cost per household"),
    FigureSpec(FigureKey.TEMPORARY_HOUSING_COST, "Kostnader för tillfälliga boenden",
               "Costs of temporary housing"),
    FigureSpec(FigureKey.ADULT_RECIPIENTS, "Antal vuxna biståndsmottagare", "Adult recipients",
               is_whole=True),
    FigureSpec(FigureKey.ADULT_RECIPIENTS_SHARE_PCT, "Vuxna biståndsmottagare, andel av befolkningen (%)",
               "Adult recipients, share of the population (%)", maximum=_PCT),
    FigureSpec(FigureKey.E_APPLICATION_SHARE_PCT, "Andel ansökningar via e-ansökan (%)",
               "Share of applications made online (%)", maximum=_PCT),
    FigureSpec(FigureKey.GRANT_DECISIONS, "Antal beviljandebeslut", "Grant decisions", is_whole=True,
               by_group=True),
    FigureSpec(FigureKey.REGISTRY_LEADER_AGE_AVG, "Genomsnittlig ålder, registerledare",
               "Average age, registered head of household", maximum=Decimal(130), by_group=True),
)

FIGURE_SPECS: dict[str, FigureSpec] = {spec.key.value: spec for spec in FIGURES}

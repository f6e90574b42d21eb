"""The referral scans and values of the metric catalog."""

from __future__ import annotations

from sqlalchemy import Select, case, func, literal, select

from caseflow.items.models import WorkItem
from caseflow.referrals.models import Referral
from caseflow.referrals.states import ReferralState
from caseflow.reports.aggregates import T, Scan, count, in_month, reads
from caseflow.reports.models import ALL_UNITS
from caseflow.workflow.machine import CREATE, VOIDED
from caseflow.reports.metric import Metric
from caseflow.reports.sources import Source
from caseflow.referrals import states

KIND = "referral"
_referral = Referral.__table__
_item = WorkItem.__table__


def _creations(first: int, last: int, per_unit: bool) -> Select:
    """Referrals by the month they were sent (their creation), at the unit that sent them.

    ``persons``: distinct persons with a referral sent in M that is not now rejected (the seeds'
    "exkl. status avvisad"): a person referred twice in a month is one person; for all units
    together, one person even if two units referred them. ``rejected``: referrals sent in M that
    are now rejected, however late the rejection came.
    """
    unit = T.c.unit_id if per_unit else literal(ALL_UNITS)
    is_rejected = _item.c.state == ReferralState.REJECTED.value
    stmt = (select(T.c.month, unit.label("unit_id"),
                   func.count(func.distinct(case((~is_rejected, _referral.c.person_ref)))).label("persons"),
                   func.count(case((is_rejected, 1))).label("rejected"))
            .select_from(T)
            .join(_referral, _referral.c.id == T.c.item_id)
            .join(_item, _item.c.id == T.c.item_id)
            .where(T.c.month.between(first, last), T.c.kind == KIND, T.c.event == CREATE,
                   _item.c.state != VOIDED)
            .group_by(T.c.month))
    return stmt.group_by(T.c.unit_id) if per_unit else stmt


#: A referral counts in the month it was sent, by its person and by its current state.
CREATIONS = Scan("referral_creations", _creations, additive=False,
                 reads=(reads(KIND, "person_ref", "state", event=CREATE),))

sent = count(CREATIONS, "persons")
rejected = count(CREATIONS, "rejected")
started = in_month(KIND, "start")
completed = in_month(KIND, "complete")


def completed_with(*outcomes: str):
    """Of the referrals completed in M, those with one of ``outcomes`` (as the transition recorded)."""
    return in_month(KIND, "complete", outcome=outcomes[0] if len(outcomes) == 1 else frozenset(outcomes))


SOURCE = Source(states.SOURCE)

# Named once here: the committee report (``caseflow.reports.committee``) reads these declarations.
SENT = Metric("referrals_sent", "Antal arbetsmarknadsuppdrag, individer (exkl. status \"avvisad\")",
              'Labour-market assignments, individuals (excluding status "rejected")', SOURCE, sent)
REJECTED = Metric("referrals_rejected", "Avvisade anvisningar", "Rejected referrals", SOURCE, rejected)
STARTED = Metric("referrals_started", "Påbörjade insatser", "Referrals started", SOURCE, started)
COMPLETED = Metric("referrals_completed", "Avslutade insatser", "Referrals completed", SOURCE, completed)
COMPLETED_WORK = Metric("referrals_completed_work", "Avslutade till arbete", "Completed into work", SOURCE,
                        completed_with("work"))
COMPLETED_STUDIES = Metric("referrals_completed_studies", "Avslutade till studier", "Completed into studies",
                           SOURCE, completed_with("studies"))
# Seed 004's target: adults into self-sufficiency (egen försörjning), by work or by studies.
COMPLETED_SELF_SUFFICIENT = Metric(
    "referrals_completed_self_sufficient", "Avslutade till egen försörjning (arbete eller studier)",
    "Completed into self-sufficiency (work or studies)", SOURCE, completed_with("work", "studies"))

#: The package's metrics, in the report's order; the catalog (``caseflow.reports.catalog``) collects them.
METRICS = (SENT, REJECTED, STARTED, COMPLETED, COMPLETED_WORK, COMPLETED_STUDIES, COMPLETED_SELF_SUFFICIENT)

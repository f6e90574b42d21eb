"""The referral's declaration (``caseflow.items.registry``): its page, its due date, its fields' rules."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import joinedload

from caseflow.extensions import db
from caseflow.formatting import iso_date
from caseflow.items.access import visible
from caseflow.items.deadlines import REFERRAL_ANSWER_DAYS, referral_answer_due, time_state
from caseflow.items.forms import reference_choices
from caseflow.items.models import Transition
from caseflow.items.registry import KindSpec, ListChoice, Summary, Todo, Watch, WatchRow
from caseflow.reference.rules import REFERRAL_START_DAYS, rule_value
from caseflow.items.validation import code, past_date, ref
from caseflow.reference.models import BarrierReason, ReferralOutcome, ReferralTarget
from caseflow.referrals.forms import ReferralEditForm
from caseflow.referrals.models import Referral
from caseflow.referrals.report import key_figures, report_sections
from caseflow.referrals.states import ReferralState


def _due_on(item):
    """A referral sent waits for the receiving centre's answer."""
    return referral_answer_due(item.sent_on) if item.state == ReferralState.SENT else None


def _due_order():
    """The answer's due date lies a fixed number of days after the sending: ordered as ``sent_on`` is."""
    return case((Referral.state == ReferralState.SENT, Referral.sent_on))


def _due_before(day: date):
    """``_due_on`` as SQL: sent and waiting since before ``day`` less the answer's days."""
    return and_(Referral.state == ReferralState.SENT, Referral.sent_on < day - timedelta(days=REFERRAL_ANSWER_DAYS))


def _waiting(stmt, today):
    return stmt.where(Referral.state == ReferralState.SENT)


def _summary(item) -> Summary:
    """The person and the target as the unit says them ("P2426", "Anvisning till UJC")."""
    return Summary(item.person_ref, _("Referral to %(target)s", target=item.target))


def _accepted_not_started(actor, today: date, limit: int) -> list[WatchRow]:
    """The unit's referrals accepted more than the rule's days ago and not yet started, longest waiting first."""
    days = rule_value(REFERRAL_START_DAYS)
    accepted_on = (select(func.max(Transition.effective_on))
                   .where(Transition.item_id == Referral.id, Transition.event == "accept")
                   .scalar_subquery())
    stmt = (visible(actor, select(Referral, accepted_on), model=Referral)
            .where(Referral.state == ReferralState.ACCEPTED, accepted_on < today - timedelta(days=days))
            .options(joinedload(Referral.owner)).order_by(accepted_on, Referral.id).limit(limit))
    rows = []
    for item, on in db.session.execute(stmt):
        due_on = on + timedelta(days=days)
        rows.append(WatchRow(item, due_on, time_state(due_on, today),
                             _("Accepted %(on)s, not started after %(n)d days.", on=iso_date(on),
                               n=(today - on).days), item.id))
    return rows


def _start_rule(today: date) -> str:
    return _("Accepted referrals not started within %(n)d days (a rule the administrator sets).",
             n=rule_value(REFERRAL_START_DAYS))


def _value_names(item) -> dict:
    return {"target": dict(reference_choices(ReferralTarget, keep=item.target)),
            "barrier_group": dict(reference_choices(BarrierReason, keep=item.barrier_group))}


def _page_context(item) -> dict:
    return {"outcome_names": dict(reference_choices(ReferralOutcome)),
            "names": {"target": dict(reference_choices(ReferralTarget, keep=item.target)),
                      "barrier": dict(reference_choices(BarrierReason, keep=item.barrier_group))}}


KINDS = (
    KindSpec(
        name="referral",
        page_template="referrals/_item.html",
        field_rules={"person_ref": ref("person_ref"), "sent_on": past_date("sent_on"),
                     "target": code(ReferralTarget, required=True), "barrier_group": code(BarrierReason, required=False)},
        field_labels={"person_ref": _l("Person reference"), "sent_on": _l("Sent on"), "target": _l("Referred to"),
                      "barrier_group": _l("Barrier to self-support (försörjningshinder)")},
        value_names=_value_names,
        edit_form=ReferralEditForm,
        outcomes=ReferralOutcome,
        due_on=_due_on,
        due_before=_due_before,
        page_context=_page_context,
        api_fields=("person_ref", "sent_on", "target", "barrier_group"),
        searchable=(Referral.case_ref, Referral.person_ref),
        list_filters=(
            ListChoice("target", _l("Referred to"), lambda: Referral.target,
                       lambda: reference_choices(ReferralTarget)),
            ListChoice("barrier_group", _l("Barrier to self-support (försörjningshinder)"),
                       lambda: Referral.barrier_group, lambda: reference_choices(BarrierReason)),
        ),
        due_order=_due_order,
        summary=_summary,
        watch=(Watch("accepted-not-started", _l("Accepted referrals not started"),
                     _l("No accepted referral has waited too long to start."), _accepted_not_started,
                     _start_rule),),
        todo=(Todo("answers", _l("Referrals waiting for an answer"), _l("No referral is waiting for an answer."),
                   _l("Referral waiting for an answer"), _waiting, (Referral.sent_on, Referral.id), _due_on),),
        report_sections=report_sections,
        report_position=20,
        key_figures=key_figures,
    ),
)

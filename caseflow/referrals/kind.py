"""The referral's declaration (``caseflow.items.registry``): its page, its due date, its fields' rules."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case

from caseflow.items.deadlines import REFERRAL_ANSWER_DAYS, referral_answer_due
from caseflow.items.forms import reference_choices
from caseflow.items.registry import KindSpec, ListChoice, Todo
from caseflow.items.validation import code, past_date, ref
from caseflow.reference.models import BarrierReason, ReferralOutcome, ReferralTarget
from caseflow.referrals.forms import ReferralEditForm
from caseflow.referrals.models import Referral
from caseflow.referrals.states import ReferralState


def _due_on(item):
    """A referral sent waits for the receiving centre's answer."""
    return referral_answer_due(item.sent_on) if item.state == ReferralState.SENT else None


def _due_order():
    """The answer's due date lies a fixed number of days after the sending: ordered as ``sent_on`` is."""
    return case((Referral.state == ReferralState.SENT, Referral.sent_on))


def _late_where(today):
    return and_(Referral.state == ReferralState.SENT,
                Referral.sent_on < today - timedelta(days=REFERRAL_ANSWER_DAYS))


def _waiting(stmt, today):
    return stmt.where(Referral.state == ReferralState.SENT)


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
        late_where=_late_where,
        todo=(Todo("answers", _l("Referrals waiting for an answer"), _l("No referral is waiting for an answer."),
                   _l("Referral waiting for an answer"), _waiting, (Referral.sent_on, Referral.id), _due_on),),
    ),
)

"""The sublease case's declaration (``caseflow.items.registry``): its page with the KIR check, its fields' rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.db import today_local
from caseflow.items.registry import ChangeLabel, KindSpec, Summary
from caseflow.items.state_labels import CONTRACT_TYPE_LABELS
from caseflow.items.validation import one_of, optional, past_date, whole_number, yes_or_no
from caseflow.sublease.forms import KirCheckForm, SubleaseEditForm
from caseflow.sublease.models import ContractType
from caseflow.sublease.report import report_sections
from caseflow.sublease.services import KIR_CHECK


def _page_forms(item, actor, bound: dict, fresh) -> dict:
    return {"kir": bound.get("kir") or fresh(
        KirCheckForm, "kir", kir_checked_on=item.kir_checked_on or today_local(),
        registered_at_address=item.registered_at_address, double_rent_suspected=item.double_rent_suspected)}


KINDS = (
    KindSpec(
        name="sublease_case",
        page_template="sublease/_item.html",
        field_rules={"applied_on": past_date("applied_on"), "contract_type": one_of(ContractType),
                     "kir_checked_on": optional(past_date("kir_checked_on")),
                     "registered_at_address": whole_number(0, 999, required=False),
                     "double_rent_suspected": yes_or_no},
        field_labels={"applied_on": _l("Applied on"), "contract_type": _l("Housing contract"),
                      "kir_checked_on": _l("Checked in KIR on"),
                      "registered_at_address": _l("Persons registered at the address"),
                      "double_rent_suspected": _l("Double rent suspected")},
        # Every check is kept (``record_kir_check``), each a line of the history.
        change_labels={KIR_CHECK: ChangeLabel(_l("KIR check"))},
        value_names=lambda item: {"contract_type": CONTRACT_TYPE_LABELS},
        edit_form=SubleaseEditForm,
        page_forms=_page_forms,
        summary=lambda item: Summary(None, str(CONTRACT_TYPE_LABELS.get(item.contract_type, item.contract_type))),
        api_fields=("applied_on", "contract_type", "kir_checked_on", "registered_at_address", "double_rent_suspected"),
        report_sections=report_sections,
        report_position=10,
    ),
)

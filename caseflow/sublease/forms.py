"""The sublease case forms: register one, edit it, record its KIR check."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from caseflow.db import today_local
from caseflow.forms_support import Form
from caseflow.items.forms import REQUIRED, CreateForm, VersionedForm, date_field, ref_field
from caseflow.items.state_labels import CONTRACT_TYPE_LABELS


def _contract_types():
    return list(CONTRACT_TYPE_LABELS.items())


class _SubleaseFields(Form):
    applied_on = date_field(_l("Applied on"), default=today_local)
    contract_type = SelectField(_l("Housing contract"), choices=_contract_types, default="sublease",
                                validators=[InputRequired(REQUIRED)])


class SubleaseCreateForm(_SubleaseFields, CreateForm):
    case_ref = ref_field(_l("Case reference (household)"))


class SubleaseEditForm(_SubleaseFields, VersionedForm):
    def changes(self) -> dict:
        return {"applied_on": self.applied_on.data, "contract_type": self.contract_type.data}


class KirCheckForm(VersionedForm):
    kir_checked_on = date_field(_l("Checked in KIR on"), default=today_local)
    registered_at_address = IntegerField(
        _l("Persons registered at the address"), validators=[Optional(), NumberRange(0, 999)],
        render_kw={"inputmode": "numeric"})
    double_rent_suspected = BooleanField(_l("Double rent suspected"))

"""The referral forms: register one, and edit its details."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import InputRequired, Optional

from caseflow.db import today_local
from caseflow.forms_support import Form
from caseflow.items.forms import REQUIRED, CreateForm, VersionedForm, date_field, ref_field, reference_choices
from caseflow.reference.models import BarrierReason, ReferralTarget


class _ReferralFields(Form):
    person_ref = ref_field(_l("Person reference"))
    sent_on = date_field(_l("Sent on"), default=today_local)
    #: Choices from the reference tables, set by ``load_choices``.
    target = SelectField(_l("Referred to"), choices=[], validators=[InputRequired(REQUIRED)])
    barrier_group = SelectField(_l("Barrier to self-support (försörjningshinder)"), choices=[],
                                validators=[Optional()])

    def load_choices(self, item=None) -> None:
        self.target.choices = reference_choices(ReferralTarget, keep=item.target if item else None)
        self.barrier_group.choices = reference_choices(BarrierReason, blank=_l("Not stated"),
                                                       keep=item.barrier_group if item else None)


class ReferralCreateForm(_ReferralFields, CreateForm):
    case_ref = ref_field(_l("Case reference (household)"))


class ReferralEditForm(_ReferralFields, VersionedForm):
    def prepare(self, item, actor, fresh: bool) -> None:
        self.load_choices(item)

    def changes(self) -> dict:
        return {"person_ref": self.person_ref.data.strip(), "sent_on": self.sent_on.data,
                "target": self.target.data, "barrier_group": self.barrier_group.data or None}

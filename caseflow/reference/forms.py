"""The admin's forms for reference codes and the reference patterns."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from caseflow.forms_support import Form
from caseflow.reference.models import NationalGroup

GROUP_LABELS = {
    NationalGroup.UNEMPLOYMENT: _l("Unemployment"),
    NationalGroup.ILL_HEALTH: _l("Ill health"),
    NationalGroup.SOCIAL_REASONS: _l("Social reasons"),
}


class ReferenceForm(Form):
    name_sv = StringField(_l("Name in Swedish"), validators=[InputRequired(), Length(max=120)])
    name_en = StringField(_l("Name in English"), validators=[InputRequired(), Length(max=120)])
    is_active = BooleanField(_l("Active"), default=True)


class BarrierReasonForm(ReferenceForm):
    national_group = SelectField(_l("National group"), validators=[InputRequired()],
                                 choices=[SelectChoice(g.value, label) for g, label in GROUP_LABELS.items()])


class ReferenceCreateForm(ReferenceForm):
    code = StringField(_l("Code"), validators=[InputRequired(), Length(max=32)])


class BarrierReasonCreateForm(BarrierReasonForm):
    code = StringField(_l("Code"), validators=[InputRequired(), Length(max=32)])


class PatternForm(Form):
    case_ref = StringField(_l("Pattern for case references"), validators=[InputRequired(), Length(max=200)])
    person_ref = StringField(_l("Pattern for person references"), validators=[InputRequired(), Length(max=200)])
    example = StringField(_l("Example reference to try"), validators=[Optional(), Length(max=64)])


class RulesForm(Form):
    """The rules of ``caseflow.reference.rules``; a field per rule, named by its key."""

    referral_start_days = IntegerField(_l("Days an accepted referral may wait to be started"),
                                       validators=[InputRequired(_l("A whole number of days."))])

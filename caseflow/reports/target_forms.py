"""The analyst's form for one of the committee's targets."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from caseflow.forms_support import Form
from caseflow.formatting import parse_number
from caseflow.reports.catalog import CATALOG
from caseflow.reports.models import TargetDirection, TargetPeriod
from caseflow.reports.targets import MAX_TITLE

DIRECTION_LABELS = {TargetDirection.AT_MOST: _l("At most"), TargetDirection.AT_LEAST: _l("At least")}
PERIOD_LABELS = {TargetPeriod.MONTH: _l("The report's month"), TargetPeriod.YEAR: _l("The year so far"),
                 TargetPeriod.MANDATE: _l("The mandate period so far")}


class TargetForm(Form):
    title = StringField(_l("Target, in the committee's words"), validators=[InputRequired(), Length(max=MAX_TITLE)])
    metric = SelectField(_l("Figure"), validators=[InputRequired()])
    direction = SelectField(_l("Direction"), validators=[InputRequired()],
                            choices=[SelectChoice(d.value, label) for d, label in DIRECTION_LABELS.items()])
    value = StringField(_l("Target value"), validators=[InputRequired(), Length(max=30)])
    period = SelectField(_l("Counted over"), validators=[InputRequired()],
                         choices=[SelectChoice(p.value, label) for p, label in PERIOD_LABELS.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.metric.choices = [SelectChoice(metric.key, metric.label()) for metric in CATALOG]

    def validate_value(self, field):
        try:
            field.number = parse_number(field.data)
        except ValueError:
            raise ValidationError(_l("A number, e.g. 1 000 or 1,5.")) from None

"""The log review's filter, shown as a GET form and repeated in the export's POST form."""

from flask_babel import lazy_gettext as _l
from caseflow.forms_support import Form
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import NumberRange, Optional, ValidationError

from caseflow.audit.review import LogFilter


class _FilterFields(Form):
    user = StringField(_l("Username"), validators=[Optional()])
    item_id = IntegerField(_l("Item number"), validators=[Optional(), NumberRange(min=1)])
    date_from = DateField(_l("From date"), validators=[Optional()])
    date_to = DateField(_l("To date"), validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))

    def filters(self) -> LogFilter:
        return LogFilter(username=self.user.data or None, item_id=self.item_id.data,
                         date_from=self.date_from.data, date_to=self.date_to.data)


class LogFilterForm(_FilterFields):
    """Read from the query string; reading changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False


class ExportForm(_FilterFields):
    """The same filter, posted with a CSRF token: an export is recorded in the audit log."""

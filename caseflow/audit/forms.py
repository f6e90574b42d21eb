"""The log review's filter, shown as a GET form and repeated in the export's POST form."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import NumberRange, Optional, ValidationError

from caseflow.audit.review import LogFilter
from caseflow.db import MAX_ID
from caseflow.forms_support import Form
from caseflow.months import Month


def _within_the_years(form, field):
    # A day after 9999-12-31 does not exist: the filter's end is the next day's start.
    if field.data and not Month.FIRST_YEAR <= field.data.year <= Month.LAST_YEAR:
        raise ValidationError(_l("A date from %(first)d to %(last)d.", first=Month.FIRST_YEAR, last=Month.LAST_YEAR))


class _FilterFields(Form):
    user = StringField(_l("Username"), validators=[Optional()])
    item_id = IntegerField(_l("Item number"), validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    date_from = DateField(_l("From date"), validators=[Optional(), _within_the_years])
    date_to = DateField(_l("To date"), validators=[Optional(), _within_the_years])

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

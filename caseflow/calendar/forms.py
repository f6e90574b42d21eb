"""The calendar's forms: a meeting's date, and the settings of deadlines and reminders."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from caseflow.calendar.models import MAX_SETTING_DAYS
from caseflow.forms_support import Form
from caseflow.items.forms import date_field

WHOLE_NUMBER = _l("A whole number from 0 to %(most)d.", most=MAX_SETTING_DAYS)


class MeetingForm(Form):
    meets_on = date_field(_l("Meeting date"))


class SettingsForm(Form):
    deadline_working_days = IntegerField(
        _l("Working days from the deadline to the meeting"),
        validators=[InputRequired(WHOLE_NUMBER), NumberRange(min=0, max=MAX_SETTING_DAYS, message=WHOLE_NUMBER)])
    reminder_days = IntegerField(
        _l("Days before the deadline the reminders are sent"),
        validators=[InputRequired(WHOLE_NUMBER), NumberRange(min=0, max=MAX_SETTING_DAYS, message=WHOLE_NUMBER)])

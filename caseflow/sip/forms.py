"""The SIP forms: a plan, its consent, its meetings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TimeField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from caseflow.db import today_local
from caseflow.forms_support import Form
from caseflow.items.forms import (
    REQUIRED,
    CreateForm,
    EventForm,
    MultiCheckboxField,
    VersionedForm,
    date_field,
    ref_field,
    reference_choices,
)
from caseflow.items.access import unit_members
from caseflow.items.state_labels import MEETING_KIND_LABELS, MEETING_MODE_LABELS
from caseflow.reference.models import SipParticipant
from caseflow.sip.models import DURATIONS, PLANNING_FIELDS


class _CoordinatorChoice(Form):
    # Not ``Optional()``: it would take a blank " " for no choice and skip the check of the choices.
    coordinator_id = SelectField(_l("SIP coordinator"), choices=[], default="")

    def load_choices(self, actor) -> None:
        self.coordinator_id.choices = [("", _l("Not chosen yet"))] + [
            (str(u.id), u.display_name) for u in unit_members(actor)]

    def coordinator(self) -> int | None:
        return int(self.coordinator_id.data) if self.coordinator_id.data else None


class PlanCreateForm(_CoordinatorChoice, CreateForm):
    person_ref = ref_field(_l("Person reference"))
    case_ref = ref_field(_l("Case reference (household)"))
    initiated_on = date_field(_l("Initiated on"), default=today_local)
    consent_on = date_field(_l("Consent given on"), required=False)


class PlanEditForm(_CoordinatorChoice, VersionedForm):
    person_ref = ref_field(_l("Person reference"))
    initiated_on = date_field(_l("Initiated on"))

    def prepare(self, item, actor, fresh: bool) -> None:
        self.load_choices(actor)
        if fresh:  # a select holds text; the item holds an id or None
            self.coordinator_id.data = str(item.coordinator_id or "")

    def changes(self) -> dict:
        return {"person_ref": self.person_ref.data.strip(), "initiated_on": self.initiated_on.data,
                "coordinator_id": self.coordinator()}


class ConsentForm(VersionedForm):
    consent_on = date_field(_l("Consent given on"), default=today_local)


class WithdrawConsentForm(VersionedForm):
    on = date_field(_l("Consent withdrawn on"), default=today_local)


def _kinds():
    return list(MEETING_KIND_LABELS.items())


def _modes():
    return list(MEETING_MODE_LABELS.items())


#: The labels of a meeting's time, place and contacts: the forms', the history's and the page's.
MEETING_FIELD_LABELS = {
    "start_time": _l("Starts at"),
    "duration_minutes": _l("Length"),
    "place": _l("Place"),
    "video_link": _l("Link to the video meeting"),
    "contact_region": _l("Contact at the Region"),
    "contact_forsakringskassan": _l("Contact at Försäkringskassan"),
    "contact_arbetsformedlingen": _l("Contact at Arbetsförmedlingen"),
    "contact_other": _l("Other party and contact"),
}
#: The hints shown beneath those fields.
MEETING_FIELD_HINTS = {
    "start_time": _l("HH:MM, for example 09:30. Leave empty if not yet known."),
    "duration_minutes": _l("Optional: how long the meeting is booked for."),
    "place": _l("A room or an address; no case or person reference (it reaches the calendar)."),
    "video_link": _l("Only for a digital meeting: the link beginning with https://."),
    "contact_region": _l("Name and role, for example “Anna Berg, psychiatry nurse”. No personal identity number."),
    "contact_other": _l("Which party, and the contact’s name and role."),
}
_TIME_MESSAGE = _l("A time of day (HH:MM) is required.")


def _durations(current: int | None = None):
    """The usual lengths, and a meeting's own if the API set another (so a correction keeps it)."""
    lengths = sorted({*DURATIONS, current} - {None})
    return [("", _l("Not set"))] + [(str(n), _duration_label(n)) for n in lengths]


def _duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _l("%(n)d minutes", n=rest)
    if not rest:
        return _l("%(h)d h", h=hours)
    return _l("%(h)d h %(m)d min", h=hours, m=rest)


def _time_field(name):
    return TimeField(MEETING_FIELD_LABELS[name], format=["%H:%M", "%H:%M:%S"], validators=[Optional()],
                     invalid_value_message=_TIME_MESSAGE)


def _text_field(name, max_length):
    return StringField(MEETING_FIELD_LABELS[name], validators=[Optional(), Length(max=max_length)],
                       filters=[lambda value: value.strip() if isinstance(value, str) else value])


class _MeetingFields(Form):
    scheduled_for = date_field(_l("Date of the meeting"), default=today_local)
    start_time = _time_field("start_time")
    duration_minutes = SelectField(MEETING_FIELD_LABELS["duration_minutes"], choices=_durations, default="",
                                   validators=[Optional()])
    meeting_kind = SelectField(_l("Kind of meeting"), choices=_kinds, default="sip",
                               validators=[InputRequired(REQUIRED)])
    mode = SelectField(_l("In person or digital"), choices=_modes, default="in_person", validators=[InputRequired(REQUIRED)])
    place = _text_field("place", 200)
    video_link = StringField(MEETING_FIELD_LABELS["video_link"], validators=[Optional(), Length(max=500)],
                             filters=[lambda value: value.strip() if isinstance(value, str) else value],
                             render_kw={"type": "url", "inputmode": "url", "spellcheck": "false"})
    contact_region = _text_field("contact_region", 200)
    contact_forsakringskassan = _text_field("contact_forsakringskassan", 200)
    contact_arbetsformedlingen = _text_field("contact_arbetsformedlingen", 200)
    contact_other = _text_field("contact_other", 200)

    hints = MEETING_FIELD_HINTS

    def details(self) -> dict:
        """The meeting's time, place and contacts as the service takes them (an empty text is None)."""
        details = {name: self[name].data or None for name in PLANNING_FIELDS}
        if details["duration_minutes"]:  # the select holds text
            details["duration_minutes"] = int(details["duration_minutes"])
        return details


class MeetingCreateForm(_MeetingFields, CreateForm):
    participants = MultiCheckboxField(_l("Participants"), choices=[],
                                      validators=[InputRequired(_l("Tick at least one participant."))])

    def load_choices(self) -> None:
        self.participants.choices = reference_choices(SipParticipant)


class MeetingEditForm(_MeetingFields, VersionedForm):
    next_follow_up_on = date_field(_l("Next follow-up on"), required=False)

    def prepare(self, item, actor, fresh: bool) -> None:
        self.duration_minutes.choices = _durations(item.duration_minutes)

    def changes(self) -> dict:
        return {"scheduled_for": self.scheduled_for.data, "meeting_kind": self.meeting_kind.data,
                "mode": self.mode.data, "next_follow_up_on": self.next_follow_up_on.data, **self.details()}


class HoldForm(EventForm):
    """A meeting held: its day, and when the plan is followed up next, known at the meeting."""

    next_follow_up_on = date_field(_l("Next follow-up on"), required=False)

    EXTRA_FIELDS = ("next_follow_up_on",)
    hints = {"next_follow_up_on": _l("Agreed at the meeting; leave empty if not yet known.")}

    def validate_next_follow_up_on(self, field):
        if field.data and self.on.data and field.data <= self.on.data:
            raise ValidationError(_l("The follow-up comes after the meeting."))

    def extra_changes(self) -> dict:
        return {"next_follow_up_on": self.next_follow_up_on.data} if self.next_follow_up_on.data else {}


class WeekForm(Form):
    """The week view's choice: which ISO week (``2026-W49``), and only one's own meetings or the unit's."""

    class Meta:
        csrf = False

    week = StringField(_l("Week"), validators=[Optional(), Length(max=8)],
                       render_kw={"type": "week", "pattern": r"\d{4}-W\d{2}", "placeholder": "2026-W49"})
    mine = BooleanField(_l("Only my meetings (responsible or coordinator)"))

    def validate_week(self, field):
        from caseflow.sip.week import parse_week
        if field.data and parse_week(field.data) is None:
            raise ValidationError(_l("A week as YYYY-Www, for example 2026-W49."))

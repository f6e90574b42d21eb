"""The SIP forms: a plan, its consent, its meetings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError

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


class _MeetingFields(Form):
    scheduled_for = date_field(_l("Date of the meeting"), default=today_local)
    meeting_kind = SelectField(_l("Kind of meeting"), choices=_kinds, default="sip",
                               validators=[InputRequired(REQUIRED)])
    mode = SelectField(_l("In person or digital"), choices=_modes, default="in_person", validators=[InputRequired(REQUIRED)])


class MeetingCreateForm(_MeetingFields, CreateForm):
    participants = MultiCheckboxField(_l("Participants"), choices=[],
                                      validators=[InputRequired(_l("Tick at least one participant."))])

    def load_choices(self) -> None:
        self.participants.choices = reference_choices(SipParticipant)


class MeetingEditForm(_MeetingFields, VersionedForm):
    next_follow_up_on = date_field(_l("Next follow-up on"), required=False)

    def changes(self) -> dict:
        return {"scheduled_for": self.scheduled_for.data, "meeting_kind": self.meeting_kind.data,
                "mode": self.mode.data, "next_follow_up_on": self.next_follow_up_on.data}


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

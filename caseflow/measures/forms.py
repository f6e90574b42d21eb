"""The leader's forms: a new measure, and a month's follow-up note of one measure."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from caseflow.caseload.forms import int_or_none
from caseflow.forms_support import Form
from caseflow.items.access import unit_members
from caseflow.items.forms import CreateForm, VersionedForm


def leader_choices(actor) -> list[tuple]:
    """Who may be responsible for a measure: the leaders of the actor's unit (the permission table's)."""
    return [("", _l("(none)"))] + [(u.id, u.display_name) for u in unit_members(actor, "measure")]


class MeasureForm(CreateForm):
    plan = StringField(_l("Action plan"), validators=[InputRequired(), Length(max=200)],
                       render_kw={"list": "plan-names"})
    number = IntegerField(_l("Number"), validators=[InputRequired(), NumberRange(1, 9999)])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    start_on = DateField(_l("Start date"), validators=[InputRequired()])
    #: Choices are the unit's active leaders, set by the view.
    responsible_id = SelectField(_l("Responsible"), coerce=int_or_none, choices=[], validate_choice=False)
    expected_effect = TextAreaField(_l("Expected effect"), validators=[Optional(), Length(max=4000)])


class MeasureEditForm(VersionedForm):
    """The correction of a measure on its page, by a leader of its unit."""

    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    start_on = DateField(_l("Start date"), validators=[InputRequired()])
    responsible_id = SelectField(_l("Responsible"), coerce=int_or_none, choices=[], validate_choice=False)
    expected_effect = TextAreaField(_l("Expected effect"), validators=[Optional(), Length(max=4000)])

    def prepare(self, item, actor, fresh: bool) -> None:
        self.responsible_id.choices = leader_choices(actor)

    def changes(self) -> dict:
        return {"title": (self.title.data or "").strip(), "start_on": self.start_on.data,
                "responsible_id": self.responsible_id.data,
                "expected_effect": (self.expected_effect.data or "").strip() or None}


class NoteForm(Form):
    """One per measure on the page, told apart by the prefix ``note-<id>``."""

    text = TextAreaField(_l("Follow-up note"), validators=[InputRequired(), Length(max=4000)],
                         render_kw={"rows": 4})
    #: The note's version when the page was shown; 0 when there was none yet.
    version = HiddenField(default="0")

    def expected_version(self) -> int:
        try:
            return int(self.version.data or 0)
        except ValueError:
            return 0

"""The leader's draw of a month's sample, and the reviewer's checklist (seed 001)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from caseflow.forms_support import Form
from caseflow.items.forms import REQUIRED, VersionedForm, date_field
from caseflow.months import Month
from caseflow.quality.models import CHILD_PERSPECTIVE_LABELS
from caseflow.quality.services import MAX_PER_CASEWORKER

_YES_NO = {"yes": True, "no": False}


def _yes_no_choices():
    return [("", _l("Not answered")), ("yes", _l("Yes")), ("no", _l("No"))]


def _scale_choices():
    return [("", _l("Not answered"))] + list(CHILD_PERSPECTIVE_LABELS.items())


def yes_no(label) -> SelectField:
    return SelectField(label, choices=_yes_no_choices, validators=[Optional()])


def _comment(label) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=4000)], render_kw={"rows": 2})


def _count(label) -> IntegerField:
    return IntegerField(label, validators=[Optional(), NumberRange(0, 999, _l("A whole number from 0 to 999."))],
                        render_kw={"inputmode": "numeric", "min": 0})


class DrawForm(Form):
    month = StringField(_l("Month"), validators=[InputRequired(REQUIRED)],
                        render_kw={"type": "month", "placeholder": "ÅÅÅÅ-MM", "inputmode": "numeric"})
    n = IntegerField(_l("Cases per caseworker"),
                     validators=[InputRequired(REQUIRED),
                                 NumberRange(1, MAX_PER_CASEWORKER, _l("A whole number from %(min)s to %(max)s."))],
                     render_kw={"inputmode": "numeric", "min": 1, "max": MAX_PER_CASEWORKER})

    def validate_month(self, field):
        try:
            Month.parse(field.data)
        except ValueError:
            raise ValidationError(_l("A month as YYYY-MM, e.g. 2020-11.")) from None


class ReviewForm(VersionedForm):
    """Seed 001's "Kontrollområden i kvalitetsuppföljning", in its order."""

    review_date = date_field(_l("Date of the review"), required=False)
    latest_investigation_on = date_field(_l("Latest investigation"), required=False)
    planning = yes_no(_l("Planning for the applicant"))
    planning_comment = _comment(_l("Comment on the planning"))
    payment_error = yes_no(_l("Handling error leading to a wrong payment"))
    payment_error_comment = _comment(_l("Comment on the handling error"))
    child_perspective = SelectField(_l("The child's perspective in the journal"), choices=_scale_choices,
                                    validators=[Optional()])
    child_perspective_comment = _comment(_l("Comment on the child's perspective"))
    visits = _count(_l("Visits documented"))
    no_shows = _count(_l("Missed visits documented"))
    calls = _count(_l("Phone calls documented"))
    note_types_used = yes_no(_l("Note types used"))
    note_types_comment = _comment(_l("Comment on the note types"))
    housing_above_level = yes_no(_l("Housing cost above Försäkringskassan's level"))
    housing_measures_taken = yes_no(_l("Adequate measures taken"))
    housing_comment = _comment(_l("What was done about the housing cost"))
    documentation_comment = _comment(_l("Overall assessment of the documentation"))

    def prepare(self, item, actor, fresh: bool) -> None:
        if fresh:
            for name in ("planning", "payment_error", "note_types_used", "housing_above_level",
                         "housing_measures_taken"):
                value = getattr(item, name)
                getattr(self, name).data = "" if value is None else ("yes" if value else "no")
            self.child_perspective.data = item.child_perspective or ""

    def changes(self) -> dict:
        def text(field):
            return (field.data or "").strip() or None

        return {
            "review_date": self.review_date.data, "latest_investigation_on": self.latest_investigation_on.data,
            "planning": _YES_NO.get(self.planning.data), "planning_comment": text(self.planning_comment),
            "payment_error": _YES_NO.get(self.payment_error.data),
            "payment_error_comment": text(self.payment_error_comment),
            "child_perspective": self.child_perspective.data or None,
            "child_perspective_comment": text(self.child_perspective_comment),
            "visits": self.visits.data, "no_shows": self.no_shows.data, "calls": self.calls.data,
            "note_types_used": _YES_NO.get(self.note_types_used.data),
            "note_types_comment": text(self.note_types_comment),
            "housing_above_level": _YES_NO.get(self.housing_above_level.data),
            "housing_measures_taken": _YES_NO.get(self.housing_measures_taken.data),
            "housing_comment": text(self.housing_comment),
            "documentation_comment": text(self.documentation_comment),
        }

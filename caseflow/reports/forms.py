"""The analyst's forms on the report page: the tjänsteskrivelse's text, and a deliberate freeze."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, StopValidation

from caseflow.forms_support import Form
from caseflow.reference.services import report_text_problem
from caseflow.reports.layout import Section
from caseflow.reports.text import AnalystText

LONG_TEXT = 8000


def _reaches_the_committee(form, field) -> None:
    """The report's text is read by analysts and the committee and kept by a freeze: no personal
    identity number, no case or person reference (length is each field's own ``Length``)."""
    if isinstance(field.data, str) and (problem := report_text_problem(field.data, max_length=10 * LONG_TEXT)):
        raise StopValidation(problem)


class TextForm(Form):
    """The month's text; a note field per section of the report is added by ``with_notes``."""

    administration = StringField(_l("Administration"), validators=[Optional(), _reaches_the_committee, Length(max=200)])
    committee = StringField(_l("Committee"), validators=[Optional(), _reaches_the_committee, Length(max=200)])
    dated_on = DateField(_l("Date of the official report"), validators=[Optional()])
    reference = StringField(_l("Reference number"), validators=[Optional(), _reaches_the_committee, Length(max=100)])
    officers = StringField(_l("Officer"), validators=[Optional(), _reaches_the_committee, Length(max=300)])
    signatory_name = StringField(_l("Signed by"), validators=[Optional(), _reaches_the_committee, Length(max=200)])
    signatory_title = StringField(_l("Title of the signatory"), validators=[Optional(), _reaches_the_committee, Length(max=200)])
    proposal = TextAreaField(_l("Proposed decision"), validators=[Optional(), _reaches_the_committee, Length(max=LONG_TEXT)],
                             render_kw={"rows": 4})
    matter = TextAreaField(_l("The matter"), validators=[Optional(), _reaches_the_committee, Length(max=LONG_TEXT)],
                           render_kw={"rows": 6})
    source = StringField(_l("Source of the figures"), validators=[Optional(), _reaches_the_committee, Length(max=300)])
    attachments = TextAreaField(_l("Further basis for the decision"), validators=[Optional(), _reaches_the_committee, Length(max=2000)],
                                render_kw={"rows": 2})

    note_prefix = "note_"

    @classmethod
    def with_notes(cls, sections: tuple[Section, ...]) -> type[TextForm]:
        """This form with a note field under each of ``sections``: the report's sections vary by month, so
        each call composes a subclass (WTForms' dynamic form composition; this class stays untouched)."""

        class MonthTextForm(cls):
            pass

        for section in sections:
            setattr(MonthTextForm, f"{cls.note_prefix}{section.key}", TextAreaField(
                _l("Note under %(title)s", title=section.title),
                validators=[Optional(), _reaches_the_committee, Length(max=LONG_TEXT)], render_kw={"rows": 2}))
        return MonthTextForm

    def note_fields(self):
        return [f for f in self if f.short_name.startswith(self.note_prefix)]

    def text(self) -> AnalystText:
        plain = lambda name: _plain(self[name].data)  # noqa: E731
        return AnalystText(
            administration=plain("administration"), committee=plain("committee"), dated_on=self.dated_on.data,
            reference=plain("reference"), officers=plain("officers"), signatory_name=plain("signatory_name"),
            signatory_title=plain("signatory_title"), proposal=plain("proposal"), matter=plain("matter"),
            notes={f.short_name.removeprefix(self.note_prefix): _plain(f.data) for f in self.note_fields()},
            source=plain("source"), attachments=plain("attachments"))


def _plain(value: str | None) -> str:
    """A browser's text as stored: its line breaks ``\n`` (a textarea posts ``\r\n``), trimmed."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def text_form(sections: tuple[Section, ...], text: AnalystText, formdata=None) -> TextForm:
    """The form of the month's text, a note field under each of the report's sections."""
    data = {**text.as_json(), "dated_on": text.dated_on,
            **{f"{TextForm.note_prefix}{key}": note for key, note in text.notes.items()}}
    return TextForm.with_notes(sections)(formdata=formdata, data=data)


class FreezeForm(Form):
    confirm = BooleanField(_l("I have read the report through: freeze it as it is now"),
                           validators=[DataRequired(_l("Tick the box to freeze the report."))])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), _reaches_the_committee, Length(max=2000)], render_kw={"rows": 3})
    committee_on = DateField(_l("Goes to the committee on"), validators=[Optional()])

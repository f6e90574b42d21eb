"""Form parts every kind's forms share, the event forms of the item page, and the list filters."""

from __future__ import annotations


from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from caseflow.db import today_local
from caseflow.forms_support import Form
from caseflow.months import Month
from caseflow.items.submissions import new_id

REQUIRED = _l("Required.")
DATE_MESSAGE = _l("A date (YYYY-MM-DD) is required.")


def date_field(label, *, required: bool = True, default=None) -> DateField:
    """An ``<input type="date">``: the browser's own picker, no script; YYYY-MM-DD typed by hand works too."""
    return DateField(label, validators=[InputRequired(REQUIRED)] if required else [Optional()],
                     default=default, invalid_value_message=DATE_MESSAGE)


def ref_field(label) -> StringField:
    """A case or person reference; the service checks it against the admin's pattern."""
    return StringField(label, validators=[InputRequired(REQUIRED), Length(max=32)],
                       render_kw={"autocomplete": "off", "spellcheck": "false"})


class MultiCheckboxField(SelectMultipleField):
    """A choice of several, as checkboxes (participants of a meeting)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LateConfirmation(Form):
    """A form that may save into a month whose report is frozen: the service refuses it until
    ``confirm_frozen`` is ticked (``caseflow.items.counting``), and the form is shown again to ask."""

    #: Shown only once a change fell in a frozen month (``frozen_version`` set).
    confirm_frozen = BooleanField(_l("I confirm the late registration into a month already reported"))
    frozen_version: int | None = None


class CreateForm(LateConfirmation):
    """A form that registers a new item: saved once however often it is sent (``submission_id``,
    ``caseflow.items.submissions``), and asked again when it looks like an item already registered or
    its date lies far back (``caseflow.items.screens``)."""

    submission_id = HiddenField(default=new_id)
    confirm_duplicate = BooleanField(_l("It is not the same: register it anyway"))
    confirm_old_date = BooleanField(_l("Yes, the date is right"))
    #: Set when asked: the likely duplicates found, and whether the date lies far back.
    duplicates: tuple = ()
    asks_old_date: bool = False


class VersionedForm(LateConfirmation):
    """A form that changes an existing item: it carries the version it was made from.

    ``seen`` is when the page was shown, so a refusal of a stale form can list what others did since.
    A change that moves a count in a month whose report is frozen is saved only once ``confirm_frozen``
    is ticked (the service refuses it otherwise: ``caseflow.items.counting``).
    """

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(REQUIRED)])
    seen = HiddenField()

    def prepare(self, item, actor, fresh: bool) -> None:
        """Set the choices that depend on the item or the reader; ``fresh``: not filled from a post."""


class EventForm(VersionedForm):
    """One event of the item page: its effective date and an optional comment."""

    on = date_field(_l("Date it happened"), default=today_local)
    note = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=2000)])

    #: A kind's own event form (``KindSpec.event_forms``) names the fields it asks besides these, and
    #: their hints; ``extra_changes`` are saved on the item with the event.
    EXTRA_FIELDS: tuple[str, ...] = ()
    hints: dict = {}

    def extra_changes(self) -> dict:
        return {}


class EventWithReasonForm(EventForm):
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(REQUIRED), Length(max=2000)])


class EventWithOutcomeForm(EventForm):
    #: Choices are the active referral outcomes, set by the page.
    outcome = SelectField(_l("Outcome"), choices=[], validators=[InputRequired(REQUIRED)])


def event_form_class(event) -> type[EventForm]:
    if "reason" in event.needs:
        return EventWithReasonForm
    if "outcome" in event.needs:
        return EventWithOutcomeForm
    return EventForm


class ListFilterForm(Form):
    """The filters every list of items shares; read from the query string, so a filtered list has a URL."""

    class Meta:
        csrf = False

    #: Choices (the kind's states, the unit's members) are set by the view.
    state = SelectField(_l("State"), choices=[], validators=[Optional()])
    owner = SelectField(_l("Owner"), choices=[], validators=[Optional()])
    month = StringField(_l("Month"), validators=[Optional()],
                        render_kw={"type": "month", "placeholder": "ÅÅÅÅ-MM", "inputmode": "numeric"})
    case_ref = StringField(_l("Case reference"), validators=[Optional(), Length(max=32)])
    #: Chosen by the table's column headers (``caseflow.items.listing.SORT_KEYS``); kept by the filter form.
    sort = HiddenField()
    late = BooleanField(_l("Only late"))

    def validate_month(self, field):
        if field.data:
            try:
                Month.parse(field.data)
            except ValueError:
                raise ValidationError(_l("A month as YYYY-MM, e.g. 2020-11.")) from None

    def month_bucket(self) -> Month | None:
        """The chosen month, or None when none (or no valid one) is chosen."""
        if not self.month.data or self.month.errors:
            return None
        try:
            return Month.parse(self.month.data)
        except ValueError:
            return None


def reference_choices(model, *, blank=None, keep: str | None = None) -> list[tuple[str, str]]:
    """The active codes of a reference table, named in the page's language, in the admin's order.

    ``keep`` is an item's current code: still offered when since deactivated, so an edit of
    another field does not fail on it.
    """
    from flask_babel import get_locale
    from sqlalchemy import or_, select

    from caseflow.extensions import db

    locale = str(get_locale() or "sv")
    condition = model.is_active.is_(True) if keep is None else or_(model.is_active.is_(True), model.code == keep)
    rows = db.session.scalars(select(model).where(condition).order_by(model.sort_order, model.code))
    choices = [(row.code, row.name(locale)) for row in rows]
    return ([("", blank)] if blank is not None else []) + choices

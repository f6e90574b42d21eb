"""The caseload page's filter and its reassignment form."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from caseflow.caseload.services import DUE_SOON, LATE, UNASSIGNED
from caseflow.forms_support import Form
from caseflow.items.state_labels import KIND_LABELS


def int_or_none(value):
    """An id from a select whose first choice is the empty "Choose…"."""
    return None if value in ("", None) else int(value)


class OpenItemsFilter(Form):
    """A GET form: no CSRF token, read from the query string."""

    class Meta:
        csrf = False

    #: Choices are the unit's members, set by the view.
    owner = SelectField(_l("Owner"), choices=[], default="")
    kind = SelectField(_l("Kind"), default="", choices=[SelectChoice("", _l("All kinds"))] + [
        SelectChoice(str(k), label) for k, label in KIND_LABELS.items()])
    due = SelectField(_l("Due"), default="", choices=[
        SelectChoice("", _l("Open items, due or not")), SelectChoice(LATE, _l("Late only")),
        SelectChoice(DUE_SOON, _l("Due within the week (not late)"))])

    def set_owner_choices(self, members) -> None:
        self.owner.choices = [("", _l("Everyone")), (UNASSIGNED, _l("Unassigned"))] + [
            (str(m.id), m.display_name) for m in members]


class ReassignForm(Form):
    #: The ticked items; the service checks that each is an open item of the leader's unit.
    items = SelectMultipleField(_l("Items to reassign"), coerce=int, validate_choice=False,
                                validators=[])
    #: Every item the filter (the page's query string) matches, on every page, instead of the ticked ones.
    all_matching = BooleanField(_l("All items the filter matches"))
    #: How many the filter matched when the page was shown: a different number now is refused.
    matching = HiddenField()
    #: Choices are the unit's active caseworkers and leaders, set by the view.
    owner_id = SelectField(_l("New owner"), coerce=int_or_none, choices=[], validate_choice=False,
                           validators=[InputRequired(_l("Choose the new owner."))])

    def validate_items(self, field) -> None:
        if not field.data and not self.all_matching.data:
            raise ValidationError(_l("Tick at least one item."))

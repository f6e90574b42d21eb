"""One form per admin use case."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from caseflow.forms_support import Form
from caseflow.permissions import Role

ROLE_LABELS = {
    Role.CASEWORKER: _l("Caseworker"),
    Role.UNIT_LEADER: _l("Unit leader"),
    Role.ANALYST: _l("Analyst"),
    Role.ADMIN: _l("Administrator"),
}


def role_choices():
    return [(role.value, label) for role, label in ROLE_LABELS.items()]


class _UserFields(Form):
    display_name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    email = EmailField(_l("E-mail address"), validators=[Optional(), Length(max=254)],
                       render_kw={"autocomplete": "off"})
    role = SelectField(_l("Role"), choices=role_choices, validators=[InputRequired()])
    #: Choices are the active units, set by the view; "" means none.
    unit_id = SelectField(_l("Unit"), choices=[], validate_choice=True)


class UserCreateForm(_UserFields):
    username = StringField(_l("Username"), validators=[InputRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[InputRequired()],
                             render_kw={"autocomplete": "new-password"})


class UserEditForm(_UserFields):
    is_active = BooleanField(_l("Active"))
    new_password = PasswordField(_l("New password (leave empty to keep)"), validators=[Optional()],
                                 render_kw={"autocomplete": "new-password"})


class UnitForm(Form):
    code = StringField(_l("Code"), validators=[InputRequired(), Length(max=16)])
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    is_active = BooleanField(_l("Active"), default=True)

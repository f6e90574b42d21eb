"""The base of every form, and showing a service's refusal on the form that caused it."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm
from wtforms.validators import StopValidation

from caseflow.errors import ServiceError
from caseflow.plain_text import control_character_problem


def _no_control_characters(form, field) -> None:
    for value in field.raw_data or ():
        if isinstance(value, str) and (problem := control_character_problem(value)):
            raise StopValidation(problem)


class Form(FlaskForm):
    """Every form of Caseflow: no field of it takes a control character (a NUL answered 500 on
    PostgreSQL and was stored on SQLite). Checked here once, before a form's own ``validate_<field>``
    methods, which may ask the database about the value."""

    def validate(self, extra_validators=None):
        extra = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        for name in self._fields:
            extra[name] = [_no_control_characters, *extra.get(name, ())]
        return super().validate(extra)


def show_service_error(form: FlaskForm, err: ServiceError) -> None:
    """Put each field's message next to its field; the rest in a flash message."""
    unplaced = []
    for name, message in err.fields.items():
        # A service names the thing ("unit"); a form may hold it by id ("unit_id").
        field = form._fields.get(name) or form._fields.get(f"{name}_id")
        if field is not None:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
        else:
            unplaced.append(message)
    flash(" ".join([err.message, *unplaced]), "error")

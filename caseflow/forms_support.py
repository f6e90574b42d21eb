"""Showing a service's refusal on the form that caused it."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from caseflow.errors import ServiceError


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

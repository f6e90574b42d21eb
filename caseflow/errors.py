"""Exceptions services raise for what a user or client got wrong; views and the API map them."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal with a message a user can act on; nothing was changed."""

    #: The API error code (API.md), and the HTTP status it maps to.
    code = "invalid"
    status = 422

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationError(ServiceError):
    code = "invalid"
    status = 422


class NotFound(ServiceError):
    """Missing, or not the caller's to see: the two answer alike on purpose."""

    code = "not_found"
    status = 404


class Conflict(ServiceError):
    """An event not allowed from the item's state, or a stale version."""

    code = "conflict"
    status = 409


class Forbidden(ServiceError):
    code = "forbidden"
    status = 403


class LateRegistration(ValidationError):
    """A change into a month whose report is frozen, not yet confirmed as the late registration it is."""

    code = "late_registration"

    def __init__(self, message: str, fields: dict[str, str], month: int, version: int):
        super().__init__(message, fields)
        self.month, self.version = month, version

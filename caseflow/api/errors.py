"""Every API refusal in API.md's one shape: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

from flask import Response, jsonify
from pydantic import ValidationError as PydanticError
from werkzeug.exceptions import HTTPException

from caseflow.errors import ServiceError

#: The code of each HTTP status the API answers with an error.
CODES = {400: "malformed", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid",
         503: "unavailable"}


class ApiError(Exception):
    """A refusal the API itself makes (no token, a malformed body), rendered like a ServiceError."""

    def __init__(self, status: int, message: str, fields: dict[str, str] | None = None, code: str | None = None):
        super().__init__(message)
        self.status, self.message, self.fields = status, message, fields or {}
        self.code = code or CODES.get(status, "error")


def error_response(status: int, code: str, message: str, fields: dict[str, str] | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="caseflow"'
    return response


def service_error_response(err: ServiceError | ApiError) -> Response:
    return error_response(err.status, err.code, err.message, {k: str(v) for k, v in err.fields.items()})


def http_error_response(err: HTTPException) -> Response:
    status = err.code or 500
    messages = {404: "No such resource.", 405: "Method not allowed here.",
                413: "The body is larger than 8 MiB.", 400: "The request is malformed."}
    response = error_response(status, CODES.get(status, "error"), messages.get(status, err.description or ""))
    if status == 405 and getattr(err, "valid_methods", None):
        response.headers["Allow"] = ", ".join(err.valid_methods)
    return response


#: The parts of pydantic's error locations that name a type, not a field: the member of a union tried
#: (``households_applied.float``), a validator or a constrained type (``function-after[...]``).
_TYPE_TAGS = frozenset({"int", "float", "str", "bool", "bytes", "date", "datetime", "decimal", "none", "list",
                        "dict", "tuple", "set", "enum", "literal", "union", "json-or-python"})


def _is_type_tag(part: str) -> bool:
    return part in _TYPE_TAGS or "[" in part


def field_name(loc: tuple) -> str:
    """pydantic's error location as the API names fields: ``[3].performed_on``, ``sent_on``."""
    name, previous = "", None
    for part in loc:
        if isinstance(part, int):
            name += f"[{part}]"
        elif not (isinstance(previous, str) and _is_type_tag(part)):  # a tag follows the field it types
            name += f".{part}" if name else str(part)
        previous = part
    return name or "body"


_MESSAGES = {"extra_forbidden": "Unknown field.", "missing": "Required.",
             "date_parsing": "A date is written YYYY-MM-DD.", "date_type": "A date is written YYYY-MM-DD.",
             "date_from_datetime_parsing": "A date is written YYYY-MM-DD."}


def validation_error(err: PydanticError) -> ApiError:
    """A 400 for bytes that are no JSON at all, else a 422 naming every field (the first rule each broke)."""
    errors = err.errors(include_url=False, include_input=False)
    if any(e["type"] == "json_invalid" for e in errors):
        return ApiError(400, "The body is not valid JSON.", {"body": errors[0]["msg"]})
    fields: dict[str, str] = {}
    for e in errors:
        fields.setdefault(field_name(e["loc"]), _MESSAGES.get(e["type"], e["msg"]))
    return ApiError(422, "Nothing was saved: some values are invalid.", fields)

"""The ``api`` blueprint at ``/api/v1``: self-authenticating (tokens, no session, no CSRF), JSON errors."""

from __future__ import annotations

from flask import Blueprint

from caseflow.api.errors import ApiError, service_error_response
from caseflow.errors import ServiceError

bp = Blueprint("api", __name__)

#: Where the API lives; ``caseflow.web`` answers in JSON and in English under it.
API_PREFIX = "/api/v1"


@bp.errorhandler(ServiceError)
@bp.errorhandler(ApiError)
def _refusal(err):
    return service_error_response(err)

"""The API's routes, gathered: importing this module declares every operation on ``bp``."""

from caseflow.api import openapi, views_checks, views_items, views_reports  # noqa: F401
from caseflow.api.blueprint import API_PREFIX, bp

__all__ = ["API_PREFIX", "bp"]

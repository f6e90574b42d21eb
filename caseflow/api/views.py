"""The API's routes, gathered: importing this module declares every operation on ``bp``, each kind's
creation and correctable fields included (its package's ``api`` module, for every kind ``caseflow.kinds``
lists)."""

import importlib

from caseflow.api import openapi, views_checks, views_items, views_reports  # noqa: F401
from caseflow.api.blueprint import API_PREFIX, bp
from caseflow.kinds import PACKAGES

for _package in PACKAGES:
    importlib.import_module(f"caseflow.{_package}.api")
views_items.declare_corrections()  # the kinds' correctable fields are all registered now

__all__ = ["API_PREFIX", "bp"]

"""Schemathesis against the served ``/api/v1/openapi.json``: generated requests, valid and not, to every
operation, with an ingest token for the writing ones and a read token for the reading ones.
No answer may be a 5xx, every answer must match the document, data the document calls valid must be
accepted (``positive_data_acceptance``: a 4xx other than 401, 403, 404 and 409 fails) and data it
calls invalid refused.

The tokens are E6's (another unit, known or not, is then a 403, not a 422), but for the figures, which
only a token of all units writes. Dates are drawn from the days the services take (2000-01-01 to today,
as the document's descriptions say): no JSON schema states "not in the future"."""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from datetime import date

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi import checks as openapi_checks
from schemathesis.specs.openapi.formats import unregister_string_format

from caseflow.api import views_reports
from caseflow.db import today_local
from caseflow.workflow.machine import EARLIEST_DATE

#: Examples an operation and mode: 12 in every run; CASEFLOW_TEST_SCHEMATHESIS_EXAMPLES=150 searched deeper
#: (0 failures at 150, which found the repeated participants and the duplicate measure number).
EXAMPLES = int(os.environ.get("CASEFLOW_TEST_SCHEMATHESIS_EXAMPLES", "12"))
#: Operations a ``read`` token performs; every other one takes an ``ingest`` token.
READ_PATHS = ("/api/v1/rollups", "/api/v1/counts", "/api/v1/reports/")
CHECKS = [schemathesis.checks.not_a_server_error, openapi_checks.status_code_conformance,
          openapi_checks.content_type_conformance, openapi_checks.response_schema_conformance,
          openapi_checks.response_headers_conformance, openapi_checks.negative_data_rejection,
          openapi_checks.positive_data_acceptance]


@pytest.fixture
def api_schema(app, unit_named, monkeypatch):
    unit_named("E6")
    # No broker in this test: a rollup is "sent" to a stand-in, its state always pending.
    monkeypatch.setattr(views_reports, "enqueue", lambda name, *args: str(uuid.uuid4()))
    monkeypatch.setattr(views_reports, "task_state", lambda task_id: "PENDING")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def tokens(make_token):
    return {"ingest": make_token("ingest", "E6"), "read": make_token("read", "E6"),
            "figures": make_token("ingest", None)}


@pytest.fixture(scope="module", autouse=True)
def past_dates():
    """``format: date`` drawn from the days a write may name, from EARLIEST_DATE to today, and our
    ``year-month`` (a month that has begun) from their months."""
    schemathesis.openapi.format("date", st.dates(EARLIEST_DATE, today_local()).map(date.isoformat))
    months = st.dates(EARLIEST_DATE, today_local()).map(lambda day: day.strftime("%Y-%m"))
    schemathesis.openapi.format("year-month", months)
    yield
    unregister_string_format("date")  # schemathesis' own again
    unregister_string_format("year-month")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_matches_the_document(api_schema, tokens, mode):
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for result in api_schema.get_all_operations():
        operation = result.ok()
        scope = ("read" if operation.path.startswith(READ_PATHS)
                 else "figures" if operation.path.startswith("/api/v1/figures/") else "ingest")
        headers = {"Authorization": f"Bearer {tokens[scope]}"}

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def call(case):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            seen[(operation.method.upper(), operation.path)].add(response.status_code)

        call()
    assert len(seen) == 15, seen  # every operation was called

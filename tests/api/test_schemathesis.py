"""Schemathesis against the served ``/api/v1/openapi.json``: generated requests, valid and not, to every
operation, with an ingest token for the writing ones and a read token for the reading ones.
No answer may be a 5xx, and every answer must match the document."""

from __future__ import annotations

import uuid
from collections import defaultdict

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi import checks as openapi_checks

from caseflow.api import views_reports

#: Operations a ``read`` token performs; every other one takes an ``ingest`` token.
READ_PATHS = ("/api/v1/rollups", "/api/v1/counts", "/api/v1/reports/")
CHECKS = [schemathesis.checks.not_a_server_error, openapi_checks.status_code_conformance,
          openapi_checks.content_type_conformance, openapi_checks.response_schema_conformance,
          openapi_checks.response_headers_conformance, openapi_checks.negative_data_rejection]


@pytest.fixture
def api_schema(app, unit_named, monkeypatch):
    unit_named("E6")
    # No broker in this test: a rollup is "sent" to a stand-in, its state always pending.
    monkeypatch.setattr(views_reports, "enqueue", lambda name, *args: str(uuid.uuid4()))
    monkeypatch.setattr(views_reports, "task_state", lambda task_id: "PENDING")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def tokens(make_token):
    return {"ingest": make_token("ingest", "E6"), "read": make_token("read", None)}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_matches_the_document(api_schema, tokens, mode):
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for result in api_schema.get_all_operations():
        operation = result.ok()
        scope = "read" if operation.path.startswith(READ_PATHS) else "ingest"
        headers = {"Authorization": f"Bearer {tokens[scope]}"}

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def call(case):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            seen[(operation.method.upper(), operation.path)].add(response.status_code)

        call()
    assert len(seen) == 15, seen  # every operation was called

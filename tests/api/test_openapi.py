"""The served OpenAPI document is valid OpenAPI 3.1 and states the rules the server enforces."""

from __future__ import annotations

import re

from openapi_spec_validator import OpenAPIV31SpecValidator

from caseflow.figures.keys import FIGURE_SPECS
from caseflow.reports.catalog import CATALOG


def _document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_is_valid_openapi(client):
    """It had 18 errors: ``default: null`` on properties that take no null."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in OpenAPIV31SpecValidator(_document(client)).iter_errors()]
    assert errors == []


def _body(document: dict, path: str, method: str = "post") -> dict:
    ref = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_references_are_stated_as_the_server_checks_them(client):
    """``1abc``, ``ÅÄÖ1``, ``19850101-1234`` and refs of one character were accepted by the document."""
    referral = _body(_document(client), "/api/v1/referrals")["properties"]
    for field in ("case_ref", "person_ref"):
        pattern = re.compile(referral[field]["pattern"])
        assert [ref for ref in ("1abc", "ÅÄÖ1", "19850101-1234", "H", "H-1", "AB", "a" * 33, "a" * 32)
                if pattern.search(ref)] == ["H-1", "AB", "a" * 32]


def test_figures_and_checks_are_typed_and_bounded(client):
    document = _document(client)
    figures = _body(document, "/api/v1/figures/{month}", "put")
    assert figures["minProperties"] == 1 and figures["additionalProperties"] is False
    for key, spec in FIGURE_SPECS.items():
        schema = figures["properties"][key]
        if spec.by_group:  # group codes to numbers, at least one
            assert schema["type"] == "object" and schema["minProperties"] == 1
            assert "SOCIALA" in schema["propertyNames"]["enum"]  # the report groups' codes
            schema = schema["additionalProperties"]
        assert schema["type"] == ("integer" if spec.is_whole else "number") and schema["minimum"] == 0
        assert schema.get("maximum", schema.get("exclusiveMaximum")) == (spec.maximum or 10**14)
    bulk = document["paths"]["/api/v1/control-checks"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    check = document["components"]["schemas"][bulk["items"]["$ref"].rsplit("/", 1)[1]]
    assert check["properties"]["persons_checked"]["type"] == "integer"
    assert bulk["maxItems"] == 10_000


def test_metric_keys_and_events_are_enums(client):
    document = _document(client)
    counts = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/counts"]["get"]["parameters"]}
    assert counts["metric"]["enum"] == [metric.key for metric in CATALOG]
    event = _body(document, "/api/v1/items/{item_id}/events")["properties"]["event"]
    assert "void" in event["enum"] and "accept" in event["enum"]


def test_codes_are_the_databases_active_ones_when_the_document_is_served(client, make_unit):
    """A unit, a target, a försörjningshinder group, a participant or an outcome the server refuses was a
    string of any value in the document."""
    make_unit("E6")
    referral = _body(_document(client), "/api/v1/referrals")["properties"]
    assert referral["unit"]["enum"] == ["E6"]
    assert referral["target"]["anyOf"][0]["enum"] == ["AMC", "JOBBCENTRUM", "UJC"]
    assert "SOCIALA" in referral["barrier_group"]["anyOf"][0]["enum"]
    make_unit("E7")
    document = _document(client)
    assert _body(document, "/api/v1/referrals")["properties"]["unit"]["enum"] == ["E6", "E7"]
    participants = _body(document, "/api/v1/sip-plans/{item_id}/meetings")["properties"]["participants"]
    assert participants["uniqueItems"] is True
    assert participants["items"]["enum"] == ["arbetsformedlingen", "forsakringskassan", "other", "region"]
    outcome = _body(document, "/api/v1/items/{item_id}/events")["properties"]["outcome"]
    assert outcome["anyOf"][0]["enum"] == ["dropped_out", "other_support", "studies", "work"]
    assert "x-codes" not in str(document)

"""``GET /api/v1/metrics``: the metric catalog as DESIGN.md's table lists it, for any token."""

from __future__ import annotations

from tests.api.conftest import error_of

#: DESIGN.md's catalog, row by row: 36 counted metrics (with seed 004's target's, referrals completed into
#: self-sufficiency, and the quality review's 11 of issue 21), then the 9 imported figures of
#: caseflow/figures/keys.py (the figures by försörjningshinder group are the report's ``barriers`` table,
#: not monthly values of their own).
DESIGN_KEYS = [
    "referrals_sent", "referrals_rejected", "referrals_started", "referrals_completed",
    "referrals_completed_work", "referrals_completed_studies", "referrals_completed_self_sufficient",
    "sublease_rejections_new", "sublease_rejections_total", "kir_checks", "double_rent_suspicions",
    "sip_meetings_held", "sip_meetings_held_multi_party", "sip_meetings_held_digital", "sip_meetings_held_total",
    "sip_plans_active",
    "measures_planned", "measures_in_progress", "measures_paused", "measures_completed", "measures_cancelled",
    "measures_missing_note",
    "quality_reviews_completed", "quality_with_planning", "quality_with_payment_error",
    "quality_housing_without_measures", "quality_child_not_applicable", "quality_child_not_documented",
    "quality_child_partly", "quality_child_fully", "quality_visits", "quality_no_shows", "quality_calls",
    "ssbtek_lookups_caseworker", "ssbtek_lookups_robot", "individuals_checked",
    "households_applied", "decisions_total", "executions_opened", "households_ongoing", "avg_cost_per_household",
    "temporary_housing_cost", "adult_recipients", "adult_recipients_share_pct", "e_application_share_pct",
]


def test_the_catalog_lists_every_metric_in_order_with_its_labels_and_kind(api, make_token):
    response = api.as_(make_token("read", None)).get("/metrics")
    assert response.status_code == 200
    metrics = response.get_json()["metrics"]
    assert [m["key"] for m in metrics] == DESIGN_KEYS
    assert len(metrics) == 45
    by_key = {m["key"]: m for m in metrics}
    assert by_key["referrals_sent"] == {
        "key": "referrals_sent", "label_sv": 'Antal arbetsmarknadsuppdrag, individer (exkl. status "avvisad")',
        "label_en": 'Labour-market assignments, individuals (excluding status "rejected")', "source": "referral",
        "counted": True, "per_unit": True}
    assert by_key["households_applied"] == {
        "key": "households_applied", "label_sv": "Antal hushåll",
        "label_en": "Number of households", "source": "figure_value", "counted": False, "per_unit": False}
    assert by_key["ssbtek_lookups_robot"] == {
        "key": "ssbtek_lookups_robot", "label_sv": "Antal slagningar i SSBTEK (robot)",
        "label_en": "Lookups in SSBTEK (robot)", "source": "control_check", "counted": True, "per_unit": True}
    assert sum(m["counted"] for m in metrics) == 36


def test_any_token_reads_the_catalog_and_no_token_does_not(api, make_token):
    assert api.get("/metrics").status_code == 200  # ingest, bound to a unit
    assert api.as_(make_token("read", "E7")).get("/metrics").status_code == 200
    assert error_of(api.as_(None).get("/metrics"))["code"] == "unauthorized"


def test_the_openapi_document_describes_the_catalog(client):
    document = client.get("/api/v1/openapi.json").get_json()
    answer = document["paths"]["/api/v1/metrics"]["get"]["responses"]["200"]["content"]["application/json"]
    assert answer["schema"] == {"$ref": "#/components/schemas/MetricsOut"}
    metric = document["components"]["schemas"]["MetricOut"]
    assert set(metric["properties"]) == {"key", "label_sv", "label_en", "source", "counted", "per_unit"}
    assert set(metric["required"]) == set(metric["properties"])
    assert metric["properties"]["source"]["enum"] == ["control_check", "figure_value", "referral", "sublease_case",
                                                      "sip", "measure", "quality_review"]

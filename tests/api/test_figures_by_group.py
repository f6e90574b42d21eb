"""``PUT /figures/{month}`` with a figure by report group (seed 001's försörjningshinder table)."""

from __future__ import annotations

from caseflow.reports.services import live_report
from tests.api.conftest import error_of


def test_the_barriers_by_group_come_through_the_api(api, make_token):
    department = api.as_(make_token("ingest", None))
    response = department.put("/figures/2020-01", {"grant_decisions": {"SOCIALA": 549, "OVRIGA": 236},
                                                   "registry_leader_age_avg": {"SOCIALA": 43.8, "OVRIGA": 45}})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["grant_decisions"] == {"OVRIGA": 236, "SOCIALA": 549}
    rows = [(row.label, *(c.display() for c in row.cells)) for row in live_report(202001).table("barriers").rows]
    # The groups in the reference data's order; (549 × 43,8 + 236 × 45,0) / 785 = 44,16…
    assert rows == [("Sociala skäl", "43,8", "549"), ("Övriga försörjningshinder", "45,0", "236"),
                    ("Totalt", "44,2", "785")]


def test_an_unknown_group_or_an_empty_table_is_refused_and_nothing_is_stored(api, make_token):
    department = api.as_(make_token("ingest", None))
    assert error_of(department.put("/figures/2020-01", {"grant_decisions": {"NOPE": 1}}))["fields"] == {
        "grant_decisions.NOPE": "Not a code of a report group."}
    assert department.put("/figures/2020-01", {"grant_decisions": {}}).status_code == 422
    assert department.put("/figures/2020-01", {"grant_decisions": 5}).status_code == 422
    assert live_report(202001).table("barriers").rows == ()

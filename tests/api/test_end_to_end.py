"""End to end over HTTP: a month's data posted through the API, rolled up by the CLI, read back as counts
that DESIGN.md's rules give, worked out by hand below. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py


def _post_the_month(api, department) -> None:
    def referral(person, sent_on):
        response = api.post("/referrals", {"unit": "E6", "person_ref": person, "case_ref": f"H-{person}",
                                           "sent_on": sent_on})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    def event(item_id, name, on, **extra):
        response = api.post(f"/items/{item_id}/events", {"event": name, "on": on, **extra})
        assert response.status_code == 200, response.get_json()

    referral("P-1", "2020-11-03")
    referral("P-1", "2020-11-20")  # the same person twice: one individual
    rejected = referral("P-2", "2020-11-10")
    event(rejected, "reject", "2020-11-12", reason="Avböjde")
    completed = referral("P-3", "2020-11-05")
    event(completed, "accept", "2020-11-06")
    event(completed, "start", "2020-11-09")
    event(completed, "complete", "2020-11-25", outcome="work")
    bulk = [{"case_ref": "AB-1", "performed_on": "2020-11-03", "actor": "robot", "persons_checked": 2},
            {"case_ref": "AB-1", "performed_on": "2020-11-04", "actor": "robot", "persons_checked": 3},
            {"case_ref": "AB-2", "performed_on": "2020-11-05", "actor": "robot", "persons_checked": 1},
            {"case_ref": "AB-3", "performed_on": "2020-11-06", "actor": "caseworker", "persons_checked": 4}]
    assert api.post("/control-checks", bulk).status_code == 201
    assert department.put("/figures/2020-11", {"households_applied": 3713}).status_code == 200


def test_posted_data_rolled_up_by_the_cli_reads_back_as_the_catalog_counts(api, make_token, runner):
    _post_the_month(api, api.as_(make_token("ingest", None)))  # figures are written by a token of all units
    result = runner.invoke(args=["rollup", "--from", "2020-11", "--to", "2020-12"])
    assert result.exit_code == 0, result.output
    reader = api.as_(make_token("read", None))

    def counts(metric, unit=None):
        query = f"/counts?metric={metric}&from=2020-11&to=2020-12" + (f"&unit={unit}" if unit else "")
        response = reader.get(query)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["values"]

    expected = {
        "referrals_sent": 2,  # P-1 (twice) and P-3; P-2's referral is now rejected
        "referrals_rejected": 1,
        "referrals_started": 1,
        "referrals_completed": 1,
        "referrals_completed_work": 1,
        "referrals_completed_studies": 0,
        "ssbtek_lookups_robot": 3,
        "ssbtek_lookups_caseworker": 1,
        "individuals_checked": 3 + 1 + 4,  # AB-1's largest (3), AB-2 (1), AB-3 (4)
    }
    for metric, value in expected.items():
        assert counts(metric) == {"2020-11": value, "2020-12": 0}, metric
        assert counts(metric, "E6") == {"2020-11": value, "2020-12": 0}, metric
    assert counts("households_applied") == {"2020-11": 3713, "2020-12": None}
    assert counts("sip_plans_active") == {"2020-11": 0, "2020-12": 0}
    never_rolled_up = reader.get("/counts?metric=kir_checks&from=2021-01&to=2021-01").get_json()
    assert never_rolled_up["values"] == {"2021-01": None}

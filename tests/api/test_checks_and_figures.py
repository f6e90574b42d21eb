"""The bulk of control checks (all or nothing, its limits) and monthly figures."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from caseflow.checks.models import ControlCheck
from caseflow.db import today_local
from caseflow.extensions import db
from caseflow.figures.models import FigureImport
from caseflow.reference.services import set_ref_pattern
from caseflow.reports.models import DirtyMonth
from caseflow.reports.rollup import rollup_months
from tests.api.conftest import error_of

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py


def checks(n: int, **change) -> list[dict]:
    return [{"case_ref": f"AB-{i}", "performed_on": "2020-11-03", "actor": "robot", "persons_checked": 2} | change
            for i in range(n)]


def _stored() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ControlCheck))


def test_a_bulk_is_stored_for_the_tokens_unit_and_marks_its_month(api, unit_named):
    response = api.post("/control-checks", checks(3))
    assert response.status_code == 201 and response.get_json() == {"accepted": 3}
    assert db.session.scalars(sa.select(ControlCheck.unit_id).distinct()).all() == [unit_named("E6").id]
    assert db.session.scalars(sa.select(DirtyMonth.month)).all() == [202011]


def test_ten_thousand_checks_are_accepted_and_one_more_is_refused(api):
    assert api.post("/control-checks", checks(10_000)).get_json() == {"accepted": 10_000}
    too_many = api.post("/control-checks", checks(10_001))
    assert too_many.status_code == 422 and error_of(too_many)["fields"] == {
        "body": "List should have at most 10000 items after validation, not 10001"}
    assert _stored() == 10_000


def test_one_bad_element_rejects_the_whole_bulk_naming_its_index(api):
    body = checks(5)
    body[3]["performed_on"] = "03/11/2020"
    body[4]["extra"] = 1
    refused = api.post("/control-checks", body)
    assert refused.status_code == 422
    assert set(error_of(refused)["fields"]) == {"[3].performed_on", "[4].extra"}
    body = checks(5)
    body[2]["case_ref"] = "191212121212"
    assert set(error_of(api.post("/control-checks", body))["fields"]) == {"[2].case_ref"}
    assert _stored() == 0 and db.session.scalars(sa.select(DirtyMonth.month)).all() == []


def test_the_admins_case_ref_pattern_applies(api):
    set_ref_pattern("case_ref", r"K\d{4}")
    db.session.commit()
    assert set(error_of(api.post("/control-checks", checks(1)))["fields"]) == {"[0].case_ref"}
    assert api.post("/control-checks", checks(1, case_ref="K1234")).status_code == 201


def test_a_token_of_all_units_posts_checks_for_the_municipality_in_no_unit(api, make_token, unit_named):
    """The robot of the whole department checks every ongoing household, not a unit's (API.md); its
    checks count for the municipality and in no unit's figures."""
    all_units = api.as_(make_token("ingest", None))
    unit_named("E7")
    assert all_units.post("/control-checks", checks(3)).get_json() == {"accepted": 3}
    assert all_units.post("/control-checks?unit=E7", checks(1)).status_code == 201
    assert api.post("/control-checks", checks(2)).status_code == 201  # E6's own
    assert api.post("/control-checks?unit=E7", checks(1)).status_code == 403
    assert api.as_(make_token("read", None)).post("/control-checks", checks(1)).status_code == 403
    units = dict(db.session.execute(sa.select(ControlCheck.unit_id, sa.func.count())
                                    .group_by(ControlCheck.unit_id)).all())
    assert units == {None: 3, unit_named("E7").id: 1, unit_named("E6").id: 2}
    rollup_months(202011, 202011)
    db.session.commit()
    reader = api.as_(make_token("read", None))

    def robot(unit: str = "") -> int:
        query = f"/counts?metric=ssbtek_lookups_robot&from=2020-11&to=2020-11{unit and '&unit=' + unit}"
        return reader.get(query).get_json()["values"]["2020-11"]

    assert (robot(), robot("E6"), robot("E7")) == (6, 2, 1)


def test_a_body_over_8_mib_answers_413_before_it_is_read(api):
    raw = json.dumps(checks(1)).encode()[:-1] + b"," + b" " * (8 * 1024 * 1024) + b"]"
    response = api.post("/control-checks", raw=raw)
    assert response.status_code == 413 and error_of(response)["code"] == "too_large"
    assert api.as_(None).post("/control-checks", raw=raw).status_code == 401
    assert _stored() == 0


def test_a_retried_bulk_with_its_key_creates_nothing_new(api):
    key = {"Idempotency-Key": "bulk-2020-11-03-1"}
    first = api.post("/control-checks", checks(4), headers=key)
    again = api.post("/control-checks", checks(4), headers=key)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert _stored() == 4
    other = api.post("/control-checks", checks(5), headers=key)
    assert other.status_code == 409 and "Idempotency-Key" in error_of(other)["fields"]
    # Another body under the key is refused before it is validated.
    assert api.post("/control-checks", raw=b"[{", headers=key).status_code == 409
    assert _stored() == 4


@pytest.fixture
def department(api, make_token):
    """The business system's import: an ingest token of all units, the only kind that writes figures."""
    return api.as_(make_token("ingest", None))


def test_figures_are_stored_and_answered_with_the_months_standing_figures(department):
    response = department.put("/figures/2020-11", {"households_applied": 3713, "adult_recipients_share_pct": 41.4})
    assert response.status_code == 200
    assert response.get_json() == {"households_applied": 3713, "adult_recipients_share_pct": 41.4}
    again = department.put("/figures/2020-11", {"households_applied": 3800})
    assert again.get_json() == {"households_applied": 3800, "adult_recipients_share_pct": 41.4}
    assert db.session.scalar(sa.select(FigureImport.source).limit(1)) == "api"


def test_bad_figures_are_refused(department, make_token):
    api = department
    assert error_of(api.put("/figures/2020-11", {"households": 1}))["fields"] == {"households": "Unknown field."}
    assert set(error_of(api.put("/figures/2020-11", {"households_applied": -1}))["fields"]) == {"households_applied"}
    assert set(error_of(api.put("/figures/2020-11", {"households_applied": 1.5}))["fields"]) == {"households_applied"}
    assert api.put("/figures/2020-11", {"households_applied": "12"}).status_code == 422
    assert api.put("/figures/2020-11", {"e_application_share_pct": 101}).status_code == 422
    assert api.put("/figures/2020-11", {}).status_code == 422
    assert "month" in error_of(api.put("/figures/2020-13", {"households_applied": 1}))["fields"]
    assert api.as_(make_token("read", None)).put("/figures/2020-11", {"households_applied": 1}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 0


def _next_month() -> str:
    today = today_local()
    return f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"


def test_figures_of_a_month_not_begun_are_refused(department):
    """As the CSV import refuses them: the next periodic rollup wrote rows for 47 future months."""
    refused = department.put(f"/figures/{_next_month()}", {"households_applied": 10})
    assert refused.status_code == 422 and set(error_of(refused)["fields"]) == {"month"}
    assert department.put("/figures/2030-11", {"households_applied": 10}).status_code == 422
    this_month = today_local().strftime("%Y-%m")
    assert department.put(f"/figures/{this_month}", {"households_applied": 10}).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 1


def test_only_a_token_of_all_units_writes_figures(api):
    """A token of one unit overwrote the municipality's figures; refused before its body is read."""
    refused = api.put("/figures/2020-11", {"households_applied": 1})
    assert refused.status_code == 403 and error_of(refused)["code"] == "forbidden"
    assert api.put("/figures/2020-11", raw=b"{not json").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 0


@pytest.mark.parametrize("number", ["1" + "0" * 309, "1" + "0" * 309 + ".5", "0." + "0" * 308 + "1", "1e400",
                                    "100000000000000", "-0.5"])
def test_an_unbounded_figure_is_a_clear_422(department, number):
    """A figure of 310 digits answered 500."""
    for key in ("households_applied", "avg_cost_per_household"):
        refused = department.put("/figures/2020-11", raw=f'{{"{key}": {number}}}'.encode())
        if number.startswith("0.") and key == "avg_cost_per_household":
            continue  # a tiny amount is kept to four decimals: 0
        assert refused.status_code == 422, (key, number, refused.get_json())
        assert set(error_of(refused)["fields"]) == {key}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) <= 1


def test_idempotency_covers_items_and_figures_and_keeps_refusals(api, make_token):
    body = {"unit": "E6", "person_ref": "P-1", "case_ref": "H-1", "sent_on": "2020-11-03"}
    key = {"Idempotency-Key": "ref-1"}
    first = api.post("/referrals", body, headers=key)
    assert api.post("/referrals", body, headers=key).get_json() == first.get_json()
    assert api.post("/referrals", body, headers={"Idempotency-Key": "ref-2"}).status_code == 201
    from caseflow.items.models import WorkItem
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WorkItem)) == 2
    department = api.as_(make_token("ingest", None))
    refused = department.put("/figures/2020-11", {"households_applied": -1}, headers={"Idempotency-Key": "fig"})
    assert department.put("/figures/2020-11", {"households_applied": -1},
                          headers={"Idempotency-Key": "fig"}).get_json() == refused.get_json()
    assert api.post("/referrals", body, headers={"Idempotency-Key": "bad key with spaces"}).status_code == 400


def test_an_unknown_query_parameter_is_refused_and_stores_nothing(api):
    """The document declares each operation's query parameters and no others (schemathesis found a
    bulk accepted with a parameter of garbage)."""
    refused = api.post("/control-checks?colour=blue", checks(2))
    assert refused.status_code == 422
    assert set(error_of(refused)["fields"]) == {"colour"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ControlCheck)) == 0


def test_error_fields_are_named_as_the_api_names_them(department):
    """pydantic's names leaked: ``households_applied.float``."""
    for key in ("households_applied", "avg_cost_per_household", "e_application_share_pct"):
        refused = department.put("/figures/2020-11", {key: "12"})
        assert list(error_of(refused)["fields"]) == [key]


def test_a_whole_number_written_with_a_fraction_of_zero_is_that_number(api, department):
    """JSON Schema's integer takes ``2.0``: so does the server (the document had it and the server refused it)."""
    assert api.post("/control-checks", checks(1, persons_checked=2.0)).status_code == 201
    assert db.session.scalar(sa.select(ControlCheck.persons_checked)) == 2
    assert api.post("/control-checks", checks(1, persons_checked=2.5)).status_code == 422
    assert api.post("/control-checks", checks(1, persons_checked=True)).status_code == 422
    assert department.put("/figures/2020-11", {"households_applied": 3713.0}).get_json() == {
        "households_applied": 3713}

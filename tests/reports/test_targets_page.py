"""The analyst sets the committee's targets; the report measures its month against them."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.reports.models import ReportTarget


def _titles() -> list[str]:
    return list(db.session.scalars(sa.select(ReportTarget.title).order_by(ReportTarget.id)))


def test_the_analyst_sees_seed_004s_targets_and_adds_one(client, login_as, seed_004_targets):
    login_as(Role.ANALYST)
    page = client.get("/targets/").get_data(as_text=True)
    assert "Högst en procent vuxna biståndsmottagare av befolkningen" in page
    assert "1 000 vuxna i egen försörjning genom nämndens stöd under mandatperioden" in page
    response = client.post("/targets/", data={"title": "Minst 75 procent e-ansökningar",
                                              "metric": "e_application_share_pct", "direction": "at_least",
                                              "value": "75,5", "period": "month"})
    assert response.status_code == 302
    target = db.session.scalar(sa.select(ReportTarget).where(ReportTarget.title == "Minst 75 procent e-ansökningar"))
    assert (target.metric, target.direction.value, str(target.value.normalize()), target.period.value) == (
        "e_application_share_pct", "at_least", "75.5", "month")
    assert "75,5" in client.get("/targets/").get_data(as_text=True)
    assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.entity == "report_target")) == "report.target"


def test_a_bad_target_is_refused_beside_its_field_and_nothing_is_saved(client, login_as, seed_004_targets):
    login_as(Role.ANALYST)
    before = _titles()
    response = client.post("/targets/", data={"title": "Mål", "metric": "no_such_metric", "direction": "at_least",
                                              "value": "mycket", "period": "month"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="value-error"' in page and "Ett tal, t.ex. 1 000 eller 1,5." in page and 'id="metric-error"' in page
    assert _titles() == before


def test_a_target_is_changed_and_removed(client, login_as, seed_004_targets):
    login_as(Role.ANALYST)
    target = db.session.scalar(sa.select(ReportTarget).where(ReportTarget.metric == "adult_recipients_share_pct"))
    page = client.get(f"/targets/{target.id}").get_data(as_text=True)
    assert 'value="1"' in page
    assert client.post(f"/targets/{target.id}", data={"title": target.title, "metric": target.metric,
                                                      "direction": "at_most", "value": "0,9",
                                                      "period": "year"}).status_code == 302
    db.session.refresh(target)
    assert (str(target.value.normalize()), target.period.value) == ("0.9", "year")
    assert client.post(f"/targets/{target.id}/delete").status_code == 302
    assert target.title not in _titles()
    assert client.get("/targets/99999999999").status_code == 404


def test_only_the_analyst_sets_targets(client, login_as):
    login_as(Role.UNIT_LEADER)
    assert client.get("/targets/").status_code == 403
    assert client.post("/targets/", data={"title": "x"}).status_code == 403

"""The command line of API.md: units, users, tokens and demo data."""

from datetime import timedelta

import sqlalchemy as sa

from caseflow.api.models import ApiToken, hash_token
from caseflow.auth.models import User
from caseflow.checks.models import ControlCheck
from caseflow.db import today_local
from caseflow.demo.people import DEMO_PASSWORD, DEMO_USERS
from caseflow.extensions import db
from caseflow.figures.models import FigureImport, FigureValue
from caseflow.kinds import ItemKind
from caseflow.items.models import Transition, WorkItem
from caseflow.months import Month
from caseflow.permissions import Role, Scope
from caseflow.reports.models import ALL_UNITS, DirtyMonth, MonthlyCount
from caseflow.units.models import Unit
from tests.conftest import sign_in


def test_units_create(runner):
    result = runner.invoke(args=["units", "create", "E6", "Enhet 6"])
    assert result.exit_code == 0, result.output
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "E6"))
    assert unit.name == "Enhet 6"
    again = runner.invoke(args=["units", "create", "E6", "Enhet 6"])
    assert again.exit_code == 1
    assert "finns redan" in again.output


def test_users_create_reads_the_password_from_stdin(runner, client):
    runner.invoke(args=["units", "create", "E6", "Enhet 6"])
    result = runner.invoke(args=["users", "create", "sara", "--role", "caseworker", "--unit", "E6",
                                 "--password-stdin"], input="a-long-enough-secret\n")
    assert result.exit_code == 0, result.output
    assert "a-long-enough-secret" not in result.output
    user = db.session.scalar(sa.select(User).where(User.username == "sara"))
    assert user.role == Role.CASEWORKER and user.unit.code == "E6"
    assert sign_in(client, "sara", "a-long-enough-secret").status_code == 302


def test_users_create_prompts_for_the_password(runner):
    result = runner.invoke(args=["users", "create", "ida", "--role", "analyst"],
                           input="a-long-enough-secret\na-long-enough-secret\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User.role).where(User.username == "ida")) == Role.ANALYST


def test_users_create_refuses_bad_input_and_saves_nothing(runner):
    result = runner.invoke(args=["users", "create", "sara", "--role", "caseworker", "--password-stdin"],
                           input="short\n")
    assert result.exit_code == 1
    assert "tillhör en enhet" in result.output and "minst 12 tecken" in result.output
    result = runner.invoke(args=["users", "create", "sara", "--role", "caseworker", "--unit", "NOPE",
                                 "--password-stdin"], input="a-long-enough-secret\n")
    assert result.exit_code == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_tokens_create_prints_the_token_alone_on_the_last_line_and_stores_a_hash(runner):
    runner.invoke(args=["units", "create", "E6", "Enhet 6"])
    result = runner.invoke(args=["tokens", "create", "robot", "--scope", "ingest", "--unit", "E6"])
    assert result.exit_code == 0, result.output
    plain = result.output.rstrip("\n").split("\n")[-1]
    assert plain.startswith("cf_") and " " not in plain and len(plain) > 40
    token = db.session.scalar(sa.select(ApiToken))
    assert token.token_hash == hash_token(plain) and plain not in token.token_hash
    assert (token.name, token.scope, token.unit.code) == ("robot", Scope.INGEST, "E6")
    result = runner.invoke(args=["tokens", "create", "reader", "--scope", "read"])
    assert result.exit_code == 0
    assert db.session.scalar(sa.select(ApiToken.unit_id).where(ApiToken.name == "reader")) is None


def _rows(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _count(metric: str, month: int):
    return db.session.scalar(sa.select(MonthlyCount.value).where(
        MonthlyCount.metric == metric, MonthlyCount.month == month, MonthlyCount.unit_id == ALL_UNITS))


def test_demo_data_is_idempotent_and_signs_in(runner, client):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    kinds = dict(db.session.execute(sa.select(WorkItem.kind, sa.func.count()).group_by(WorkItem.kind)).all())
    assert set(kinds) == set(ItemKind)
    assert kinds[ItemKind.REFERRAL] > 12 * 2 * 15  # a year of two units' referrals
    # A year of checks: two units, 13 months (this one begun), 540 + 840 lookups a unit a month ±10 %.
    assert 2 * 12 * 1380 * 0.9 < _rows(ControlCheck) < 2 * 13 * 1380 * 1.1
    # One import of the nine figures for each of the 13 months.
    assert (_rows(FigureImport), _rows(FigureValue)) == (1, 13 * 9)
    # Rolled up: the report of last month is full, with nothing left for a worker to do.
    today = today_local()
    last_month = Month.of(today.replace(day=1) - timedelta(days=1))
    assert _rows(DirtyMonth) == 0
    assert 350 <= _count("households_applied", last_month) <= 400
    robot, caseworker = _count("ssbtek_lookups_robot", last_month), _count("ssbtek_lookups_caseworker", last_month)
    assert 2 * 840 * 0.9 <= robot <= 2 * 840 * 1.1 and 2 * 540 * 0.9 <= caseworker <= 2 * 540 * 1.1
    assert _count("referrals_sent", last_month) > 0 and _count("individuals_checked", last_month) > 2 * 150
    counts = {model: _rows(model) for model in (Transition, ControlCheck, FigureImport, FigureValue, MonthlyCount)}

    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0 and "already present" in result.output
    assert {model: _rows(model) for model in counts} == counts  # a second run adds nothing
    users = db.session.scalars(sa.select(User.username).order_by(User.username)).all()
    assert sorted(users) == sorted(u[0] for u in DEMO_USERS)
    assert {r for r in db.session.scalars(sa.select(User.role))} == set(Role)
    assert sign_in(client, "handlaggare", DEMO_PASSWORD).status_code == 302
    analyst = client.application.test_client()
    assert sign_in(analyst, "analytiker", DEMO_PASSWORD).status_code == 302
    month = f"{last_month // 100}-{last_month % 100:02d}"
    page = analyst.get(f"/reports/{month}").get_data(as_text=True)
    assert "Kontroller och beslut" in page and "har inte frysts än" in page
    controls = page.split('id="table-controls"', 1)[1].split("</table>", 1)[0]
    # A row a month of the year up to last month, every figure there (the robot's too: it ran all year).
    assert controls.count("<td") == 5 * (last_month % 100) and ">--<" not in controls


def test_demo_data_if_empty_leaves_a_real_database_alone(runner, make_user):
    make_user(Role.ADMIN, username="realadmin")
    result = runner.invoke(args=["demo-data", "--if-empty"])
    assert result.exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_demo_data_is_refused_in_production(app, runner):
    app.config["CASEFLOW_ENV"] = "production"
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 1 and "production" in result.output

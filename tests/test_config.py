"""Configuration from the environment, and the refusal to run production on a weak secret."""

import pytest

from caseflow import create_app
from caseflow.config import ConfigError, from_environment


#: A secret as the README makes one (``secrets.token_urlsafe(48)``), written out so the test is fixed.
STRONG = "q3Zb8xK1vN0pR7tYh2LmW9sD4fG6jC5aE-uI_oPzXyVwQkTnBr8HgJ3dS1eF0lMa"


@pytest.mark.parametrize("secret", [None, "", "changeme", "short-but-not-32-chars", "a" * 32, "a" * 200,
                                    "ab" * 32, "0123456789abcdef"])
def test_production_refuses_missing_or_weak_secret(tmp_path, secret):
    env = {"CASEFLOW_ENV": "production"}
    if secret is not None:
        env["CASEFLOW_SECRET_KEY"] = secret
    with pytest.raises(ConfigError, match="CASEFLOW_SECRET_KEY"):
        from_environment(tmp_path, env)
    assert not (tmp_path / "secret_key").exists()


def test_production_accepts_a_strong_secret_and_secures_cookies(tmp_path):
    config = from_environment(tmp_path, {"CASEFLOW_ENV": "production", "CASEFLOW_SECRET_KEY": STRONG})
    assert config["SECRET_KEY"] == STRONG
    assert config["SESSION_COOKIE_SECURE"] is True


def test_unknown_mode_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="CASEFLOW_ENV"):
        from_environment(tmp_path, {"CASEFLOW_ENV": "prod"})


def test_embedded_run_generates_its_secret_once_and_uses_sqlite_in_instance(tmp_path):
    first = from_environment(tmp_path, {})
    second = from_environment(tmp_path, {})
    assert len(first["SECRET_KEY"]) >= 48
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'caseflow.sqlite'}"
    assert first["SESSION_COOKIE_SECURE"] is False


def test_database_and_broker_come_from_the_environment(tmp_path):
    config = from_environment(tmp_path, {"CASEFLOW_DATABASE_URL": "postgresql+psycopg://db/x",
                                         "CASEFLOW_BROKER_URL": "redis://localhost:6379/0",
                                         "CASEFLOW_SECRET_KEY": "s"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/x"
    assert config["CASEFLOW_BROKER_URL"] == "redis://localhost:6379/0"


def test_create_app_refuses_production_without_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("CASEFLOW_ENV", "production")
    monkeypatch.delenv("CASEFLOW_SECRET_KEY", raising=False)
    monkeypatch.setenv("CASEFLOW_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError):
        create_app()


def test_throttle_and_idle_limits_have_safe_defaults(tmp_path):
    config = from_environment(tmp_path, {"CASEFLOW_SECRET_KEY": "s"})
    assert config["CASEFLOW_LOGIN_WINDOW_MINUTES"] == 15
    assert config["CASEFLOW_LOGIN_MAX_FAILURES_PER_USERNAME"] == 5
    assert config["CASEFLOW_LOGIN_MAX_FAILURES_PER_ADDRESS"] == 20
    assert config["CASEFLOW_SESSION_IDLE_MINUTES"] == 30
    assert config["CASEFLOW_TRUSTED_PROXIES"] == 0
    assert config["SESSION_COOKIE_HTTPONLY"] is True and config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_throttle_and_idle_limits_come_from_the_environment(tmp_path):
    config = from_environment(tmp_path, {"CASEFLOW_SECRET_KEY": "s", "CASEFLOW_SESSION_IDLE_MINUTES": "10",
                                         "CASEFLOW_LOGIN_MAX_FAILURES_PER_ADDRESS": "50",
                                         "CASEFLOW_TRUSTED_PROXIES": "1"})
    assert config["CASEFLOW_SESSION_IDLE_MINUTES"] == 10
    assert config["CASEFLOW_LOGIN_MAX_FAILURES_PER_ADDRESS"] == 50
    assert config["CASEFLOW_TRUSTED_PROXIES"] == 1


@pytest.mark.parametrize("value", ["0", "-5", "thirty", "1.5"])
def test_a_limit_that_is_not_a_positive_whole_number_is_refused(tmp_path, value):
    with pytest.raises(ConfigError, match="CASEFLOW_SESSION_IDLE_MINUTES"):
        from_environment(tmp_path, {"CASEFLOW_SECRET_KEY": "s", "CASEFLOW_SESSION_IDLE_MINUTES": value})


def test_a_secret_is_judged_by_its_randomness_not_its_length():
    # By hand: 32 × "a" is one symbol, 0 bits; "ab" × 32 is two equally frequent, 1 bit each, 64 bits;
    # 64 distinct characters once each are 6 bits each, 384 bits.
    from caseflow.config import secret_bits
    assert secret_bits("a" * 32) == 0
    assert secret_bits("ab" * 32) == 64
    assert secret_bits("".join(chr(0x30 + i) for i in range(64))) == 384

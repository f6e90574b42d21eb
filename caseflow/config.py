"""Configuration read from the environment (``CASEFLOW_*``), with safe embedded defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

#: Secrets that must never reach production: the placeholders people copy from docs.
KNOWN_WEAK_SECRETS = frozenset({"", "dev", "secret", "changeme", "change-me", "caseflow"})
MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """The environment asks for something Caseflow refuses to run with."""


def _secret_from_instance(instance_path: Path) -> str:
    """Generate the embedded run's secret once and keep it beside the database."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def from_environment(instance_path: Path, environ: dict[str, str] | None = None) -> dict:
    """Build the Flask config mapping; raises ConfigError on an unsafe production setup."""
    env = os.environ if environ is None else environ
    mode = env.get("CASEFLOW_ENV", "development")
    if mode not in ("development", "production"):
        raise ConfigError(f"CASEFLOW_ENV must be 'development' or 'production', not {mode!r}")
    production = mode == "production"

    secret = env.get("CASEFLOW_SECRET_KEY")
    if production and (secret is None or secret.strip().lower() in KNOWN_WEAK_SECRETS
                       or len(secret) < MIN_SECRET_LENGTH):
        raise ConfigError(
            "Refusing to start in production without a strong CASEFLOW_SECRET_KEY "
            f"(at least {MIN_SECRET_LENGTH} random characters, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
        )
    if secret is None:
        secret = _secret_from_instance(instance_path)

    database_url = env.get("CASEFLOW_DATABASE_URL") or f"sqlite:///{instance_path / 'caseflow.sqlite'}"
    return {
        "CASEFLOW_ENV": mode,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "CASEFLOW_BROKER_URL": env.get("CASEFLOW_BROKER_URL", ""),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead, which expires on its own
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    }

"""Configuration read from the environment (``CASEFLOW_*``), with safe embedded defaults."""

from __future__ import annotations

import math
import os
import secrets
from collections import Counter
from pathlib import Path

#: Secrets that must never reach production: the placeholders people copy from docs.
KNOWN_WEAK_SECRETS = frozenset({"", "dev", "secret", "changeme", "change-me", "caseflow"})
#: What a production secret must hold, estimated from its characters' frequencies (``secret_bits``):
#: ``secrets.token_urlsafe(48)`` gives about 330, ``token_hex(32)`` about 240; 32 × ``a`` gives 0.
MIN_SECRET_BITS = 128

#: Tunables read as positive whole numbers, each a config key of the same name: (name, default).
INTEGER_SETTINGS = (
    # Sign-in throttling (caseflow/auth/throttle.py): failures counted over a sliding window.
    ("CASEFLOW_LOGIN_WINDOW_MINUTES", 15),
    ("CASEFLOW_LOGIN_MAX_FAILURES_PER_USERNAME", 5),
    # Higher than per username: an office behind one NAT address shares this budget.
    ("CASEFLOW_LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
    # A signed-in session ends after this long without a request.
    ("CASEFLOW_SESSION_IDLE_MINUTES", 30),
    # A request finding its Idempotency-Key held by one still running waits this long for its answer.
    ("CASEFLOW_IDEMPOTENCY_WAIT_SECONDS", 10),
    # A key's claim this old was left by a request that died (gunicorn kills one after 30 s): released.
    ("CASEFLOW_IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS", 60),
)


class ConfigError(RuntimeError):
    """The environment asks for something Caseflow refuses to run with."""


def secret_bits(secret: str) -> float:
    """An estimate of the secret's entropy: its length times the Shannon entropy of its characters.

    Judges what a length cannot: ``"a" * 32`` is long and worth nothing. Frequencies see no order, so
    a long pattern of many characters may pass; the known placeholders are refused by name.
    """
    if not secret:
        return 0.0
    counts = Counter(secret)
    per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    return per_char * len(secret)


def private_folder(path: Path) -> Path:
    """The instance folder, created if need be, entered by its owner only (0700) whatever the umask:
    it holds the database, the broker's queue, the results and the secret."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _secret_from_instance(instance_path: Path) -> str:
    """Generate the embedded run's secret once and keep it beside the database."""
    path = instance_path / "secret_key"
    if not path.exists():
        private_folder(instance_path)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _whole_number(env, name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise ConfigError(f"{name} must be a whole number of at least {minimum}, not {raw!r}")
    return value


def from_environment(instance_path: Path, environ: dict[str, str] | None = None) -> dict:
    """Build the Flask config mapping; raises ConfigError on an unsafe production setup."""
    env = os.environ if environ is None else environ
    mode = env.get("CASEFLOW_ENV", "development")
    if mode not in ("development", "production"):
        raise ConfigError(f"CASEFLOW_ENV must be 'development' or 'production', not {mode!r}")
    production = mode == "production"

    secret = env.get("CASEFLOW_SECRET_KEY")
    if production and (secret is None or secret.strip().lower() in KNOWN_WEAK_SECRETS
                       or secret_bits(secret) < MIN_SECRET_BITS):
        raise ConfigError(
            "Refusing to start in production without a strong CASEFLOW_SECRET_KEY "
            f"(at least {MIN_SECRET_BITS} bits of randomness; this one has about "
            f"{secret_bits(secret or ''):.0f}. Make one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
        )
    if secret is None:
        secret = _secret_from_instance(instance_path)

    smtp_url = (env.get("CASEFLOW_SMTP_URL") or "").strip()
    if smtp_url:
        from caseflow.calendar.mail import parse_smtp_url  # the standard library only

        try:
            parse_smtp_url(smtp_url)
        except ValueError as err:
            raise ConfigError(f"CASEFLOW_SMTP_URL is not an SMTP URL: {err}") from None

    database_url = env.get("CASEFLOW_DATABASE_URL") or f"sqlite:///{instance_path / 'caseflow.sqlite'}"
    config = {
        "CASEFLOW_ENV": mode,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "CASEFLOW_BROKER_URL": env.get("CASEFLOW_BROKER_URL", ""),
        # The committee calendar's reminders go through this server; empty shows them in the app only.
        "CASEFLOW_SMTP_URL": smtp_url,
        "CASEFLOW_MAIL_FROM": (env.get("CASEFLOW_MAIL_FROM") or "").strip() or "caseflow@localhost",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        # How many proxies in front set X-Forwarded-For/-Proto; 0 trusts none (the client address
        # is the socket's). Behind one TLS proxy set 1, or every user shares the proxy's address.
        "CASEFLOW_TRUSTED_PROXIES": _whole_number(env, "CASEFLOW_TRUSTED_PROXIES", 0, minimum=0),
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead, which expires on its own
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    }
    for name, default in INTEGER_SETTINGS:
        config[name] = _whole_number(env, name, default)
    return config

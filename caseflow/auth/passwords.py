"""Password hashing with Argon2id, and the password policy."""

from __future__ import annotations

import dataclasses
import os

from argon2 import PasswordHasher, Parameters, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

#: Argon2id with RFC 9106's low-memory profile (argon2-cffi's defaults): what every real run uses.
PRODUCTION_PARAMETERS = profiles.RFC_9106_LOW_MEMORY
#: For the test suite only, which signs in thousands of times: the same algorithm, at almost no cost.
TEST_PARAMETERS = dataclasses.replace(PRODUCTION_PARAMETERS, time_cost=1, memory_cost=64, parallelism=1)
#: Set to 1 by tests/conftest.py; never honoured with CASEFLOW_ENV=production.
TEST_SWITCH = "CASEFLOW_TEST_CHEAP_PASSWORD_HASHING"


def parameters(environ=os.environ) -> Parameters:
    """The Argon2 parameters to hash with: the production ones unless the test switch is on."""
    if environ.get(TEST_SWITCH) == "1" and environ.get("CASEFLOW_ENV", "development") != "production":
        return TEST_PARAMETERS
    return PRODUCTION_PARAMETERS


_hasher = PasswordHasher.from_parameters(parameters())

MIN_LENGTH = 12
MAX_LENGTH = 256

#: A dummy hash to verify against when the user does not exist, so timing does not tell.
_DUMMY_HASH = _hasher.hash("no such user, constant time")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def policy_problem(password: str, username: str = ""):
    """Why a new password is refused, or None: long enough, not the username."""
    if len(password) < MIN_LENGTH:
        return _l("The password must be at least %(n)d characters long.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("The password may be at most %(n)d characters long.", n=MAX_LENGTH)
    if username and username.lower() in password.lower():
        return _l("The password must not contain the username.")
    return None

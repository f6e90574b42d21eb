"""Password hashing with Argon2id, and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

_hasher = PasswordHasher()  # argon2-cffi's defaults are Argon2id with RFC 9106's low-memory profile

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

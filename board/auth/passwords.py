"""Password hashing with Argon2id at the strength configured for this install."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12

# A dummy hash checked when the e-mail is unknown, so both paths take the same time.
_DUMMY_PASSWORD = "not-a-real-password-for-timing"


def hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["PASSWORD_TIME_COST"],
        memory_cost=cfg["PASSWORD_MEMORY_COST"],
        parallelism=cfg["PASSWORD_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; an unknown user is checked against a dummy."""
    h = hasher()
    try:
        return h.verify(password_hash or h.hash(_DUMMY_PASSWORD), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)

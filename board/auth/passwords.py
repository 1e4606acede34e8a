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


def _dummy_hash(h: PasswordHasher) -> str:
    """A hash of nothing anyone knows, at this install's strength, made once per setting.

    An unknown e-mail is checked against it, so it costs one Argon2 computation, as a
    known one does; hashing it on each sign-in made the unknown path cost two.
    """
    made = current_app.extensions.setdefault("password_dummy_hashes", {})
    key = (h.time_cost, h.memory_cost, h.parallelism)
    if key not in made:
        made[key] = h.hash(_DUMMY_PASSWORD)
    return made[key]


def init_app(app) -> None:
    """Make the dummy hash as the app starts, so not even the first unknown e-mail pays for it."""
    with app.app_context():
        _dummy_hash(hasher())


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; an unknown user is checked against a dummy."""
    h = hasher()
    try:
        return h.verify(password_hash or _dummy_hash(h), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)

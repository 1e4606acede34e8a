"""Signing in, throttling, invitations and password resets. Nothing here commits."""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, render_template, url_for

from board.audit.services import record
from board.auth.models import SignInFailure, UserSession, UserToken
from board.auth.passwords import hash_password, needs_rehash, verify_password
from board.auth.sessions import end_sessions
from board.common.mail import queue_mail
from board.common.models import utcnow
from board.extensions import db
from board.people.models import User

INVITE = "invite"
RESET = "reset"


class SignInThrottled(Exception):
    """Too many failures lately for this account or this address."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _keys(email: str, address: str) -> tuple[str, str]:
    return f"account:{normalise_email(email)}", f"address:{address or 'unknown'}"


def is_throttled(email: str, address: str) -> bool:
    """Whether sign-in is paused for this account or this address (counts in the database)."""
    cfg = current_app.config
    since = utcnow() - timedelta(seconds=cfg["SIGNIN_WINDOW_SECONDS"])
    account_key, address_key = _keys(email, address)
    counts = dict(
        db.session.execute(
            sa.select(SignInFailure.key, sa.func.count())
            .where(SignInFailure.key.in_([account_key, address_key]), SignInFailure.at >= since)
            .group_by(SignInFailure.key)
        ).all()
    )
    return (
        counts.get(account_key, 0) >= cfg["SIGNIN_MAX_PER_ACCOUNT"]
        or counts.get(address_key, 0) >= cfg["SIGNIN_MAX_PER_ADDRESS"]
    )


def authenticate(email: str, password: str, address: str) -> User | None:
    """Return the user for a right e-mail and password, recording failures.

    Raises SignInThrottled before checking anything when the limit is reached. The
    caller commits either way, so failures are counted across every worker.
    """
    if is_throttled(email, address):
        raise SignInThrottled()
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_enabled:
        for key in _keys(email, address):
            db.session.add(SignInFailure(key=key))
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    db.session.execute(
        sa.delete(SignInFailure).where(SignInFailure.key == _keys(email, address)[0])
    )
    return user


def prune_failures() -> int:
    """Forget failures older than the window (run from cron with send-mail)."""
    since = utcnow() - timedelta(seconds=current_app.config["SIGNIN_WINDOW_SECONDS"])
    return db.session.execute(sa.delete(SignInFailure).where(SignInFailure.at < since)).rowcount


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User, purpose: str) -> str:
    """Make a single-use link token for the user; earlier unused ones of that purpose die."""
    hours = current_app.config["INVITATION_VALID_HOURS" if purpose == INVITE else "RESET_VALID_HOURS"]
    now = utcnow()
    db.session.execute(
        sa.update(UserToken)
        .where(UserToken.user_id == user.id, UserToken.purpose == purpose, UserToken.used_at.is_(None))
        .values(used_at=now)
    )
    raw = secrets.token_urlsafe(32)
    db.session.add(
        UserToken(user_id=user.id, purpose=purpose, token_hash=_hash_token(raw), expires_at=now + timedelta(hours=hours))
    )
    return raw


def find_token(raw: str) -> UserToken | None:
    """The live (unused, unexpired) token for a link, or None."""
    token = db.session.scalar(sa.select(UserToken).where(UserToken.token_hash == _hash_token(raw or "")))
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    if not token.user.is_enabled:
        return None
    return token


def use_token(token: UserToken, password: str) -> User:
    """Spend a link token to set the user's password."""
    token.used_at = utcnow()
    set_password(token.user, password, actor=token.user)
    return token.user


def set_password(user: User, password: str, *, actor, keep: UserSession | None = None) -> None:
    """Set a new password and end every session the user had (but ``keep``, the one changing it)."""
    user.password_hash = hash_password(password)
    end_sessions(user, keep=keep)
    record("password_changed", user, actor=actor)


def _link(endpoint: str, raw: str) -> str:
    base = current_app.config["BOARD_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, token=raw)


def send_invitation(user: User, *, actor) -> None:
    """E-mail the user a link to set their password and sign in for the first time."""
    raw = issue_token(user, INVITE)
    link = _link("auth.set_password", raw)
    hours = current_app.config["INVITATION_VALID_HOURS"]
    context = dict(user=user, link=link, hours=hours, inviter=actor)
    queue_mail(
        [(user.name, user.email)],
        f"You are invited to {current_app.config['SERVICE_NAME']}",
        render_template("emails/invitation.txt", **context),
        render_template("emails/invitation.html", **context),
        kind="invitation",
    )
    record("invited", user, actor=actor)


def send_password_reset(email: str) -> None:
    """E-mail a reset link when the address belongs to an active user; silent otherwise."""
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None or not user.is_enabled:
        return
    raw = issue_token(user, RESET)
    context = dict(user=user, link=_link("auth.set_password", raw), hours=current_app.config["RESET_VALID_HOURS"])
    queue_mail(
        [(user.name, user.email)],
        "Reset your password",
        render_template("emails/reset.txt", **context),
        render_template("emails/reset.html", **context),
        kind="reset",
    )

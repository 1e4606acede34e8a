"""Signing in, throttling, invitations and password resets. Nothing here commits."""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, render_template

from board.audit.services import record
from board.auth.models import PasswordResetRequest, SignInFailure, UserSession, UserToken
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
    db.session.execute(sa.delete(SignInFailure).where(SignInFailure.key == _keys(email, address)[0]))
    return user


def prune_failures() -> int:
    """Forget failures older than the window (run from cron with send-mail)."""
    since = utcnow() - timedelta(seconds=current_app.config["SIGNIN_WINDOW_SECONDS"])
    return db.session.execute(sa.delete(SignInFailure).where(SignInFailure.at < since)).rowcount


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User, purpose: str) -> str:
    """Make a single-use link token for the user.

    A new invitation kills the earlier one (the secretariat sent it again). A reset link
    leaves earlier ones alive until used or expired, so asking again, or someone else
    asking for this e-mail, never cancels the link a person is about to use; requests
    are limited instead (:func:`request_password_reset`).
    """
    hours = current_app.config["INVITATION_VALID_HOURS" if purpose == INVITE else "RESET_VALID_HOURS"]
    now = utcnow()
    if purpose == INVITE:
        _spend_links(user, INVITE, now)
    raw = secrets.token_urlsafe(32)
    db.session.add(
        UserToken(
            user_id=user.id, purpose=purpose, token_hash=_hash_token(raw), expires_at=now + timedelta(hours=hours)
        )
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
    """Spend a link token to set the user's password; the user's other live links die with it."""
    now = utcnow()
    token.used_at = now
    for purpose in (INVITE, RESET):
        _spend_links(token.user, purpose, now)
    set_password(token.user, password, actor=token.user)
    return token.user


def _spend_links(user: User, purpose: str, now) -> None:
    db.session.execute(
        sa.update(UserToken)
        .where(UserToken.user_id == user.id, UserToken.purpose == purpose, UserToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )


def set_password(user: User, password: str, *, actor, keep: UserSession | None = None) -> None:
    """Set a new password and end every session the user had (but ``keep``, the one changing it)."""
    user.password_hash = hash_password(password)
    end_sessions(user, keep=keep)
    record("password_changed", user, actor=actor)


def _link(endpoint: str, raw: str) -> str:
    """The public address of a link page; works in a request and in the mail worker alike."""
    base = current_app.config["BOARD_BASE_URL"].rstrip("/")
    return base + current_app.url_map.bind("").build(endpoint, {"token": raw})


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


class ResetThrottled(Exception):
    """Too many reset links asked for lately for this e-mail or from this address."""


def request_password_reset(email: str, address: str) -> None:
    """Record that someone asked for a reset link; the same work for any e-mail, known or not.

    Nothing is looked up here: the mail worker answers the request
    (:func:`answer_reset_requests`), so the response time cannot tell who has an account.
    Raises ResetThrottled when the e-mail or the client address has asked too often
    within the window; the counts are the requests in the database, so every worker
    process and server shares them.
    """
    cfg = current_app.config
    email, address = normalise_email(email)[:254], (address or "unknown")[:100]
    since = utcnow() - timedelta(seconds=cfg["RESET_WINDOW_SECONDS"])
    for_email, from_address = db.session.execute(
        sa.select(
            sa.func.count().filter(PasswordResetRequest.email == email),
            sa.func.count().filter(PasswordResetRequest.client_address == address),
        ).where(
            PasswordResetRequest.requested_at >= since,
            sa.or_(PasswordResetRequest.email == email, PasswordResetRequest.client_address == address),
        )
    ).one()
    if for_email >= cfg["RESET_MAX_PER_ACCOUNT"] or from_address >= cfg["RESET_MAX_PER_ADDRESS"]:
        raise ResetThrottled()
    db.session.add(PasswordResetRequest(email=email, client_address=address))


def answer_reset_requests(now, batch: int = 100) -> int:
    """Mail worker job: e-mail a reset link for each request whose e-mail is an active user's.

    Requests for unknown or deactivated e-mails are marked answered and nothing is sent.
    A request is claimed and its mail queued in one transaction (the worker commits), so
    two workers never answer the same request. Returns the links queued.
    """
    waiting = (
        sa.select(PasswordResetRequest.id)
        .where(PasswordResetRequest.handled_at.is_(None))
        .order_by(PasswordResetRequest.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    emails = db.session.scalars(
        sa.update(PasswordResetRequest)
        .where(PasswordResetRequest.id.in_(waiting.scalar_subquery()), PasswordResetRequest.handled_at.is_(None))
        .values(handled_at=now)
        .returning(PasswordResetRequest.email)
        .execution_options(synchronize_session=False)
    ).all()
    # Answered requests are kept a day (or the limits' window, if longer), then forgotten.
    keep = max(timedelta(days=1), timedelta(seconds=current_app.config["RESET_WINDOW_SECONDS"]))
    db.session.execute(
        sa.delete(PasswordResetRequest)
        .where(PasswordResetRequest.handled_at < now - keep)
        .execution_options(synchronize_session=False)
    )
    if not emails:
        return 0
    users = db.session.scalars(sa.select(User).where(User.email.in_(set(emails)), User.is_enabled.is_(True))).all()
    by_email = {user.email: user for user in users}
    queued = 0
    for email in emails:
        if email in by_email:
            _send_reset_link(by_email[email])
            queued += 1
    return queued


def _send_reset_link(user: User) -> None:
    raw = issue_token(user, RESET)
    context = dict(user=user, link=_link("auth.set_password", raw), hours=current_app.config["RESET_VALID_HOURS"])
    queue_mail(
        [(user.name, user.email)],
        "Reset your password",
        render_template("emails/reset.txt", **context),
        render_template("emails/reset.html", **context),
        kind="reset",
    )

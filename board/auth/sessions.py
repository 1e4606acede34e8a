"""Server-side sessions: one row per sign-in, so signing out really ends it.

The session cookie carries only a random id (Flask-Login's "user id" is that id); the
row keeps its SHA-256 hash, when it began, when it was last used, and the browser and
address it began from. A session is live while it has not ended, has seen a request
within ``SESSION_IDLE_MINUTES`` and is younger than ``SESSION_LIFETIME_HOURS``. A copy
of the cookie is worth nothing once its row has ended or lapsed. Nothing here commits,
except `touch` on a request that only reads (see there).
"""

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.orm import joinedload

from board.audit.services import record
from board.auth.models import UserSession
from board.common.database import READ_METHODS
from board.common.models import utcnow
from board.extensions import db
from board.people.models import User

# last_seen_at is written at most this often, so reading pages is not a write per request;
# the idle limit is therefore kept to within this much.
TOUCH_EVERY = timedelta(minutes=1)


def _hash(key: str) -> str:
    # The id carries 256 random bits, so a fast hash is enough to keep it secret at rest.
    return hashlib.sha256(key.encode()).hexdigest()


def _live(now: datetime):
    """SQL: the sessions that may still be used at ``now``."""
    cfg = current_app.config
    return sa.and_(
        UserSession.ended_at.is_(None),
        UserSession.last_seen_at > now - timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]),
        UserSession.created_at > now - timedelta(hours=cfg["SESSION_LIFETIME_HOURS"]),
    )


def start_session(user: User, *, user_agent: str, address: str) -> str:
    """Record a new sign-in for the user; returns the random id for the cookie (never stored)."""
    key = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=_hash(key),
            created_at=now,
            last_seen_at=now,
            user_agent=(user_agent or "")[:300],
            address=(address or "")[:64],
        )
    )
    return key


@cache
def _resume_statement():
    """The statement ``resume`` runs, built once (on first use, when the mappers are known).

    Every request runs it, and building a select with three eager loads and then its cache
    key took about as long as running it; the times it compares with are bound parameters.
    One statement: nearly every page asks permission questions, which read the user's
    seats and the organisations they write updates for, and many name their organisation.
    """
    return (
        sa.select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(
            UserSession.token_hash == sa.bindparam("token_hash"),
            UserSession.ended_at.is_(None),
            UserSession.last_seen_at > sa.bindparam("idle_since"),
            UserSession.created_at > sa.bindparam("born_since"),
            User.is_enabled.is_(True),
        )
        .options(joinedload(User.memberships), joinedload(User.organisation), joinedload(User.update_contacts))
    )


def resume(key: str) -> tuple[UserSession, User] | None:
    """The live session for a cookie's id and its enabled user (loaded as every page needs), or None."""
    if not key or len(key) > 100:
        return None
    now = utcnow()
    cfg = current_app.config
    # The same test as _live(now), with the limits as parameters.
    row = (
        db.session.execute(
            _resume_statement(),
            {
                "token_hash": _hash(key),
                "idle_since": now - timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]),
                "born_since": now - timedelta(hours=cfg["SESSION_LIFETIME_HOURS"]),
            },
        )
        .unique()
        .first()
    )
    if row is None:
        return None
    user_session, user = row
    if now - user_session.last_seen_at >= TOUCH_EVERY:
        touch(user_session, now)
    return user_session, user


def touch(user_session: UserSession, now: datetime) -> None:
    """Note that the session was used now.

    A request that writes carries this in its own transaction (it commits with the
    change, or not at all). A request that only reads never commits, so the time is
    written in a short transaction of its own; a read holds no write lock, so this
    cannot wait on the request itself.
    """
    if request.method not in READ_METHODS:
        user_session.last_seen_at = now
        return
    with db.engine.begin() as connection:
        connection.execute(
            sa.update(UserSession)
            .where(UserSession.id == user_session.id, UserSession.last_seen_at < now)
            .values(last_seen_at=now)
        )


def end_session(user_session: UserSession) -> None:
    """End one session (signing out)."""
    if user_session.ended_at is None:
        user_session.ended_at = utcnow()


def end_sessions(user: User, *, keep: UserSession | None = None) -> int:
    """End every session the user has (but ``keep``); returns how many were live."""
    now = utcnow()
    query = sa.update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    live = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(UserSession)
        .where(UserSession.user_id == user.id, _live(now), UserSession.id != (keep.id if keep else -1))
    )
    db.session.execute(query.values(ended_at=now), execution_options={"synchronize_session": False})
    return live


def live_sessions(user: User) -> list[UserSession]:
    """The user's sessions that may still be used, most recently used first."""
    return db.session.scalars(
        sa.select(UserSession)
        .where(UserSession.user_id == user.id, _live(utcnow()))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).all()


def prune_sessions() -> int:
    """Forget sessions that began more than 30 days before the lifetime ran out (cron, with send-mail)."""
    lifetime = timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"])
    since = utcnow() - lifetime - timedelta(days=30)
    return db.session.execute(sa.delete(UserSession).where(UserSession.created_at < since)).rowcount


def sign_out_other_sessions(user: User, current: UserSession) -> int:
    """The person, from their account page: end every session but this one (audited)."""
    ended = end_sessions(user, keep=current)
    record("signed_out_other_sessions", user, actor=user, changes={"sessions_ended": [None, ended]})
    return ended

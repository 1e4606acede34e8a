"""Personal calendar feeds: a secret address per person, stored only as a hash."""

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.audit.services import record
from board.common import feeds
from board.extensions import db
from board.meetings.ical import feed_calendar, meeting_event, site
from board.meetings.models import Attendance, Meeting
from board.people.models import User

FEED_WINDOW = timedelta(days=365)


def _hash(token: str) -> str:
    # The token carries 256 random bits, so a fast hash is enough to keep it secret at rest.
    return hashlib.sha256(token.encode()).hexdigest()


def new_calendar_token(user: User, *, actor) -> str:
    """Give the user a new feed address (the old one stops working); returns the token once."""
    token = secrets.token_urlsafe(32)
    user.calendar_token_hash = _hash(token)
    record("calendar feed address renewed", user, actor=actor)
    return token


def revoke_calendar_token(user: User, *, actor) -> None:
    """Turn the user's feed off."""
    if user.calendar_token_hash:
        user.calendar_token_hash = None
        record("calendar feed turned off", user, actor=actor)


def user_for_token(token: str) -> User | None:
    """The enabled user whose feed this is, or None."""
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(sa.select(User).where(User.calendar_token_hash == _hash(token)))
    return user if user is not None and user.is_enabled else None


def meetings_for_feed(user: User, since: datetime) -> list[Meeting]:
    return db.session.scalars(
        sa.select(Meeting)
        .join(Attendance)
        .where(Attendance.user_id == user.id, Meeting.starts_at >= since)
        .options(selectinload(Meeting.body))
        .order_by(Meeting.starts_at)
    ).all()


def meeting_events(user: User, since: datetime):
    """Feed source: the meetings the user is invited to (cancelled ones show as cancelled)."""
    s = site()
    # DTSTAMP is the row's last change, so an unchanged feed is byte-for-byte the same (ETag).
    return [meeting_event(m, s, now=m.updated_at) for m in meetings_for_feed(user, since)]


def feed_bytes(user: User, now: datetime) -> bytes:
    """The whole personal feed: every registered source, from 12 months ago onwards."""
    since = now - FEED_WINDOW
    events = [event for source in feeds.sources() for event in source(user, since)]
    return feed_calendar(events, f"{user.name}: CDP meetings and deadlines")

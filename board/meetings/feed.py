"""Personal calendar feeds: a secret address per person, stored only as a hash."""

import hashlib
import secrets
import threading
from collections import OrderedDict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from board.audit.services import record
from board.common import feeds
from board.extensions import db
from board.meetings.ical import feed_calendar, meeting_event, site
from board.meetings.models import Attendance, Meeting
from board.people.models import Body, User

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
        sa.select(Meeting).join(Attendance).where(Attendance.user_id == user.id, Meeting.starts_at >= since)
        .options(selectinload(Meeting.body)).order_by(Meeting.starts_at)
    ).all()


def meeting_events(user: User, since: datetime):
    """Feed source: the meetings the user is invited to (cancelled ones show as cancelled)."""
    s = site()
    # DTSTAMP is the row's last change, so an unchanged feed is byte-for-byte the same (ETag).
    return [meeting_event(m, s, now=m.updated_at) for m in meetings_for_feed(user, since)]


def meeting_events_inputs(user: User, since: datetime) -> list[tuple]:
    """The columns meeting_event shows, for the same meetings as meeting_events."""
    return [tuple(row) for row in db.session.execute(
        sa.select(Meeting.id, Meeting.updated_at, Meeting.sequence, Meeting.title, Meeting.starts_at, Meeting.ends_at,
                  Meeting.venue, Meeting.join_url, Meeting.notes, Meeting.status, Meeting.cancel_reason, Body.short_name)
        .join(Attendance).join(Body, Body.id == Meeting.body_id)
        .where(Attendance.user_id == user.id, Meeting.starts_at >= since).order_by(Meeting.id)
    )]


# Rendered feeds (per worker process), keyed by everything they are made from, so a
# change to any row shown makes a new key: no invalidation to forget. Serialising the
# calendar is most of a feed's cost and calendar apps poll the same feed again and again.
_CACHE: OrderedDict[tuple, bytes] = OrderedDict()
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()


def feed_bytes(user: User, now: datetime) -> bytes:
    """The whole personal feed: every registered source, from 12 months ago onwards."""
    since = now - FEED_WINDOW
    name = f"{user.name}: CDP meetings and deadlines"
    inputs = feeds.fingerprint_of(user, since)
    key = None
    if inputs is not None:
        key = (user.id, name, site(), current_app.config["BOARD_BASE_URL"], inputs)
        with _CACHE_LOCK:
            body = _CACHE.get(key)
            if body is not None:
                _CACHE.move_to_end(key)
                return body
    events = [event for source in feeds.sources() for event in source(user, since)]
    body = feed_calendar(events, name)
    if key is not None:
        with _CACHE_LOCK:
            _CACHE[key] = body
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return body

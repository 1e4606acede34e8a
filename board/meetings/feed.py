"""Personal calendar feeds: a secret address per person, stored only as a hash."""

import hashlib
import secrets
from datetime import datetime, timedelta
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from board.audit.services import record
from board.common import feeds
from board.extensions import db
from board.meetings.ical import feed_calendar, meeting_feed_event, site
from board.meetings.models import Attendance, CalendarFeedVersion, Meeting
from board.people.models import Body, User

# The feed holds the last 12 months and everything ahead: what a calendar needs, and a
# bound on its size however long someone has served (ten years is 800-odd events).
FEED_WINDOW = timedelta(days=365)
FEED_DESCRIPTION = (
    "Your meetings, update deadlines and action due dates from the CDP board secretariat: "
    "the last 12 months and everything ahead. Refreshed hourly."
)


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


FEED_COLUMNS = (
    Meeting.id,
    Meeting.title,
    Meeting.starts_at,
    Meeting.ends_at,
    Meeting.venue,
    Meeting.join_url,
    Meeting.notes,
    Meeting.status,
    Meeting.cancel_reason,
    Meeting.sequence,
    Meeting.updated_at,
    Body.short_name,
)


def meetings_for_feed(user: User, since: datetime) -> list[SimpleNamespace]:
    """The user's meetings from ``since``, read as rows in one query (what the feed writes)."""
    rows = db.session.execute(
        sa.select(*FEED_COLUMNS)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .join(Body, Body.id == Meeting.body_id)
        .where(Attendance.user_id == user.id, Meeting.starts_at >= since)
        .order_by(Meeting.starts_at)
    ).all()
    return [SimpleNamespace(**row._asdict(), body=SimpleNamespace(short_name=row.short_name)) for row in rows]


def meeting_events(user: User, since: datetime):
    """Feed source: the meetings the user is invited to ("Cancelled: …" ones stay, marked free)."""
    s = site()
    return [meeting_feed_event(m, s) for m in meetings_for_feed(user, since)]


def feed_bytes(user: User, now: datetime) -> bytes:
    """The whole personal feed: every registered source, from 12 months ago onwards."""
    since = now - FEED_WINDOW
    events = [event for source in feeds.sources() for event in source(user, since)]
    return feed_calendar(events, f"{user.name}: CDP meetings and deadlines", FEED_DESCRIPTION)


def feed_changed_at(user_id: int, etag: str, now: datetime) -> datetime:
    """When the feed first looked as it does now (its Last-Modified), kept per person.

    Called after the feed is built. When the fingerprint is new, the time moves on (at
    least a second past the last, as HTTP dates count whole seconds) and is stored; the
    caller commits. The read snapshot is ended first, so on SQLite the write waits its turn
    rather than failing on a lock upgrade.
    """
    held = db.session.get(CalendarFeedVersion, user_id)
    if held is not None and held.etag == etag:
        return held.changed_at
    changed = now.replace(microsecond=0)
    if held is not None and changed <= held.changed_at:
        changed = held.changed_at + timedelta(seconds=1)
    db.session.rollback()
    table = CalendarFeedVersion.__table__
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    db.session.execute(
        insert(table)
        .values(user_id=user_id, etag=etag, changed_at=changed)
        .on_conflict_do_update(index_elements=[table.c.user_id], set_={"etag": etag, "changed_at": changed})
    )
    return changed

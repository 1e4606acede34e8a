"""Column helpers every area's models share."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, object_session
from sqlalchemy.types import TypeDecorator


def lock_row(obj) -> None:
    """Hold ``obj``'s row lock until the transaction ends (SELECT … FOR UPDATE).

    Services take it before a check-then-insert against a unique constraint (one round
    per meeting, the next revision number): a concurrent request for the same row, such
    as a double-clicked button, waits here, then its checks see what the first one
    committed and refuse with a message instead of failing on the constraint. SQLite
    needs nothing: a request there holds the database's write lock from its first write.
    """
    model = type(obj)
    object_session(obj).execute(sa.select(model.id).where(model.id == obj.id).with_for_update())


def utcnow() -> datetime:
    """The current time, aware, in UTC (a callable: defaults must not be evaluated once)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored as UTC and always read back timezone-aware.

    SQLite keeps no offset, so without this a value read back would be naive and
    comparisons with aware datetimes would raise.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TimestampMixin:
    """created_at and updated_at, set by the database session, in UTC."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

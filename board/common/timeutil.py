"""Times: UTC in the database, Europe/London on screen."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def to_london(value: datetime) -> datetime:
    return value.astimezone(LONDON)


def london_to_utc(day: date, at: time) -> datetime:
    """A wall-clock time in London on a day, as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def now_utc() -> datetime:
    """The current time, aware, in UTC: the app's clock (tests pin it with freezegun)."""
    return datetime.now(UTC)


def today_london() -> date:
    return datetime.now(LONDON).date()

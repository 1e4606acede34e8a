"""What goes into each person's calendar feed: areas register a source of events.

A source is ``fn(user, since) -> iterable of icalendar.Event``: meetings register the
meetings the user is invited to, update rounds their deadlines, the action log the
due dates of the user's actions. Each event's UID must be stable (derived from its row).
"""

from collections.abc import Callable, Iterable
from datetime import datetime

FeedSource = Callable[[object, datetime], Iterable]

SOURCES: list[FeedSource] = []


def register(source: FeedSource) -> FeedSource:
    """Add a source of feed events (usable as a decorator; idempotent)."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source

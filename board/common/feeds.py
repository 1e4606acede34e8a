"""What goes into each person's calendar feed: areas register a source of events.

A source is ``fn(user, since) -> iterable of icalendar.Event``: meetings register the
meetings the user is invited to, update rounds their deadlines, the action log the
due dates of the user's actions. Each event's UID must be stable (derived from its row).
"""

from collections.abc import Callable, Iterable
from datetime import datetime

FeedSource = Callable[[object, datetime], Iterable]

SOURCES: list[FeedSource] = []

# source -> ``fn(user, since) -> hashable``: the inputs of that source's events (the
# columns they show, read as plain tuples, which is far cheaper than building events).
# When every source has one, the feed is served from a cache keyed by them.
FINGERPRINTS: dict[FeedSource, Callable] = {}


def register(source: FeedSource) -> FeedSource:
    """Add a source of feed events (usable as a decorator; idempotent)."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def fingerprint(source: FeedSource):
    """Decorator: register what ``source``'s events are made from (see FINGERPRINTS)."""
    def decorate(fn):
        FINGERPRINTS[source] = fn
        return fn
    return decorate


def fingerprint_of(user, since: datetime) -> tuple | None:
    """Everything the user's feed is made from, or None when a source has no fingerprint."""
    if any(source not in FINGERPRINTS for source in SOURCES):
        return None
    return tuple(tuple(FINGERPRINTS[source](user, since)) for source in SOURCES)

"""What goes into each person's calendar feed: create_app lists the sources of events.

A source is ``fn(user, since) -> iterable of icalendar.Event``: meetings give the
meetings the user is invited to, update rounds their deadlines, the action log the
due dates of the user's actions. Each event's UID must be stable (derived from its row).

Each source comes with its fingerprint, ``fn(user, since) -> hashable``: the inputs of
that source's events (the columns they show, read as plain tuples, which is far cheaper
than building events). When every source has one, the feed is served from a cache keyed
by them.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from flask import Flask, current_app

FeedSource = Callable[[object, datetime], Iterable]
Fingerprint = Callable[[object, datetime], Iterable]


def init_app(app: Flask, sources: list[tuple[FeedSource, Fingerprint | None]]) -> None:
    """Set the app's feed sources (in the order their events are written) and their fingerprints."""
    app.extensions["board.feeds"] = list(sources)


def sources() -> list[FeedSource]:
    """The current app's sources of feed events."""
    return [source for source, _fingerprint in current_app.extensions["board.feeds"]]


def fingerprint_of(user, since: datetime) -> tuple | None:
    """Everything the user's feed is made from, or None when a source has no fingerprint."""
    pairs = current_app.extensions["board.feeds"]
    if any(fingerprint is None for _source, fingerprint in pairs):
        return None
    return tuple(tuple(fingerprint(user, since)) for _source, fingerprint in pairs)

"""What goes into each person's calendar feed: create_app lists the sources of events.

A source is ``fn(user, since) -> iterable of icalendar.Event``: meetings give the
meetings the user is invited to, update rounds their deadlines, the action log the
due dates of the user's actions. Each event's UID must be stable (derived from its row).
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from flask import Flask, current_app

FeedSource = Callable[[object, datetime], Iterable]


def init_app(app: Flask, sources: list[FeedSource]) -> None:
    """Set the app's feed sources, in the order their events are written."""
    app.extensions["board.feeds"] = list(sources)


def sources() -> list[FeedSource]:
    """The current app's sources of feed events."""
    return list(current_app.extensions["board.feeds"])

"""What goes into each person's calendar feed: create_app lists the sources of events.

A source is ``fn(user, since) -> iterable of events``: meetings give the meetings the
user is invited to, update rounds their deadlines, the action log the due dates of the
user's actions. Each event's UID must be stable (derived from its row).

An event is a :class:`FeedEvent` (written here, quickly) or an ``icalendar.Event``
(serialised by the library). A feed of ten years of someone's meetings and actions runs
to hundreds of events, and the library takes about a millisecond to write each one; the
plain writer below takes a few microseconds, which is what lets a calendar app's first
fetch of a long feed answer in well under 100 ms.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Flask, current_app

from board.common.timeutil import LONDON

FeedSource = Callable[[object, datetime], Iterable]

# How often calendar apps should fetch a feed again (RFC 7986 REFRESH-INTERVAL, and the
# X-PUBLISHED-TTL that Outlook and Apple read).
REFRESH = "PT1H"


def init_app(app: Flask, sources: list[FeedSource]) -> None:
    """Set the app's feed sources, in the order their events are written."""
    app.extensions["board.feeds"] = list(sources)


def sources() -> list[FeedSource]:
    """The current app's sources of feed events."""
    return list(current_app.extensions["board.feeds"])


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """One VEVENT of a feed. ``start``/``end`` are dates (all day) or aware datetimes
    (written as Europe/London wall-clock time with TZID)."""

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime
    stamp: datetime
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = ""
    transp: str = "OPAQUE"
    sequence: int | None = None
    organizer: tuple[str, str] | None = None  # (name, e-mail)

    @property
    def sort_key(self) -> tuple[str, str]:
        return (str(self.start), self.uid)

    # Read like an icalendar.Event (``event["uid"]``, ``event.decoded("dtstart")``,
    # ``event.to_ical()``), so callers need not care which kind a source gives.
    def __getitem__(self, name: str):
        values = {
            "uid": self.uid,
            "summary": self.summary,
            "dtstart": self.start,
            "dtend": self.end,
            "dtstamp": self.stamp,
            "description": self.description,
            "location": self.location,
            "url": self.url,
            "status": self.status,
            "transp": self.transp,
            "sequence": self.sequence,
        }
        value = values.get(name.lower())
        if value is None or value == "":
            raise KeyError(name)
        return value

    def __contains__(self, name: str) -> bool:
        try:
            self[name]
        except KeyError:
            return False
        return True

    def decoded(self, name: str):
        return self[name]

    def to_ical(self) -> bytes:
        return write_event(self).encode()


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped (so a title can
    never start a new property)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded as the icalendar library folds it: at most 74 octets of text
    a line (75 with the continuation's space, RFC 5545 3.1), never inside a UTF-8 character
    and never between a backslash (or ^) and the character it escapes."""
    if line.isascii():
        if len(line) < 75:
            return line + "\r\n"
        pieces, start = [], 0
        while len(line) - start > 74:
            end = start + 74
            if line[end - 1] in "\\^":
                end -= 1
            pieces.append(line[start:end])
            start = end
        pieces.append(line[start:])
        return "\r\n ".join(pieces) + "\r\n"
    data = line.encode()
    if len(data) < 75:
        return line + "\r\n"
    chunks, start = [], 0
    while len(data) - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        chunks.append(data[start:end])
        start = end
    chunks.append(data[start:])
    return b"\r\n ".join(chunks).decode() + "\r\n"


def _when(name: str, value: date | datetime) -> str:
    if isinstance(value, datetime):
        return f"{name};TZID=Europe/London:{value.astimezone(LONDON):%Y%m%dT%H%M%S}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def _param(value: str) -> str:
    """A quoted parameter value: no quotes or control characters inside (RFC 5545 3.2)."""
    return '"' + "".join(ch for ch in " ".join(value.split()) if ch != '"') + '"'


def write_event(event: FeedEvent) -> str:
    """One VEVENT as text, in the order and shape the icalendar library writes it."""
    lines = [
        "BEGIN:VEVENT\r\n",
        fold("SUMMARY:" + escape_text(event.summary)),
        _when("DTSTART", event.start) + "\r\n",
        _when("DTEND", event.end) + "\r\n",
        f"DTSTAMP:{event.stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n",
        fold("UID:" + escape_text(event.uid)),
    ]
    if event.sequence is not None:
        lines.append(f"SEQUENCE:{event.sequence}\r\n")
    if event.description:
        lines.append(fold("DESCRIPTION:" + escape_text(event.description)))
    if event.location:
        lines.append(fold("LOCATION:" + escape_text(event.location)))
    if event.organizer:
        name, email = event.organizer
        lines.append(fold(f"ORGANIZER;CN={_param(name)}:mailto:{email}"))
    if event.status:
        lines.append(f"STATUS:{event.status}\r\n")
    if event.transp:
        lines.append(f"TRANSP:{event.transp}\r\n")
    if event.url:
        lines.append(fold("URL:" + event.url))
    lines.append("END:VEVENT\r\n")
    return "".join(lines)


def write_events(events: Iterable) -> str:
    """Events of either kind, sorted by start then UID, so an unchanged feed is byte-for-byte
    the same (its ETag holds)."""

    def key(event):
        if isinstance(event, FeedEvent):
            return event.sort_key
        return (str(event.get("dtstart").dt), str(event.get("uid")))

    return "".join(
        write_event(e) if isinstance(e, FeedEvent) else e.to_ical().decode() for e in sorted(events, key=key)
    )

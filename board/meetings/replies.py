"""Calendar replies (iTIP METHOD:REPLY, RFC 5546) read from the secretariat's mailbox.

Invitations ask for a reply (RSVP=TRUE), so when someone presses Accept, Tentative or
Decline, Outlook, Gmail and Apple Calendar e-mail a REPLY to the organiser's address.
:func:`calendar_replies` finds them in a message (inline, attached, in any charset, in
forwarded messages) and :func:`read_message` records each as the person's answer, once.

A reply changes nothing unless it names one of our meetings, comes from an address that
is invited to it and is the address it answers for, answers the latest time asked about
(SEQUENCE), and is newer than the answer already held (DTSTAMP).
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

import sqlalchemy as sa
from icalendar import Calendar

from board.extensions import db
from board.meetings import services
from board.meetings.ical import Site
from board.meetings.models import AnswerSource, Meeting, ReadMessage, Response

ANSWERS = {
    "ACCEPTED": Response.ATTENDING,
    "DECLINED": Response.APOLOGIES,
    "TENTATIVE": Response.TENTATIVE,
    "DELEGATED": Response.DEPUTY,
}
CALENDAR_TYPES = {"text/calendar", "application/ics", "text/x-vcalendar"}


class Outcome:
    """What became of a message; the first three concern one of our meetings."""

    RECORDED = "recorded"  # an answer changed
    UNCHANGED = "unchanged"  # the same answer was already held
    IGNORED = "ignored"  # ours, but refused: stale, a stranger, a closed meeting
    NOT_OURS = "not ours"  # a reply about someone else's event
    NO_REPLY = "no reply"  # no calendar reply in it


OURS = {Outcome.RECORDED, Outcome.UNCHANGED, Outcome.IGNORED}


@dataclass(frozen=True)
class CalendarReply:
    """One ATTENDEE's answer in a REPLY, with the sender of the message that carried it."""

    uid: str
    attendee: str  # lower case, without mailto:
    partstat: str
    sequence: int
    dtstamp: datetime | None
    delegated_to: str = ""
    comment: str = ""
    sender: str = ""  # From (or Sender) of the message the calendar came in, lower case


def _address(value) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower()


def _senders(message) -> set[str]:
    found = getaddresses([str(v) for v in (message.get_all("From") or []) + (message.get_all("Sender") or [])])
    return {addr.lower() for _, addr in found if addr}


def _text(part) -> str | None:
    body = part.get_payload(decode=True)
    if body is None:
        return None
    charset = part.get_content_charset() or "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", errors="replace")


def _is_calendar(part) -> bool:
    filename = (part.get_filename() or "").lower()
    return part.get_content_type() in CALENDAR_TYPES or filename.endswith(".ics")


def _calendars(message, senders: set[str]):
    """(calendar text, senders) for each calendar part, descending into forwarded messages."""
    if message.is_multipart():
        for part in message.get_payload():
            if part.get_content_type() == "message/rfc822":
                inner = part.get_payload()[0]
                yield from _calendars(inner, _senders(inner) or senders)
            else:
                yield from _calendars(part, senders)
        return
    if _is_calendar(message):
        text = _text(message)
        if text:
            yield text, senders


def _dtstamp(event) -> datetime | None:
    value = event.get("DTSTAMP")
    stamp = getattr(value, "dt", None)
    if not isinstance(stamp, datetime):
        return None
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def _replies_in(text: str, senders: set[str]) -> list[CalendarReply]:
    try:
        calendar = Calendar.from_ical(text)
    except Exception:  # noqa: BLE001  anything can arrive by e-mail; a broken calendar is no reply
        return []
    if str(calendar.get("METHOD", "")).upper() != "REPLY":
        return []
    sender = next(iter(sorted(senders)), "")
    replies = []
    for event in calendar.walk("VEVENT"):
        attendees = event.get("ATTENDEE") or []
        if not isinstance(attendees, list):
            attendees = [attendees]
        for attendee in attendees:
            address = _address(attendee)
            partstat = str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
            if partstat not in ANSWERS:
                continue  # e.g. the delegate's own line in a delegation
            try:
                sequence = int(str(event.get("SEQUENCE", 0)))
            except ValueError:
                sequence = 0
            replies.append(
                CalendarReply(
                    uid=str(event.get("UID", "")),
                    attendee=address,
                    partstat=partstat,
                    sequence=sequence,
                    dtstamp=_dtstamp(event),
                    delegated_to=_address(attendee.params.get("DELEGATED-TO", "")),
                    comment=" ".join(str(event.get("COMMENT", "")).split())[:500],
                    sender=address if address in senders else sender,
                )
            )
    return replies


def calendar_replies(message) -> list[CalendarReply]:
    """Every answer in a message's calendar REPLY parts, once each (Gmail sends the same one twice)."""
    seen, found = set(), []
    for text, senders in _calendars(message, _senders(message)):
        for reply in _replies_in(text, senders):
            if (reply.uid, reply.attendee, reply.partstat) not in seen:
                seen.add((reply.uid, reply.attendee, reply.partstat))
                found.append(reply)
    return found


def message_key(message_id: str, raw: bytes | None = None) -> str:
    """What identifies a message however often it is read: its Message-ID, else its bytes."""
    if message_id.strip():
        return hashlib.sha256(message_id.strip().lower().encode()).hexdigest()
    return hashlib.sha256(raw or b"").hexdigest()


def already_read(key: str) -> bool:
    return db.session.scalar(sa.select(ReadMessage.id).where(ReadMessage.key == key)) is not None


@dataclass(frozen=True)
class Result:
    outcome: str
    detail: str

    @property
    def is_ours(self) -> bool:
        return self.outcome in OURS


def read_message(raw: bytes, *, site: Site, now: datetime, key: str | None = None) -> Result | None:
    """Record the answers in one message and remember it was read; None if it was read before. Never commits."""
    message: EmailMessage = message_from_bytes(raw, policy=policy.default)
    message_id = str(message.get("Message-ID", "") or "")
    key = key or message_key(message_id, raw)
    if already_read(key):
        return None
    sent_at = _date(message)
    results = [apply_reply(reply, site=site, now=now, sent_at=sent_at) for reply in calendar_replies(message)]
    if not results:
        result = Result(Outcome.NO_REPLY, "")
    else:
        order = [Outcome.RECORDED, Outcome.UNCHANGED, Outcome.IGNORED, Outcome.NOT_OURS]
        outcome = min((r.outcome for r in results), key=order.index)
        result = Result(outcome, "; ".join(r.detail for r in results))
    db.session.add(
        ReadMessage(
            key=key, message_id=message_id[:300], read_at=now, outcome=result.outcome, detail=result.detail[:500]
        )
    )
    db.session.flush()
    return result


def _date(message) -> datetime | None:
    try:
        value = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


_UID = re.compile(r"^meeting-(\d+)@(.+)$")


def _meeting(uid: str, site: Site) -> Meeting | None:
    match = _UID.match(uid.strip())
    if not match or match.group(2).lower() != site.domain.lower():
        return None
    return db.session.get(Meeting, int(match.group(1)))


def apply_reply(reply: CalendarReply, *, site: Site, now: datetime, sent_at: datetime | None = None) -> Result:
    """Record one calendar answer as the invitee's own, if every check passes. Never commits."""
    meeting = _meeting(reply.uid, site)
    if meeting is None:
        return Result(Outcome.NOT_OURS, f"{reply.attendee}: not one of our meetings ({reply.uid[:80]})")
    about = f"{reply.attendee} on meeting {meeting.id}"
    attendance = next((a for a in meeting.attendances if a.user.email.lower() == reply.attendee), None)
    if attendance is None:
        return Result(Outcome.IGNORED, f"{about}: not invited")
    if reply.sender != reply.attendee:
        return Result(Outcome.IGNORED, f"{about}: sent by another address")
    if not meeting.is_scheduled:
        return Result(Outcome.IGNORED, f"{about}: the meeting is {meeting.status}")
    if reply.sequence < meeting.answers_sequence:
        return Result(Outcome.IGNORED, f"{about}: answers an earlier time (SEQUENCE {reply.sequence})")
    answered_at = min(reply.dtstamp or sent_at or now, now)
    if attendance.responded_at is not None and answered_at <= attendance.responded_at:
        return Result(Outcome.IGNORED, f"{about}: older than the answer held")
    response, deputy, comment = ANSWERS[reply.partstat], None, reply.comment
    if response == Response.DEPUTY:
        deputy = services.find_user_by_email(reply.delegated_to) if reply.delegated_to else None
        if deputy is None or not deputy.is_enabled:
            # Not coming, and the delegate is no one we know: apologies, and say who was named.
            response, deputy = Response.APOLOGIES, None
            named = reply.delegated_to or "no one"
            comment = f"Delegated to {named} by calendar reply (not known here)"
    try:
        changes = services.record_answer(
            attendance,
            response=response,
            deputy=deputy,
            comment=comment,
            actor=attendance.user,
            at=answered_at,
            via=AnswerSource.CALENDAR,
        )
    except services.MeetingError as error:
        return Result(Outcome.IGNORED, f"{about}: {error}")
    if not changes:
        return Result(Outcome.UNCHANGED, f"{about}: {response.label.lower()} already held")
    return Result(Outcome.RECORDED, f"{about}: {response.label.lower()}")

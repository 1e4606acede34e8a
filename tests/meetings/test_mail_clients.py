"""Calendar mail as a client receives it from a real SMTP server: UTF-8 that survives,
text encodings, the headers every client expects, delegation and cancellations."""

import sqlalchemy as sa
import vobject
from icalendar import Calendar

from board.extensions import db
from board.meetings import services
from board.meetings.models import Meeting
from tests.conftest import run_mail_worker
from tests.meetings.conftest import user
from tests.meetings.test_invitations import FORM, calendar_parts

VENUE = "Wellington House — Wakefield"


def to(message) -> str:
    return message["To"].addresses[0].addr_spec


def attendees(event) -> dict:
    value = event.get("ATTENDEE", [])
    return {str(a): a.params for a in (value if isinstance(value, list) else [value])}


def test_a_dash_in_the_venue_survives_delivery(secretariat, smtp_server):
    """The calendar part and the .ics say charset=UTF-8, go quoted-printable, and read back with the "—"."""
    assert secretariat.post_form("/bodies/board/meetings/new", {**FORM, "venue": VENUE}).status_code == 302
    run_mail_worker()
    message = smtp_server.messages[0]
    raw = smtp_server.envelopes[0].content
    assert raw.isascii()  # 7bit on the wire
    assert message["Date"] and message["Message-ID"] and message["Auto-Submitted"] == "auto-generated"
    (alternative,), (attachment,) = calendar_parts(message)
    for part in (alternative, attachment):
        assert part.get_content_charset() == "utf-8"
        assert 'charset="UTF-8"' in part["Content-Type"]
        assert part["Content-Transfer-Encoding"] == "quoted-printable"
        data = part.get_payload(decode=True)
        event = Calendar.from_ical(data).walk("VEVENT")[0]
        assert str(event["LOCATION"]) == f"{VENUE} (or online)"
        assert vobject.readOne(data.decode("utf-8")).vevent.location.value == f"{VENUE} (or online)"
    assert attachment.get_content_type() == "application/ics" and attachment.get_filename() == "meeting.ics"
    for part in message.walk():
        if not part.is_multipart():
            assert part["Content-Transfer-Encoding"] in ("7bit", "quoted-printable")


def test_a_deputy_invitation_says_who_sent_them_and_cancel_asks_no_reply(secretariat, smtp_server):
    """A member sends a deputy: the deputy's REQUEST has DELEGATED-FROM, the member DELEGATED-TO;
    the cancellation that follows carries no RSVP=TRUE."""
    secretariat.post_form("/bodies/board/meetings/new", FORM)
    meeting = db.session.scalar(sa.select(Meeting).order_by(Meeting.id.desc()))
    member = next(a for a in meeting.attendances if a.user.email == "lead.bradford@example.org")
    run_mail_worker()
    smtp_server.messages.clear()
    services.answer(member, response="deputy", deputy_email="coroner@example.org", actor=member.user)
    db.session.commit()
    run_mail_worker()
    deputy_copy = next(m for m in smtp_server.messages if to(m) == "coroner@example.org")
    event = Calendar.from_ical(calendar_parts(deputy_copy)[0][0].get_payload(decode=True)).walk("VEVENT")[0]
    people = attendees(event)
    assert people["mailto:coroner@example.org"]["DELEGATED-FROM"] == "mailto:lead.bradford@example.org"
    assert people["mailto:coroner@example.org"]["RSVP"] == "TRUE"
    assert people["mailto:lead.bradford@example.org"]["DELEGATED-TO"] == "mailto:coroner@example.org"
    assert people["mailto:lead.bradford@example.org"]["PARTSTAT"] == "DELEGATED"

    smtp_server.messages.clear()
    services.cancel_meeting(meeting, reason="Chair unavailable.", actor=user("secretariat@example.org"))
    db.session.commit()
    run_mail_worker()
    assert smtp_server.messages
    for message in smtp_server.messages:
        data = calendar_parts(message)[0][0].get_payload(decode=True)
        assert b"RSVP" not in data.replace(b"\r\n ", b"")
        event = Calendar.from_ical(data).walk("VEVENT")[0]
        assert event["STATUS"] == "CANCELLED"
    member_copy = next(m for m in smtp_server.messages if to(m) == "lead.bradford@example.org")
    data = calendar_parts(member_copy)[0][0].get_payload(decode=True)
    people = attendees(Calendar.from_ical(data).walk("VEVENT")[0])
    assert people["mailto:lead.bradford@example.org"]["DELEGATED-TO"] == "mailto:coroner@example.org"

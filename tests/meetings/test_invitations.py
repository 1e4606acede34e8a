"""Invitations, updates and cancellations as received by a real SMTP server on loopback."""

from datetime import date, time

import sqlalchemy as sa
from icalendar import Calendar

from board.extensions import db
from board.meetings.models import Meeting
from tests.conftest import run_mail_worker
from tests.meetings.conftest import user

FORM = {
    "title": "Strategic Board",
    "day": ["30", "3", "2027"],
    "starts": "10:00",
    "ends": "12:00",
    "venue": "Wellington House, Wakefield",
    "join_url": "https://teams.example.org/j/1",
    "notes": "",
}


def calendar_parts(message):
    """The text/calendar alternative and the .ics attachment of one message."""
    alternative = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    attachment = [p for p in message.walk() if p.get_filename() and p.get_filename().endswith(".ics")]
    return alternative, attachment


def check_structure(message, method: str):
    """multipart/mixed holding multipart/alternative (text, HTML, calendar) and an .ics file."""
    assert message.get_content_type() == "multipart/mixed"
    alternative = next(p for p in message.walk() if p.get_content_type() == "multipart/alternative")
    kinds = [p.get_content_type() for p in alternative.iter_parts()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    calendars, attachments = calendar_parts(message)
    assert len(calendars) == 1 and len(attachments) == 1
    assert calendars[0].get_param("method") == method
    cal = Calendar.from_ical(calendars[0].get_content())
    assert cal["METHOD"] == method  # the MIME method= always matches the body
    attached = Calendar.from_ical(attachments[0].get_payload(decode=True))
    assert attached["METHOD"] == method
    return list(cal.walk("VEVENT"))[0]


def test_invitations_update_and_cancellation_reach_a_real_smtp_server(secretariat, smtp_server):
    """Secretariat schedules, moves, retitles and cancels; each invitee gets the right iTIP message."""
    response = secretariat.post_form("/bodies/board/meetings/new", FORM)
    assert response.status_code == 302
    meeting = db.session.scalar(sa.select(Meeting).order_by(Meeting.id.desc()))
    invitees = sorted(a.user.email for a in meeting.attendances)
    run_mail_worker()
    invites = list(smtp_server.messages)
    assert invitees, "the new meeting invited its body's members"
    assert sorted(m["To"].addresses[0].addr_spec for m in invites) == invitees
    assert all(len(m["To"].addresses) == 1 for m in invites)
    assert sorted(e.rcpt_tos[0] for e in smtp_server.envelopes) == invitees
    for message in invites:
        event = check_structure(message, "REQUEST")
        assert event["SEQUENCE"] == 0
        assert str(event["UID"]) == f"meeting-{meeting.id}@localhost"
        attendee = event["ATTENDEE"] if not isinstance(event["ATTENDEE"], list) else event["ATTENDEE"][0]
        assert str(attendee) == "mailto:" + message["To"].addresses[0].addr_spec
        assert attendee.params["RSVP"] == "TRUE"
    chair_copy = next(m for m in invites if m["To"].addresses[0].addr_spec == "lead.leeds@example.org")
    roles = [a.params["ROLE"] for a in check_structure(chair_copy, "REQUEST")["ATTENDEE"]]
    assert roles == ["REQ-PARTICIPANT", "CHAIR"]

    # New notes: the calendars must show them, so SEQUENCE rises and everyone gets the
    # update; answers already given stand (the REQUEST repeats them).
    leeds = next(a for a in meeting.attendances if a.user.email == "lead.leeds@example.org")
    client_as_leeds = secretariat.application.test_client()
    client_as_leeds.sign_in("lead.leeds@example.org")
    client_as_leeds.post_form(f"/meetings/{meeting.id}/attendance/{leeds.id}", {"response": "attending"})
    run_mail_worker()
    smtp_server.messages.clear()
    secretariat.post_form(f"/meetings/{meeting.id}/edit", {**FORM, "notes": "Papers to follow."})
    db.session.refresh(meeting)
    db.session.refresh(leeds)
    assert meeting.sequence == 1 and meeting.notes == "Papers to follow."
    assert leeds.response == "attending"
    run_mail_worker()
    assert len(smtp_server.messages) == len(invitees)
    for message in smtp_server.messages:
        event = check_structure(message, "REQUEST")
        assert event["SEQUENCE"] == 1
        assert "Papers to follow." in str(event["DESCRIPTION"])
        assert "new notes" in message.get_body(("plain",)).get_content()
    leeds_copy = next(m for m in smtp_server.messages if m["To"].addresses[0].addr_spec == "lead.leeds@example.org")
    assert check_structure(leeds_copy, "REQUEST")["ATTENDEE"][0].params["PARTSTAT"] == "ACCEPTED"

    # Moving it: SEQUENCE rises, answers go back to 'not answered', and everyone gets a
    # REQUEST saying what changed and asking again (PARTSTAT=NEEDS-ACTION).
    smtp_server.messages.clear()
    secretariat.post_form(
        f"/meetings/{meeting.id}/edit", {**FORM, "notes": "Papers to follow.", "starts": "14:00", "ends": "16:00"}
    )
    db.session.refresh(meeting)
    db.session.refresh(leeds)
    assert meeting.sequence == 2 and meeting.answers_sequence == 2
    assert leeds.response == "no_answer"
    run_mail_worker()
    assert len(smtp_server.messages) == len(invitees)
    for message in smtp_server.messages:
        event = check_structure(message, "REQUEST")
        assert event["SEQUENCE"] == 2
        assert event["DTSTART"].dt.hour == 14
        attendee = event["ATTENDEE"] if not isinstance(event["ATTENDEE"], list) else event["ATTENDEE"][0]
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert "new start time, end time" in message.get_body(("plain",)).get_content()
        assert "Please answer again." in message.get_body(("plain",)).get_content()
        assert str(message["Subject"]).strip().startswith("Updated invitation")

    # Cancelling: CANCEL with STATUS:CANCELLED and a higher SEQUENCE.
    smtp_server.messages.clear()
    secretariat.post_form(f"/meetings/{meeting.id}/cancel", {"reason": "The chair is unwell."})
    db.session.refresh(meeting)
    assert meeting.status == "cancelled" and meeting.sequence == 3
    run_mail_worker()
    assert len(smtp_server.messages) == len(invitees)
    for message in smtp_server.messages:
        event = check_structure(message, "CANCEL")
        assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 3
        assert "The chair is unwell." in message.get_body(("plain",)).get_content()


def test_editing_a_cancelled_meeting_is_refused(secretariat, make_meeting):
    """Secretariat: a cancelled meeting cannot be changed or cancelled again; nothing changes."""
    meeting = make_meeting()
    secretariat.post_form(f"/meetings/{meeting.id}/cancel", {"reason": "Clash."})
    response = secretariat.post_form(f"/meetings/{meeting.id}/edit", {**FORM, "title": "Renamed"})
    assert "has been cancelled and can no longer be changed" in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.title == "Strategic Board" and meeting.sequence == 1


def test_cancel_needs_a_reason(secretariat, make_meeting):
    """Secretariat: cancelling without a reason is refused with a message."""
    meeting = make_meeting()
    response = secretariat.post_form(f"/meetings/{meeting.id}/cancel", {"reason": "  "})
    assert "Enter the reason for cancelling the meeting" in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.status == "scheduled"


def test_guest_is_invited(secretariat, make_meeting, smtp_server):
    """Secretariat adds a guest; the guest gets a REQUEST and can then see the meeting."""
    meeting = make_meeting(day=date(2027, 10, 26), start=time(14), end=time(16))
    guest = user("coroner@example.org")
    response = secretariat.post_form(f"/meetings/{meeting.id}/guests", {"user_id": str(guest.id)})
    assert response.status_code == 302
    run_mail_worker()
    assert [m["To"].addresses[0].addr_spec for m in smtp_server.messages] == ["coroner@example.org"]
    check_structure(smtp_server.messages[0], "REQUEST")
    again = secretariat.post_form(f"/meetings/{meeting.id}/guests", {"user_id": str(guest.id)})
    assert again.status_code == 200

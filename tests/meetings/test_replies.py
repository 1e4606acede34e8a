"""Calendar replies read from a folder: Outlook, Gmail and Apple answers become invitees' answers."""

import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from board.audit.models import AuditEntry
from board.common.outbox import OutboxMessage
from board.common.timeutil import london_to_utc
from board.extensions import db
from board.meetings import ical, services
from board.meetings.invitations import remind_unanswered
from board.meetings.models import Meeting, ReadMessage
from board.meetings.replies import CalendarReply, apply_reply
from tests.conftest import text
from tests.meetings.conftest import user

FIXTURES = Path(__file__).parent / "replies"
NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)  # after every fixture's DTSTAMP, before the meeting
MEETING_ID = 9001  # the UID in the fixtures: meeting-9001@localhost


@pytest.fixture
def meeting(make_meeting) -> Meeting:
    """The Board meeting of 30 March 2027 the fixtures answer, made in February."""
    with freeze_time(NOW - timedelta(days=14)):
        return make_meeting("board", date(2027, 3, 30), id=MEETING_ID)


def folder_of(tmp_path, *names: str, sub: str = "mail") -> Path:
    folder = tmp_path / sub
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / f"{name}.eml", folder / f"{name}.eml")
    return folder


def read_replies(app, folder, at: datetime = NOW):
    with freeze_time(at):
        result = app.test_cli_runner().invoke(args=["read-replies", "--from-dir", str(folder)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def answer_of(meeting: Meeting, email: str):
    return meeting.attendance_of(user(email))


def test_outlook_gmail_and_apple_replies_become_answers(app, meeting, tmp_path, secretariat):
    """Cron reads a folder: accept, decline, tentative, a forwarded accept and a delegation are recorded."""
    folder = folder_of(
        tmp_path,
        "outlook_accepted",
        "gmail_declined",
        "apple_tentative",
        "forwarded_accepted",
        "outlook_delegated",
        "ordinary",
    )
    output = read_replies(app, folder)
    assert "5 recorded" in output and "1 no reply" in output

    bradford = answer_of(meeting, "lead.bradford@example.org")
    assert (bradford.response, bradford.answered_via, bradford.comment) == ("attending", "calendar", "I’ll be there.")
    assert bradford.responded_at == datetime(2027, 3, 1, 8, 30, tzinfo=UTC)  # the reply's DTSTAMP
    assert answer_of(meeting, "lead.kirklees@example.org").response == "apologies"
    assert answer_of(meeting, "lead.calderdale@example.org").response == "tentative"
    assert answer_of(meeting, "hmpps@example.org").response == "attending"  # forwarded by a PA
    member = answer_of(meeting, "member@example.org")
    assert member.response == "deputy" and member.deputy.email == "deputy.wyp@example.org"
    deputy_row = answer_of(meeting, "deputy.wyp@example.org")
    assert deputy_row is not None and deputy_row.deputy_for_id == member.id
    invited = db.session.scalars(sa.select(OutboxMessage.recipients).where(OutboxMessage.kind == "meeting_request"))
    assert any("deputy.wyp@example.org" in r for r in invited)
    assert answer_of(meeting, "lead.leeds@example.org").response == "no_answer"

    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.record_type == "meeting", AuditEntry.record_id == meeting.id)
    ).all()
    assert actions.count("answered by calendar reply") == 5

    # Handled replies are moved aside; the ordinary message is left for people to read.
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == ["ordinary.eml"]
    assert len(list((folder / "processed").iterdir())) == 5

    page = text(secretariat.get(f"/meetings/{meeting.id}"))
    assert "Sarah Holroyd Calderdale Member Tentative by calendar reply" in page
    assert "Imran Qureshi Bradford Member Attending by calendar reply" in page


def test_strangers_and_forgeries_change_nothing(app, meeting, tmp_path):
    """A reply from an address that is not invited, or for an invitee from another address, is ignored."""
    output = read_replies(app, folder_of(tmp_path, "stranger", "forged"))
    assert "2 ignored" in output
    assert answer_of(meeting, "lead.leeds@example.org").response == "no_answer"
    assert (
        db.session.scalar(
            sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "answered by calendar reply")
        )
        == 0
    )
    details = " ".join(db.session.scalars(sa.select(ReadMessage.detail)))
    assert "not invited" in details and "sent by another address" in details


def test_a_reply_to_an_earlier_time_is_stale_but_a_retitle_does_not_make_it_so(app, meeting, tmp_path):
    """SEQUENCE: after a move, a reply to the old time is ignored; after a new title, it still counts."""
    secretariat_user = user("secretariat@example.org")
    with freeze_time(NOW - timedelta(hours=3)):
        services.update_meeting(
            meeting,
            actor=secretariat_user,
            title="Strategic Board (spring)",
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            venue=meeting.venue,
            join_url=meeting.join_url,
            notes=meeting.notes,
        )
        db.session.commit()
    assert (meeting.sequence, meeting.answers_sequence) == (1, 0)
    read_replies(app, folder_of(tmp_path, "apple_stale_sequence", sub="first"))
    assert answer_of(meeting, "lead.wakefield@example.org").response == "attending"

    with freeze_time(NOW - timedelta(hours=2)):
        services.update_meeting(
            meeting,
            actor=secretariat_user,
            title=meeting.title,
            starts_at=london_to_utc(date(2027, 3, 31), time(14)),
            ends_at=london_to_utc(date(2027, 3, 31), time(16)),
            venue=meeting.venue,
            join_url=meeting.join_url,
            notes=meeting.notes,
        )
        db.session.commit()
    assert (meeting.sequence, meeting.answers_sequence) == (2, 2)
    wakefield = answer_of(meeting, "lead.wakefield@example.org")
    assert wakefield.response == "no_answer"  # asked again; the old answer is in the audit trail
    assert db.session.scalar(sa.select(AuditEntry.id).where(AuditEntry.action == "answer asked again")) is not None

    # The same reply, sent again as a new message: SEQUENCE 0 answers the old time.
    copy = (FIXTURES / "apple_stale_sequence.eml").read_bytes().replace(b"6D2A1F3B", b"6D2A1F3C")
    second = tmp_path / "second"
    second.mkdir()
    (second / "again.eml").write_bytes(copy)
    output = read_replies(app, second)
    assert "1 ignored" in output
    assert answer_of(meeting, "lead.wakefield@example.org").response == "no_answer"
    assert "answers an earlier time" in db.session.scalar(
        sa.select(ReadMessage.detail).where(ReadMessage.outcome == "ignored")
    )


def test_a_message_is_read_once_and_a_newer_website_answer_wins(app, meeting, tmp_path, client_as):
    """Duplicates are skipped; a later answer on the website stands; an older reply never overrides one."""
    read_replies(app, folder_of(tmp_path, "outlook_accepted", sub="one"))
    bradford = answer_of(meeting, "lead.bradford@example.org")
    assert bradford.response == "attending"

    with freeze_time(NOW + timedelta(hours=1)):
        response = client_as("lead.bradford@example.org").post_form(
            f"/meetings/{meeting.id}/attendance/{bradford.id}", {"response": "apologies"}
        )
    assert response.status_code == 302
    db.session.expire_all()
    assert (bradford.response, bradford.answered_via) == ("apologies", "website")

    # The same message again (a second delivery, another file name): not read twice.
    again = tmp_path / "two"
    again.mkdir()
    shutil.copy(FIXTURES / "outlook_accepted.eml", again / "copy.eml")
    assert "No new messages." in read_replies(app, again, at=NOW + timedelta(hours=2))
    assert (again / "copy.eml").exists()
    assert db.session.scalar(sa.select(sa.func.count(ReadMessage.id))) == 1

    # A different message with the same (older) answer: older than the website's answer.
    older = (FIXTURES / "outlook_accepted.eml").read_bytes().replace(b"LO2P265MB0001A1B2", b"LO2P265MB0001A1B3")
    (again / "copy.eml").write_bytes(older)
    assert "1 ignored" in read_replies(app, again, at=NOW + timedelta(hours=2))
    db.session.refresh(bradford)
    assert bradford.response == "apologies"


def test_a_maildir_is_read_and_handled_messages_are_flagged_seen(app, meeting, tmp_path):
    """Sites that deliver to disk: replies in new/ move to cur/ marked seen; other mail is left alone."""
    maildir = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True)
    shutil.copy(FIXTURES / "apple_tentative.eml", maildir / "new" / "1772355600.M1P1.host")
    shutil.copy(FIXTURES / "ordinary.eml", maildir / "new" / "1772355601.M2P1.host")
    assert "1 recorded" in read_replies(app, maildir)
    assert answer_of(meeting, "lead.calderdale@example.org").response == "tentative"
    assert [p.name for p in (maildir / "cur").iterdir()] == ["1772355600.M1P1.host:2,S"]
    assert [p.name for p in (maildir / "new").iterdir()] == ["1772355601.M2P1.host"]


def test_reminders_do_not_chase_people_whose_reply_was_read(app, meeting, tmp_path):
    """send-reminders, a week before: people who answered by calendar (even 'tentative') are not chased."""
    read_replies(app, folder_of(tmp_path, "outlook_accepted", "gmail_declined", "apple_tentative"))
    with freeze_time(datetime(2027, 3, 25, 8, 0, tzinfo=UTC)):
        remind_unanswered(datetime(2027, 3, 25, 8, 0, tzinfo=UTC))
        db.session.commit()
    chased = " ".join(
        db.session.scalars(
            sa.select(OutboxMessage.recipients).where(
                OutboxMessage.kind == "meeting_reminder",
                OutboxMessage.dedupe_key.like(f"meeting-answer-reminder:{MEETING_ID}:%"),
            )
        )
    )
    assert "lead.leeds@example.org" in chased
    for answered in ("lead.bradford@example.org", "lead.kirklees@example.org", "lead.calderdale@example.org"):
        assert answered not in chased


def test_replies_to_a_cancelled_meeting_change_nothing(app, meeting, tmp_path):
    """Once a meeting is called off, a late Accept is read and ignored."""
    services.cancel_meeting(meeting, reason="The chair is unwell.", actor=user("secretariat@example.org"))
    db.session.commit()
    assert "1 ignored" in read_replies(app, folder_of(tmp_path, "outlook_accepted"))
    assert answer_of(meeting, "lead.bradford@example.org").response == "no_answer"


def test_a_delegate_who_is_not_known_here_means_apologies(app, meeting):
    """DELEGATED to an address with no account: the member is not coming, and the comment names the delegate."""
    reply = CalendarReply(
        uid=f"meeting-{MEETING_ID}@localhost",
        attendee="member@example.org",
        partstat="DELEGATED",
        sequence=0,
        dtstamp=NOW - timedelta(hours=1),
        delegated_to="new.inspector@example.org",
        sender="member@example.org",
    )
    with freeze_time(NOW):
        result = apply_reply(reply, site=ical.site(), now=NOW)
    assert result.outcome == "recorded"
    member = answer_of(meeting, "member@example.org")
    assert member.response == "apologies" and member.deputy is None
    assert "new.inspector@example.org" in member.comment


def test_a_broken_calendar_is_read_as_no_reply(app, meeting, tmp_path):
    """A malformed calendar part is remembered as read and changes nothing; the run carries on."""
    folder = folder_of(tmp_path, "apple_tentative")
    broken = (
        (FIXTURES / "ordinary.eml")
        .read_bytes()
        .replace(b"Content-Type: text/plain; charset=utf-8", b"Content-Type: text/calendar; method=REPLY")
        .replace(b"Please find our update on the website.", b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT")
    )
    (folder / "broken.eml").write_bytes(broken)
    output = read_replies(app, folder)
    assert "1 no reply" in output and "1 recorded" in output

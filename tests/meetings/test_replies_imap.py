"""read-replies against a real IMAP server: a throwaway Dovecot over TLS (tests/imap.py)."""

import re
import shlex
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time

from board.extensions import db
from board.meetings.models import Meeting
from tests.imap import PASSWORD, ThrowawayDovecot
from tests.meetings.conftest import user

FIXTURES = Path(__file__).parent / "replies"
NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def dovecot():
    server = ThrowawayDovecot().start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(dovecot, app):
    """The secretariat's mailbox, emptied, with the app pointed at it."""
    dovecot.empty()
    app.config.update(dovecot.config())
    return dovecot


@pytest.fixture
def meeting(make_meeting) -> Meeting:
    with freeze_time(NOW - timedelta(days=14)):
        return make_meeting("board", date(2027, 3, 30), id=9001)


def deliver(server: ThrowawayDovecot, *names: str) -> None:
    conn = server.connect()
    try:
        for name in names:
            raw = (FIXTURES / f"{name}.eml").read_bytes()
            status, _ = conn.append("INBOX", None, None, raw)
            assert status == "OK"
    finally:
        conn.logout()


def flags_by_subject(server: ThrowawayDovecot, folder: str = "INBOX") -> dict[str, str]:
    conn = server.connect()
    try:
        conn.select(folder)
        _, data = conn.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        found = {}
        for item in data:
            if isinstance(item, tuple):
                flags = re.search(rb"FLAGS \(([^)]*)\)", item[0]).group(1).decode()
                found[item[1].decode().split(":", 1)[1].strip()] = flags
        return found
    finally:
        conn.logout()


def run(app) -> str:
    # Not frozen: Dovecot stamps each message with its own clock (it refuses dates in the
    # future), and the command looks back IMAP_SINCE_DAYS from the app's clock. Nothing
    # here depends on the date: the replies' DTSTAMPs only ever meet empty answers.
    result = app.test_cli_runner().invoke(args=["read-replies"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def test_replies_are_read_over_imap_and_flagged(app, mailbox, meeting):
    """Cron reads the mailbox over TLS: answers recorded, replies flagged, other mail untouched, nothing read twice."""
    deliver(mailbox, "outlook_accepted", "gmail_declined", "apple_tentative", "stranger", "ordinary")
    output = run(app)
    assert "3 recorded" in output and "1 ignored" in output and "1 no reply" in output
    assert meeting.attendance_of(user("lead.bradford@example.org")).response == "attending"
    assert meeting.attendance_of(user("lead.kirklees@example.org")).response == "apologies"
    assert meeting.attendance_of(user("lead.calderdale@example.org")).response == "tentative"

    flags = flags_by_subject(mailbox)
    assert "$BoardReplyRead" in flags["<000000000000a1b2c3d40605e3f0aa@google.com>"]
    assert "\\Seen" in flags["<000000000000a1b2c3d40605e3f0aa@google.com>"]
    assert "$BoardReplyRead" in flags["<7E3B2A4C-5D6F-4071-ACBD-2E3F4A5B6C7D@icloud.com>"]  # the stranger's, handled
    assert flags["<plain-1@bradford.example.org>"] == ""  # people still see it as unread

    assert run(app).strip() == "No new messages."


def test_handled_replies_move_to_the_processed_folder(app, mailbox, meeting):
    """With IMAP_PROCESSED_FOLDER set, handled replies are moved there and the rest stays in the inbox."""
    conn = mailbox.connect()
    assert conn.create('"Calendar replies"')[0] == "OK"
    conn.logout()
    app.config["IMAP_PROCESSED_FOLDER"] = "Calendar replies"
    deliver(mailbox, "apple_tentative", "ordinary")
    assert "1 recorded" in run(app)
    assert list(flags_by_subject(mailbox)) == ["<plain-1@bradford.example.org>"]
    assert list(flags_by_subject(mailbox, '"Calendar replies"')) == [
        "<5C1F0E2A-3B4D-4E5F-8A9B-0C1D2E3F4A5B@icloud.com>"
    ]


def test_oauth2_sign_in_uses_the_token_the_command_prints(app, mailbox, meeting, tmp_path):
    """Microsoft 365 and Google refuse passwords: XOAUTH2 with the token from IMAP_OAUTH2_TOKEN_COMMAND."""
    script = tmp_path / "token.py"
    script.write_text(f"print({PASSWORD!r})\n")
    app.config.update(IMAP_PASSWORD=None, IMAP_OAUTH2_TOKEN_COMMAND=f"{shlex.quote(sys.executable)} {script}")
    deliver(mailbox, "outlook_accepted")
    assert "1 recorded" in run(app)

    script.write_text("print('expired-token')\n")
    result = app.test_cli_runner().invoke(args=["read-replies"])
    assert result.exit_code == 1 and "Could not read the mailbox" in result.output


def test_a_mailbox_that_is_not_configured_says_so(app):
    """Without IMAP_SERVER the command explains what to set, rather than failing obscurely."""
    app.config["IMAP_SERVER"] = None
    result = app.test_cli_runner().invoke(args=["read-replies"])
    assert result.exit_code == 1 and "Set IMAP_SERVER" in result.output

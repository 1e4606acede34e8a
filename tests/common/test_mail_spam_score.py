"""Every kind of message the app sends scores 0.0 on SpamAssassin's local rules.

Local rules only (``spamassassin -L``: no network tests, no Bayes), so the score depends on
the message alone: headers (Date, Message-ID), encodings (no base64 text, MIME_BASE64_TEXT),
structure. All messages go through one spamassassin run as an mbox (it takes seconds to start).
"""

import mailbox
import re
import shutil
import subprocess
from datetime import time, timedelta
from email import message_from_bytes, policy

import pytest
import sqlalchemy as sa

from board.actions import services as action_services
from board.actions.jobs import send_action_digests
from board.auth import services as auth_services
from board.common.models import utcnow
from board.common.outbox import OutboxMessage
from board.common.timeutil import london_to_utc, today_london
from board.extensions import db
from board.meetings import invitations
from board.meetings import services as meeting_services
from board.people.models import Body, User
from board.submissions.models import WRITING, PartnerUpdate, UpdateRound
from board.submissions.services import chase_update

needs_spamassassin = pytest.mark.skipif(
    shutil.which("spamassassin") is None,
    reason="SpamAssassin is not installed (scripts/test installs Debian's spamassassin)",
)

KINDS = {
    "meeting_request",
    "meeting_cancel",
    "meeting_reminder",
    "action_digest",
    "invitation",
    "reset",
    "update_chase",
}


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _make_every_kind_of_message() -> None:
    """Through the services, as the pages and send-reminders do: one of each kind at least."""
    now = utcnow()
    secretariat = _user("secretariat@example.org")
    board = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
    day = today_london() + timedelta(days=5)
    meeting = meeting_services.create_meeting(
        board,
        actor=secretariat,
        send=True,
        title="Strategic Board — extraordinary meeting",
        venue="Wellington House — Wakefield",
        join_url="https://teams.example.org/j/1",
        notes="Papers follow a week before.",
        starts_at=london_to_utc(day, time(10)),
        ends_at=london_to_utc(day, time(12)),
    )
    db.session.flush()
    meeting_services.update_meeting(
        meeting,
        actor=secretariat,
        title=meeting.title,
        starts_at=meeting.starts_at + timedelta(hours=1),
        ends_at=meeting.ends_at + timedelta(hours=1),
        venue=meeting.venue,
        join_url=meeting.join_url,
        notes=meeting.notes,
    )
    invitations.remind_unanswered(now)
    gone = meeting_services.create_meeting(
        board,
        actor=secretariat,
        send=True,
        title="Strategic Board",
        venue="Wellington House — Wakefield",
        join_url="",
        notes="",
        starts_at=london_to_utc(day + timedelta(days=30), time(10)),
        ends_at=london_to_utc(day + timedelta(days=30), time(12)),
    )
    db.session.flush()
    meeting_services.cancel_meeting(gone, reason="The chair is unavailable.", actor=secretariat)
    owner = _user("lead.leeds@example.org")
    action_services.create_action(board, "Share the naloxone kit figures", owner, today_london(), actor=secretariat)
    db.session.flush()
    send_action_digests(now)
    auth_services.send_invitation(_user("member@example.org"), actor=secretariat)
    auth_services.request_password_reset("member@example.org", "127.0.0.1")
    db.session.flush()
    auth_services.answer_reset_requests(now)
    update = db.session.scalar(
        sa.select(PartnerUpdate)
        .join(UpdateRound)
        .where(UpdateRound.is_locked.is_(False), PartnerUpdate.status.in_([s.value for s in WRITING]))
        .order_by(PartnerUpdate.id.desc())
    )
    chase_update(update, actor=secretariat, now=now)
    db.session.commit()


def _scores(messages: list[bytes], tmp_path) -> list[tuple[float, str]]:
    """(score, rules hit) for each message, from one ``spamassassin -L -t --mbox`` run."""
    box = mailbox.mbox(tmp_path / "sent.mbox")
    for raw in messages:
        box.add(mailbox.mboxMessage(raw))
    box.flush()
    box.close()
    run = subprocess.run(
        ["spamassassin", "-L", "-t", "--mbox", str(tmp_path / "sent.mbox")],
        capture_output=True,
        timeout=300,
        check=True,
    )
    statuses = re.findall(
        rb"^X-Spam-Status: \w+, score=(-?[\d.]+) required=[\d.]+ tests=(.*?)(?:autolearn|version)",
        run.stdout,
        re.M | re.S,
    )
    assert len(statuses) == len(messages), run.stdout[-2000:]
    return [(float(score), b" ".join(tests.split()).decode()) for score, tests in statuses]


def test_every_kind_of_message_has_the_headers_and_encodings_clients_expect(app):
    """Every message: Date, Message-ID, Auto-Submitted; every part UTF-8 text in 7bit or
    quoted-printable (never base64, never raw 8bit)."""
    _make_every_kind_of_message()
    rows = db.session.execute(sa.select(OutboxMessage.kind, OutboxMessage.raw)).all()
    assert KINDS <= {kind for kind, _ in rows}
    for kind, raw in rows:
        message = message_from_bytes(raw, policy=policy.default)
        assert message["Date"] and message["Message-ID"], kind
        assert message["Auto-Submitted"] == "auto-generated", kind
        for part in message.walk():
            if part.is_multipart():
                continue
            assert part["Content-Transfer-Encoding"] in ("7bit", "quoted-printable"), (kind, part.get_content_type())
            assert part.get_content_charset() == "utf-8", (kind, part.get_content_type())
        assert raw.isascii(), kind  # 7bit on the wire: any relay takes it


@needs_spamassassin
def test_every_kind_of_message_scores_zero_on_spamassassin(app, tmp_path):
    """Invitation, update, cancellation, reminder, chase, digest, account invitation, reset: 0.0 each."""
    _make_every_kind_of_message()
    rows = db.session.execute(sa.select(OutboxMessage.kind, OutboxMessage.subject, OutboxMessage.raw)).all()
    first = {}
    for kind, subject, raw in rows:
        variant = (kind, subject.split(":")[0])  # an invitation and an updated one are both meeting_request
        first.setdefault(variant, raw)
    assert KINDS <= {kind for kind, _ in first}, sorted(first)
    scored = _scores(list(first.values()), tmp_path)
    problems = [
        f"{variant}: {score} ({tests})" for variant, (score, tests) in zip(first, scored, strict=True) if score > 0
    ]
    assert not problems, "\n".join(problems)
    assert len(first) >= len(KINDS) + 1  # the updated invitation was scored too

"""The mail worker against a real SMTP server: batches over one connection, retries with
backoff, never twice, takes back what a dead worker left, and stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from board.common import mail, mailworker
from board.common.models import utcnow
from board.common.outbox import OutboxMessage
from board.extensions import db
from board.meetings.models import Meeting
from tests.conftest import _Inbox, free_port, run_mail_worker

MEETING = {
    "title": "Strategic Board",
    "day": ["30", "3", "2027"],
    "starts": "10:00",
    "ends": "12:00",
    "venue": "Wellington House, Wakefield",
    "join_url": "",
    "notes": "",
}


def _queue(to="chair@example.org", subject="Papers for the Board"):
    row = mail.queue_mail([("Someone", to)], subject, "Plain text")
    db.session.commit()
    return row


def _status(row_id):
    db.session.expire_all()
    return db.session.get(OutboxMessage, row_id)


def _later(monkeypatch, **delta):
    """The worker's clock moves on (the SMTP server's does not need to)."""
    moment = utcnow() + timedelta(**delta)
    monkeypatch.setattr(mailworker, "utcnow", lambda: moment)


def test_a_meetings_invitations_go_in_batches_over_one_connection(app, secretariat, smtp_server):
    """Secretariat schedules a meeting: every invitee's message goes over a single SMTP connection."""
    app.config["MAIL_BATCH_SIZE"] = 4  # several batches, still one connection
    assert secretariat.post_form("/bodies/board/meetings/new", MEETING).status_code == 302
    meeting = db.session.scalar(sa.select(Meeting).order_by(Meeting.id.desc()))
    invitees = sorted(a.user.email for a in meeting.attendances)
    assert len(invitees) > 4
    assert smtp_server.connections == 0

    assert run_mail_worker() == len(invitees)
    assert smtp_server.connections == 1
    assert sorted(e.rcpt_tos[0] for e in smtp_server.envelopes) == invitees
    statuses = db.session.scalars(sa.select(OutboxMessage.status).where(OutboxMessage.kind == "meeting_request"))
    assert set(statuses) == {"sent"}


def test_a_refusal_keeps_the_message_with_a_backoff_and_a_later_pass_sends_it_once(app, smtp_server, monkeypatch):
    smtp_server.refuse_data = "451 4.3.0 Mailbox busy, try later"
    row = _queue()
    assert run_mail_worker() == 0
    stored = _status(row.id)
    assert stored.status == "pending" and stored.attempts == 1 and "Mailbox busy" in stored.last_error
    assert stored.next_attempt_at >= utcnow() + timedelta(seconds=50)  # about a minute's wait
    # Not yet due: the next pass does not even connect.
    smtp_server.refuse_data = None
    connections = smtp_server.connections
    assert run_mail_worker() == 0
    assert smtp_server.connections == connections and smtp_server.messages == []
    # Once the wait is over it goes, once.
    _later(monkeypatch, minutes=2)
    assert run_mail_worker() == 1
    assert run_mail_worker() == 0
    assert len(smtp_server.messages) == 1
    stored = _status(row.id)
    assert stored.status == "sent" and stored.attempts == 2 and stored.last_error == ""


def test_the_wait_doubles_and_a_permanent_refusal_is_not_retried(app, smtp_server, monkeypatch):
    assert [mailworker.backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert mailworker.backoff(20) == timedelta(hours=4)
    smtp_server.refuse_data = "550 5.1.1 No such mailbox"
    row = _queue()
    other = _queue(to="member@example.org")
    assert run_mail_worker() == 0
    assert _status(row.id).status == "failed" and "No such mailbox" in _status(row.id).last_error
    assert _status(other.id).status == "failed"
    assert smtp_server.connections == 1  # a refused message leaves the connection usable
    _later(monkeypatch, hours=5)
    smtp_server.refuse_data = None
    assert run_mail_worker() == 0 and smtp_server.messages == []


def test_smtp_down_keeps_mail_and_cron_sends_it_later_once(app, monkeypatch):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nothing listens there
    first, second = _queue(), _queue(to="member@example.org")
    assert run_mail_worker() == 0
    for row in (first, second):
        stored = _status(row.id)
        assert stored.status == "pending" and stored.attempts == 1 and stored.last_error
    # The server comes back; send-mail (cron) delivers both once the retry is due.
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=app.config["MAIL_PORT"])
    controller.start()
    try:
        _later(monkeypatch, minutes=2)
        result = app.test_cli_runner().invoke(args=["send-mail"])
        assert result.exit_code == 0 and "Sent 2 messages" in result.output
        assert run_mail_worker() == 0
    finally:
        controller.stop()
    assert len(inbox.messages) == 2 and inbox.connections == 1


def test_a_message_left_sending_by_a_dead_worker_is_taken_back_and_sent_once(app, smtp_server, monkeypatch):
    """A worker claims a message and dies before sending: after the timeout another sends it."""
    row = _queue()
    assert [m for m, _ in mailworker._claim_batch(utcnow(), 50)] == [row.id]  # ...and then the worker dies
    assert _status(row.id).status == "sending"
    assert run_mail_worker() == 0  # within the timeout it may still be on its way
    assert smtp_server.messages == []
    _later(monkeypatch, seconds=app.config["MAIL_SENDING_TIMEOUT_SECONDS"] + 1)
    assert run_mail_worker() == 1
    assert run_mail_worker() == 0
    assert len(smtp_server.messages) == 1
    stored = _status(row.id)
    assert stored.status == "sent" and stored.attempts == 2


def test_two_workers_never_claim_the_same_message(app):
    row = _queue()
    now = utcnow()
    assert mailworker._claim_batch(now, 50) == [(row.id, 1)]
    assert mailworker._claim_batch(now, 50) == []


def test_the_worker_process_sends_what_is_queued_and_stops_cleanly_on_sigterm(app, smtp_server):
    """``flask --app board mail-worker`` as its own process: it picks up new mail, and SIGTERM ends it."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "test",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_server.port),
        "MAIL_POLL_SECONDS": "1",
    }
    db.session.commit()
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "board", "mail-worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _queue()
        deadline = time.monotonic() + 30
        while not smtp_server.messages and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.1)
        assert len(smtp_server.messages) == 1
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=15)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "Sent 1 message." in output

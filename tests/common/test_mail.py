"""The outbox: queued in the transaction, sent after commit, once, retried when SMTP is down."""

import sqlalchemy as sa

from board.common import mail
from board.common.outbox import OutboxMessage
from board.extensions import db
from tests.conftest import free_port


def _queue(subject="Papers for the Board", **kw):
    return mail.queue_mail([("Helen Ashworth", "chair@example.org")], subject, "Plain text", "<p>HTML</p>", **kw)


def test_queued_mail_is_dropped_with_a_rolled_back_transaction(app):
    _queue()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_mail_goes_after_commit_to_a_real_smtp_server_once(app, smtp_server):
    row = _queue()
    db.session.commit()
    assert mail.deliver_committed() == 1
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "Helen Ashworth <chair@example.org>"
    assert message["Subject"] == "Papers for the Board"
    assert message.get_content_type() == "multipart/alternative"
    assert smtp_server.envelopes[0].rcpt_tos == ["chair@example.org"]
    # Running the sender again (cron) sends nothing twice.
    assert mail.send_pending() == 0
    assert len(smtp_server.messages) == 1
    assert db.session.get(OutboxMessage, row.id).status == "sent"


def test_smtp_down_keeps_mail_and_sends_it_later_once(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nothing listens there
    row = _queue()
    db.session.commit()
    assert mail.deliver_committed() == 0
    stored = db.session.get(OutboxMessage, row.id)
    assert stored.status == "pending" and stored.attempts == 1 and stored.last_error
    # The server comes back; send-mail (cron) delivers it once the retry is due.
    from aiosmtpd.controller import Controller

    from tests.conftest import _Inbox

    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=app.config["MAIL_PORT"])
    controller.start()
    try:
        stored.next_attempt_at = stored.created_at
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["send-mail"])
        assert result.exit_code == 0 and "Sent 1 message" in result.output
        assert mail.send_pending() == 0
    finally:
        controller.stop()
    assert len(inbox.messages) == 1


def test_header_injection_through_subject_and_name_is_impossible(app, smtp_server):
    mail.queue_mail([("Eve\r\nBcc: victim@example.org", "chair@example.org")],
                    "Hello\r\nBcc: victim@example.org", "text")
    db.session.commit()
    mail.deliver_committed()
    message = smtp_server.messages[0]
    assert message["Bcc"] is None
    assert smtp_server.envelopes[0].rcpt_tos == ["chair@example.org"]
    assert "\n" not in message["Subject"]


def test_without_smtp_mail_is_written_to_the_outbox_folder(app, tmp_path):
    _queue(subject="Agenda published")
    db.session.commit()
    mail.deliver_committed()
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1 and "agenda-published" in files[0].name
    assert b"Subject: Agenda published" in files[0].read_bytes()


def test_dedupe_key_queues_a_reminder_only_once(app):
    assert _queue(dedupe_key="reminder:1") is not None
    assert _queue(dedupe_key="reminder:1") is None
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


def test_a_claimed_message_is_not_sent_by_a_second_sender(app, smtp_server):
    """Two senders (two cron runs) racing for one message: only one claims it."""
    row = _queue()
    db.session.commit()
    assert mail._claim(row.id) is True
    assert mail._claim(row.id) is False

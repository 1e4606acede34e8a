"""The outbox: mail is queued in the transaction, never sent during a request, and the
mail worker delivers it to a real SMTP server with the headers mail software expects."""

import sqlalchemy as sa

from board.common import mail
from board.common.outbox import OutboxMessage
from board.extensions import db
from board.people.models import Organisation
from tests.conftest import run_mail_worker


def _queue(subject="Papers for the Board", **kw):
    return mail.queue_mail([("Helen Ashworth", "chair@example.org")], subject, "Plain text", "<p>HTML</p>", **kw)


def test_queued_mail_is_dropped_with_a_rolled_back_transaction(app):
    _queue()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_a_request_that_queues_mail_does_no_smtp_the_worker_sends_it(secretariat, smtp_server):
    """Secretariat invites someone: the page answers without touching SMTP; the worker then delivers."""
    org_id = db.session.scalar(sa.select(Organisation.id).where(Organisation.short_name == "Leeds"))
    response = secretariat.post_form(
        "/admin/users/new",
        {"name": "Alex New", "email": "new.person@example.org", "job_title": "Analyst", "organisation_id": str(org_id)},
    )
    assert response.status_code == 302
    assert smtp_server.connections == 0 and smtp_server.messages == []
    row = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipients == "new.person@example.org"))
    assert row.status == "pending"

    result = secretariat.application.test_cli_runner().invoke(args=["mail-worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 message." in result.output
    assert [m["To"].addresses[0].addr_spec for m in smtp_server.messages] == ["new.person@example.org"]
    db.session.refresh(row)
    assert row.status == "sent" and row.smtp_reply.startswith("250 2.0.0 OK queued as TEST")


def test_mail_reaches_a_real_smtp_server_once_with_date_message_id_and_auto_submitted(app, smtp_server):
    row = _queue()
    db.session.commit()
    assert run_mail_worker() == 1
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "Helen Ashworth <chair@example.org>"
    assert message["Subject"] == "Papers for the Board"
    assert message["Date"].datetime.tzinfo is not None
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith("@example.org>")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    assert smtp_server.envelopes[0].rcpt_tos == ["chair@example.org"]
    # Another pass (or cron's send-mail) sends nothing twice.
    assert run_mail_worker() == 0
    assert len(smtp_server.messages) == 1
    assert db.session.get(OutboxMessage, row.id).status == "sent"


def test_header_injection_through_subject_and_name_is_impossible(app, smtp_server):
    mail.queue_mail(
        [("Eve\r\nBcc: victim@example.org", "chair@example.org")], "Hello\r\nBcc: victim@example.org", "text"
    )
    db.session.commit()
    run_mail_worker()
    message = smtp_server.messages[0]
    assert message["Bcc"] is None
    assert smtp_server.envelopes[0].rcpt_tos == ["chair@example.org"]
    assert "\n" not in message["Subject"]


def test_without_smtp_mail_is_written_to_the_outbox_folder(app, tmp_path):
    row = _queue(subject="Agenda published")
    db.session.commit()
    assert run_mail_worker() == 1
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1 and "agenda-published" in files[0].name
    written = files[0].read_bytes()
    assert b"Subject: Agenda published" in written and b"Auto-Submitted: auto-generated" in written
    assert db.session.get(OutboxMessage, row.id).status == "sent"


def test_dedupe_key_queues_a_reminder_only_once(app):
    assert _queue(dedupe_key="reminder:1") is not None
    assert _queue(dedupe_key="reminder:1") is None
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1

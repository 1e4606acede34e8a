"""Queue mail inside the transaction; deliver it only after the transaction commits.

Services call :func:`queue_mail`. The message is a row of the outbox, so it is kept or
dropped with everything else the request changed. After a commit, the messages that
commit queued are delivered at once (``MAIL_SEND_AFTER_COMMIT``); anything that fails
waits for ``flask --app board send-mail``. A row is claimed before it is sent, so two
senders never send the same message twice.
"""

import logging
import re
import smtplib
from datetime import timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from board.common.models import utcnow
from board.common.outbox import OutboxMessage
from board.extensions import db

log = logging.getLogger(__name__)

_PENDING = "outbox_pending"
_COMMITTED = "outbox_committed"


def one_line(text: str) -> str:
    """Collapse line breaks and runs of space, so a header can never be split."""
    return " ".join(str(text).split())


def build_message(
    to: list[tuple[str, str]],
    subject: str,
    text: str,
    html: str | None = None,
    *,
    alternatives: list[tuple[str, bytes, dict]] = (),
    attachments: list[tuple[str, str, bytes]] = (),
) -> EmailMessage:
    """Make a MIME message: text, optional HTML and extra alternatives, attachments.

    ``to`` holds (name, address) pairs; ``alternatives`` holds (mime type, body,
    content-type parameters), e.g. ``("text/calendar", ics, {"method": "REQUEST"})``.
    """
    cfg = current_app.config
    msg = EmailMessage(policy=SMTP)
    msg["From"] = Address(one_line(cfg["MAIL_FROM_NAME"]), addr_spec=cfg["MAIL_FROM"])
    msg["To"] = tuple(Address(one_line(name), addr_spec=addr) for name, addr in to)
    msg["Subject"] = one_line(subject)
    msg["Message-ID"] = make_msgid(domain=cfg["MAIL_FROM"].rpartition("@")[2] or "localhost")
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for mime_type, body, params in alternatives:
        maintype, subtype = mime_type.split("/")
        msg.add_alternative(body, maintype=maintype, subtype=subtype, params=params)
    for filename, mime_type, body in attachments:
        maintype, subtype = mime_type.split("/")
        msg.add_attachment(body, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def queue_mail(
    to: list[tuple[str, str]],
    subject: str,
    text: str,
    html: str | None = None,
    *,
    kind: str = "notice",
    dedupe_key: str | None = None,
    alternatives=(),
    attachments=(),
) -> OutboxMessage | None:
    """Add a message to the outbox in the current transaction; never commits.

    With a ``dedupe_key`` already in the outbox, nothing is queued and None is returned.
    """
    if dedupe_key is not None:
        exists = db.session.scalar(
            sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if exists:
            return None
    msg = build_message(to, subject, text, html, alternatives=alternatives, attachments=attachments)
    row = OutboxMessage(
        recipients=", ".join(addr for _name, addr in to),
        subject=one_line(subject)[:300],
        kind=kind,
        dedupe_key=dedupe_key,
        raw=msg.as_bytes(),
    )
    db.session.add(row)
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append(row.id)
    return row


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    pending = session.info.pop(_PENDING, None)
    if pending:
        session.info.setdefault(_COMMITTED, []).extend(pending)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session, _previous):
    session.info.pop(_PENDING, None)


def deliver_committed() -> int:
    """Send the messages the last commits queued, if immediate sending is on."""
    ids = db.session.info.pop(_COMMITTED, None)
    if not ids or not current_app.config["MAIL_SEND_AFTER_COMMIT"]:
        return 0
    return send_pending(only_ids=ids)


def send_pending(only_ids: list[int] | None = None) -> int:
    """Send every message that is due; each is claimed first so none goes twice."""
    now = utcnow()
    query = sa.select(OutboxMessage.id).where(
        OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now
    )
    if only_ids is not None:
        query = query.where(OutboxMessage.id.in_(only_ids))
    ids = list(db.session.scalars(query.order_by(OutboxMessage.id)))
    db.session.commit()
    sent = 0
    for message_id in ids:
        if _claim(message_id):
            sent += _send_claimed(message_id)
    return sent


def _claim(message_id: int) -> bool:
    """Mark one message as being sent; False if another sender got it first."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        .values(status="sending", attempts=OutboxMessage.attempts + 1)
    )
    db.session.commit()
    return result.rowcount == 1


def _send_claimed(message_id: int) -> int:
    row = db.session.get(OutboxMessage, message_id)
    try:
        _transport(row)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail %s not sent: %s", row.id, exc)
        give_up = row.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]
        row.status = "failed" if give_up else "pending"
        row.last_error = str(exc)[:2000]
        row.next_attempt_at = utcnow() + timedelta(minutes=2 ** min(row.attempts, 8))
        db.session.commit()
        return 0
    row.status = "sent"
    row.sent_at = utcnow()
    row.last_error = ""
    db.session.commit()
    return 1


def _transport(row: OutboxMessage) -> None:
    """SMTP when a server is configured, else an .eml file in the instance folder."""
    cfg = current_app.config
    recipients = [addr.strip() for addr in row.recipients.split(",") if addr.strip()]
    if not cfg.get("MAIL_SERVER"):
        folder = Path(cfg["OUTBOX_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", row.subject.lower()).strip("-")[:60]
        path = folder / f"{row.id:06d}-{slug}.eml"
        path.write_bytes(row.raw)
        log.info("mail %s to %s written to %s", row.id, row.recipients, path)
        return
    with smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), timeout=15) as smtp:
        if cfg.get("MAIL_USE_TLS"):
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.sendmail(cfg["MAIL_FROM"], recipients, row.raw)


def init_app(app) -> None:
    """Deliver what a request committed once the response is ready."""

    @app.after_request
    def _deliver(response):
        try:
            deliver_committed()
        except Exception:  # mail must never break a request that already committed
            log.exception("delivering committed mail failed; send-mail will retry")
            db.session.rollback()
        return response

"""Build mail and queue it inside the transaction; the mail worker sends it.

Services call :func:`queue_mail`. The message is a row of the outbox, so it is kept or
dropped with everything else the request changed, and nothing is sent while a request
runs: ``flask --app board mail-worker`` (board/common/mailworker.py) sends what has
been committed, in batches over one SMTP connection.
"""

from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

import sqlalchemy as sa
from flask import current_app

from board.common.models import utcnow
from board.common.outbox import OutboxMessage
from board.extensions import db


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
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = make_msgid(domain=cfg["MAIL_FROM"].rpartition("@")[2] or "localhost")
    # RFC 3834: machine-sent, so out-of-office replies and other robots leave it alone.
    msg["Auto-Submitted"] = "auto-generated"
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
        exists = db.session.scalar(sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key))
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
    return row

"""Build mail and queue it inside the transaction; the mail worker sends it.

Services call :func:`queue_mail`. The message is a row of the outbox, so it is kept or
dropped with everything else the request changed, and nothing is sent while a request
runs: ``flask --app board mail-worker`` (board/common/mailworker.py) sends what has
been committed, in batches over one SMTP connection.
"""

from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
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
    msg.set_content(text, charset="UTF-8", cte=_text_encoding(text))
    if html is not None:
        msg.add_alternative(html, subtype="html", charset="UTF-8", cte=_text_encoding(html))
    for mime_type, body, params in alternatives:
        if not msg.is_multipart():
            msg.make_alternative()
        msg.attach(_text_part(mime_type, body, params))
    for filename, mime_type, body in attachments:
        msg.make_mixed()
        msg.attach(_text_part(mime_type, body, filename=filename))
    return msg


def _text_encoding(text: str) -> str:
    """7bit for plain ASCII, else quoted-printable: never base64 (spam filters score
    base64 text parts, MIME_BASE64_TEXT) and never raw 8bit (not every relay takes it)."""
    if text.isascii() and all(len(line) <= 998 for line in text.splitlines()):
        return "7bit"
    return "quoted-printable"


def _text_part(mime_type: str, body: str | bytes, params: dict | None = None, filename: str | None = None) -> MIMEPart:
    """A UTF-8 text part of any type (``text/calendar``, ``application/ics``), as text.

    Calendars are UTF-8 by definition (RFC 5545 3.1.4) and say so in ``charset``, so a
    "—" in a venue reaches every client intact.
    """
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    maintype, subtype = mime_type.split("/")
    part = MIMEPart(policy=SMTP)
    options = {"disposition": "attachment", "filename": filename} if filename else {}
    part.set_content(
        text, subtype=subtype, charset="UTF-8", cte=_text_encoding(text), params=dict(params or {}), **options
    )
    if maintype != "text":
        part.set_type(mime_type)
    return part


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

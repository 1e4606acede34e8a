"""The outbox table: mail is queued in the transaction; the mail worker sends it after the commit."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from board.common.models import UTCDateTime, utcnow
from board.extensions import db


class OutboxMessage(db.Model):
    """One e-mail to one or more recipients, stored whole as MIME bytes.

    ``status`` goes pending -> sending (claimed by a worker, ``claimed_at``) -> sent, with
    the server's answer in ``smtp_reply``; or back to pending with ``next_attempt_at``
    later; or failed (a permanent refusal, or too many attempts).
    """

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipients: Mapped[str] = mapped_column(sa.Text)
    subject: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(40), default="notice")
    # A message with a key is queued at most once (reminders, digests): unique.
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    raw: Mapped[bytes] = mapped_column(sa.LargeBinary)
    status: Mapped[str] = mapped_column(sa.String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the SMTP server answered to DATA (usually its queue id), or where the .eml went.
    smtp_reply: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

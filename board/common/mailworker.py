"""The mail worker: sends what the outbox holds, outside any request.

``flask --app board mail-worker`` runs it, looking for work every ``MAIL_POLL_SECONDS``
until SIGTERM or Ctrl-C; ``mail-worker --once`` and ``send-mail`` (cron) make one pass.
A pass runs the jobs ``create_app`` registered (they turn requests into mail, or forget
old counts), puts back messages that a worker which died left 'sending' for longer
than ``MAIL_SENDING_TIMEOUT_SECONDS``, then claims due messages in batches and sends
them over one SMTP connection. A refusal the server calls temporary (4xx), or a
connection that fails, puts a message back with a doubling wait; a permanent refusal
(5xx), or ``MAIL_MAX_ATTEMPTS`` tries, marks it failed.

Exactly once, as far as SMTP allows: a message is claimed (pending -> sending) in a
transaction of its own before it is sent, so two workers never both send it, and it is
marked sent in the same transaction that records the server's answer, committed as
soon as the server has accepted it. The gap SMTP leaves is a worker dying between the
server's "250" and that commit: the message is then sent again after the timeout.
"""

import logging
import re
import smtplib
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from board.common.models import utcnow
from board.common.outbox import OutboxMessage
from board.extensions import db

log = logging.getLogger(__name__)

Job = Callable[[datetime], int]

SENT, RETRY, FAILED, CONNECTION = "sent", "retry", "failed", "connection"


def register_job(app, name: str, job: Job) -> None:
    """Add work each pass does before sending; ``job(now)`` returns a count and never commits."""
    app.extensions.setdefault("mail_jobs", []).append((name, job))


def run(*, once: bool = False, poll_seconds: float | None = None, stop: threading.Event | None = None) -> int:
    """Make passes until ``stop`` is set (or one, with ``once``); returns the messages sent."""
    stop = stop or threading.Event()
    poll = current_app.config["MAIL_POLL_SECONDS"] if poll_seconds is None else poll_seconds
    total = 0
    while True:
        try:
            total += run_pass(stop)
        except Exception:
            db.session.rollback()
            if once:
                raise
            # A database or server hiccup must not end a long-running worker; the next pass retries.
            log.exception("mail worker pass failed; trying again in %s s", poll)
        if once or stop.wait(poll):
            return total


def run_pass(stop: threading.Event | None = None) -> int:
    """One pass: the registered jobs, reclaim stuck messages, send everything due."""
    now = utcnow()
    for name, job in current_app.extensions.get("mail_jobs", ()):
        count = job(now)
        db.session.commit()
        if count:
            log.info("%s: %s", name, count)
    if reclaimed := reclaim_stuck(now):
        log.warning("%s message(s) left 'sending' by a stopped worker put back", reclaimed)
    db.session.commit()
    return send_due(stop)


def reclaim_stuck(now: datetime) -> int:
    """Put back messages claimed longer ago than the timeout (their worker died); never commits."""
    cfg = current_app.config
    cutoff = now - timedelta(seconds=cfg["MAIL_SENDING_TIMEOUT_SECONDS"])
    # No claimed_at: claimed by a release before the worker, which never put anything back.
    stuck = sa.and_(
        OutboxMessage.status == "sending", sa.or_(OutboxMessage.claimed_at < cutoff, OutboxMessage.claimed_at.is_(None))
    )
    error = "the worker sending it stopped before recording the server's answer"
    given_up = db.session.execute(
        sa.update(OutboxMessage)
        .where(stuck, OutboxMessage.attempts >= cfg["MAIL_MAX_ATTEMPTS"])
        .values(status="failed", claimed_at=None, last_error=error)
        .execution_options(synchronize_session=False)
    ).rowcount
    back = db.session.execute(
        sa.update(OutboxMessage)
        .where(stuck)
        .values(status="pending", claimed_at=None, next_attempt_at=now, last_error=error)
        .execution_options(synchronize_session=False)
    ).rowcount
    return given_up + back


def send_due(stop: threading.Event | None = None) -> int:
    """Claim and send due messages, a batch at a time, over one connection; returns how many went."""
    cfg = current_app.config
    sent = 0
    transport = SMTPConnection(cfg) if cfg.get("MAIL_SERVER") else FolderTransport(cfg)
    try:
        while not (stop and stop.is_set()):
            claimed_at = utcnow()
            batch = _claim_batch(claimed_at, int(cfg["MAIL_BATCH_SIZE"]))
            if not batch:
                break
            for i, (message_id, attempts) in enumerate(batch):
                if stop and stop.is_set():
                    _release([m for m, _ in batch[i:]])
                    return sent
                claimed_at = _keep_claim(claimed_at, [m for m, _ in batch[i:]])
                outcome = _send_claimed(transport, message_id, attempts)
                if outcome == SENT:
                    sent += 1
                elif outcome == CONNECTION:
                    # The server is unreachable: the rest of the batch waits for a later pass.
                    _retry_later(batch[i + 1 :], "not tried: the server could not be reached", permanent=False)
                    return sent
    finally:
        transport.close()
    return sent


def _claim_batch(now: datetime, size: int) -> list[tuple[int, int]]:
    """Mark up to ``size`` due messages as being sent by this worker; (id, attempts) pairs."""
    due = (
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(size)
        .with_for_update(skip_locked=True)  # PostgreSQL: workers take different rows; SQLite ignores it
    )
    rows = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()), OutboxMessage.status == "pending")
        .values(status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id, OutboxMessage.attempts)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted((row.id, row.attempts) for row in rows)


def _keep_claim(claimed_at: datetime, ids: list[int]) -> datetime:
    """Renew the claim on the rest of a long batch before another worker thinks this one died."""
    now = utcnow()
    if now - claimed_at < timedelta(seconds=current_app.config["MAIL_SENDING_TIMEOUT_SECONDS"] / 2):
        return claimed_at
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "sending")
        .values(claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return now


def _send_claimed(transport, message_id: int, attempts: int) -> str:
    """Send one claimed message and record the outcome in one transaction."""
    row = db.session.execute(
        sa.select(OutboxMessage.id, OutboxMessage.subject, OutboxMessage.recipients, OutboxMessage.raw).where(
            OutboxMessage.id == message_id
        )
    ).one()
    # End the read before talking to the server, so no transaction stays open while it answers.
    db.session.commit()
    recipients = [addr.strip() for addr in row.recipients.split(",") if addr.strip()]
    try:
        reply = transport.send(row.id, row.subject, recipients, row.raw)
    except NotSent as exc:
        log.warning("mail %s not sent (%s): %s", message_id, exc.outcome, exc.error)
        _retry_later([(message_id, attempts)], exc.error, permanent=exc.outcome == FAILED)
        return exc.outcome
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status="sent", sent_at=utcnow(), smtp_reply=reply[:2000], last_error="", claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return SENT


def backoff(attempts: int) -> timedelta:
    """The wait after a failed try: 1, 2, 4 … minutes, at most 4 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 240))


def _retry_later(batch: list[tuple[int, int]], error: str, *, permanent: bool) -> None:
    """Put claimed messages back with a doubling wait, or mark them failed."""
    now = utcnow()
    limit = current_app.config["MAIL_MAX_ATTEMPTS"]
    for message_id, attempts in batch:
        give_up = permanent or attempts >= limit
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(
                status="failed" if give_up else "pending",
                claimed_at=None,
                last_error=(error or "not sent")[:2000],
                next_attempt_at=now + backoff(attempts),
            )
            .execution_options(synchronize_session=False)
        )
    db.session.commit()


def _release(ids: list[int]) -> None:
    """Hand back claimed messages that were not tried (the worker is stopping)."""
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "sending")
        .values(status="pending", claimed_at=None, attempts=OutboxMessage.attempts - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


class NotSent(Exception):
    """A transport could not send a message: ``outcome`` is RETRY, FAILED or CONNECTION."""

    def __init__(self, outcome: str, error: str):
        super().__init__(error)
        self.outcome = outcome
        self.error = error


class _RecordingSMTP(smtplib.SMTP):
    """smtplib's client, keeping the server's answer to DATA (usually its queue id)."""

    data_reply: tuple[int, bytes] = (0, b"")

    def data(self, msg):
        self.data_reply = super().data(msg)
        return self.data_reply


class SMTPConnection:
    """One SMTP connection for a whole pass, opened when the first message needs it."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.smtp: _RecordingSMTP | None = None

    def _open(self) -> _RecordingSMTP:
        cfg = self.cfg
        smtp = _RecordingSMTP(cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), timeout=cfg["MAIL_TIMEOUT_SECONDS"])
        try:
            if cfg.get("MAIL_USE_TLS"):
                smtp.starttls()
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, _message_id: int, _subject: str, recipients: list[str], raw: bytes) -> str:
        """Send one message; returns the server's answer, with any recipients it refused."""
        try:
            if self.smtp is None:
                self.smtp = self._open()
            refused = self.smtp.sendmail(self.cfg["MAIL_FROM"], recipients, raw)
        except (OSError, smtplib.SMTPException) as exc:
            outcome = self._classify(exc)
            if outcome == CONNECTION:
                self._drop()
            raise NotSent(outcome, str(exc) or type(exc).__name__) from exc
        code, text = self.smtp.data_reply
        reply = f"{code} {text.decode(errors='replace')}"
        if refused:
            reply += "; refused: " + ", ".join(
                f"{addr} ({c} {m.decode(errors='replace')})" for addr, (c, m) in refused.items()
            )
        return reply

    def _classify(self, exc: Exception) -> str:
        if self.smtp is None:
            return CONNECTION  # could not connect, greet or sign in
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            codes = [code for code, _ in exc.recipients.values()]
            return FAILED if codes and all(code >= 500 for code in codes) else RETRY
        # 421 is the server closing the connection; other answers leave it usable (smtplib resets).
        if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code != 421:
            return FAILED if exc.smtp_code >= 500 else RETRY
        return CONNECTION

    def _drop(self) -> None:
        if self.smtp is not None:
            self.smtp.close()
            self.smtp = None

    def close(self) -> None:
        if self.smtp is None:
            return
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
        self._drop()


class FolderTransport:
    """No MAIL_SERVER (development): each message becomes an .eml file in the instance folder."""

    def __init__(self, cfg):
        self.folder = Path(cfg["OUTBOX_DIR"])

    def send(self, message_id: int, subject: str, recipients: list[str], raw: bytes) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", subject.lower()).strip("-")[:60]
        path = self.folder / f"{message_id:06d}-{slug}.eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
        except OSError as exc:  # the folder is unusable for every message, like a server that is down
            raise NotSent(CONNECTION, str(exc)) from exc
        log.info("mail %s to %s written to %s", message_id, ", ".join(recipients), path)
        return f"written to {path}"

    def close(self) -> None:
        pass

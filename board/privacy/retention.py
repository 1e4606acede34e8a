"""Retention: how long each kind of personal data is kept, applied by
``flask --app board apply-retention`` (PRIVACY.md). Never commits; returns what it did."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from board.audit.models import AuditEntry
from board.audit.services import record
from board.auth.models import SignInFailure, UserSession, UserToken
from board.common.outbox import OutboxMessage
from board.extensions import db
from board.interests.models import Declaration, RegisterItem, RegisterVersion, ReviewRequest
from board.meetings.models import Meeting
from board.people.models import User
from board.submissions.models import PartnerUpdate, UpdateFigure, UpdateFile, UpdateRevision, UpdateRound, UpdateStatus

ANONYMISED_DOMAIN = "anonymised.invalid"


def _days(setting: str) -> timedelta:
    return timedelta(days=int(current_app.config[setting]))


def clear_unsubmitted_drafts(now: datetime) -> int:
    """Update drafts never submitted, for meetings longer ago than the setting: their text, figures and files go."""
    cutoff = now - _days("RETENTION_UNSUBMITTED_DRAFT_DAYS")
    drafts = db.session.scalars(
        sa.select(PartnerUpdate)
        .join(UpdateRound)
        .join(Meeting)
        .where(
            Meeting.starts_at < cutoff,
            PartnerUpdate.first_submitted_at.is_(None),
            PartnerUpdate.status.in_([UpdateStatus.DRAFT.value, UpdateStatus.NOT_STARTED.value]),
            PartnerUpdate.version > 0,
        )
    ).all()
    for update in drafts:
        ids = [update.id]
        db.session.execute(sa.delete(UpdateRevision).where(UpdateRevision.update_id.in_(ids)))
        db.session.execute(sa.delete(UpdateFile).where(UpdateFile.update_id.in_(ids)))
        db.session.execute(sa.delete(UpdateFigure).where(UpdateFigure.update_id.in_(ids)))
        for name in ("progress", "risks", "asks", "good_practice"):
            setattr(update, name, "")
            setattr(update, f"{name}_html", "")
        update.priorities, update.themes = [], []
        update.version = 0
        update.status = UpdateStatus.NOT_STARTED.value
    return len(drafts)


def delete_old_mail(now: datetime) -> int:
    """The outbox's copies of mail sent or given up on, older than the setting."""
    cutoff = now - _days("RETENTION_SENT_MAIL_DAYS")
    return db.session.execute(
        sa.delete(OutboxMessage).where(OutboxMessage.status.in_(["sent", "failed"]), OutboxMessage.created_at < cutoff)
    ).rowcount


def delete_old_signin_failures(now: datetime) -> int:
    cutoff = now - _days("RETENTION_SIGNIN_FAILURE_DAYS")
    return db.session.execute(sa.delete(SignInFailure).where(SignInFailure.at < cutoff)).rowcount


def delete_ended_sessions(now: datetime) -> int:
    """Sessions ended (or idle, so certainly ended) longer ago than the setting."""
    cutoff = now - _days("RETENTION_ENDED_SESSION_DAYS")
    return db.session.execute(
        sa.delete(UserSession).where(sa.or_(UserSession.ended_at < cutoff, UserSession.last_seen_at < cutoff))
    ).rowcount


def delete_old_audit_entries(now: datetime) -> int:
    cutoff = now - _days("RETENTION_AUDIT_DAYS")
    return db.session.execute(sa.delete(AuditEntry).where(AuditEntry.at < cutoff)).rowcount


def deactivated_since(user: User) -> datetime:
    """When the person was deactivated: the audit trail's last "deactivated" entry, else their row's last change."""
    at = db.session.scalar(
        sa.select(sa.func.max(AuditEntry.at)).where(
            AuditEntry.record_type == "user", AuditEntry.record_id == user.id, AuditEntry.action == "deactivated"
        )
    )
    return user.updated_at if at is None else at


def anonymise(user: User) -> None:
    """Keep the name where records need it (minutes, decisions, actions); the e-mail,
    job title, sign-in secrets and register of interests go."""
    versions = sa.select(RegisterVersion.id).where(RegisterVersion.user_id == user.id)
    items = sa.select(RegisterItem.id).where(RegisterItem.version_id.in_(versions))
    db.session.execute(
        sa.update(Declaration).where(Declaration.register_item_id.in_(items)).values(register_item_id=None)
    )
    db.session.execute(sa.delete(RegisterItem).where(RegisterItem.version_id.in_(versions)))
    db.session.execute(sa.delete(RegisterVersion).where(RegisterVersion.user_id == user.id))
    db.session.execute(sa.delete(ReviewRequest).where(ReviewRequest.user_id == user.id))
    db.session.execute(sa.delete(UserToken).where(UserToken.user_id == user.id))
    db.session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))
    user.email = f"anonymised-{user.id}@{ANONYMISED_DOMAIN}"
    user.job_title = ""
    user.password_hash = None
    user.calendar_token_hash = None
    user.is_enabled = False
    record("anonymised", user, actor=None, changes={"email": ["(removed)", user.email]})


def anonymise_departed(now: datetime) -> list[str]:
    """People deactivated longer ago than the setting and not yet anonymised; returns their names."""
    cutoff = now - _days("RETENTION_DEACTIVATED_PERSON_DAYS")
    people = db.session.scalars(
        sa.select(User).where(User.is_enabled.is_(False), ~User.email.endswith(f"@{ANONYMISED_DOMAIN}"))
    ).all()
    done = []
    for user in people:
        if deactivated_since(user) < cutoff:
            anonymise(user)
            done.append(user.name)
    return done


def apply_retention(now: datetime) -> list[str]:
    """Apply every retention setting; returns one line per kind saying what was removed.

    People are anonymised first, so the audit entry that dates their deactivation is
    read before old audit entries go (and the anonymisation's own entry is new).
    """
    anonymised = anonymise_departed(now)
    lines = [
        f"People anonymised (deactivated over {current_app.config['RETENTION_DEACTIVATED_PERSON_DAYS']} days): "
        + (", ".join(anonymised) if anonymised else "none"),
        f"Update drafts never submitted, cleared: {clear_unsubmitted_drafts(now)}",
        f"Mail sent or failed, removed from the outbox: {delete_old_mail(now)}",
        f"Failed sign-ins forgotten: {delete_old_signin_failures(now)}",
        f"Ended sessions forgotten: {delete_ended_sessions(now)}",
        f"Audit entries removed: {delete_old_audit_entries(now)}",
    ]
    return lines

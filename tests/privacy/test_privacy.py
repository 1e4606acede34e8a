"""Personal data: the privacy notice, the subject access export, and apply-retention."""

import json
from datetime import timedelta

import sqlalchemy as sa

from board.audit.models import AuditEntry
from board.auth.models import SignInFailure, UserSession
from board.common.models import utcnow
from board.common.outbox import OutboxMessage
from board.extensions import db
from board.interests import register
from board.interests.models import RegisterVersion
from board.meetings.models import Meeting
from board.people.models import User
from board.submissions.models import PartnerUpdate, UpdateRound
from tests.conftest import text


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_the_privacy_notice_is_open_to_anyone_and_linked_from_every_page(client, client_as):
    """Anyone, signed in or not: the notice says who holds what, for how long, and whom to ask."""
    page = client.get("/privacy")
    assert page.status_code == 200
    assert "How long we keep it" in text(page) and "Information Commissioner" in text(page)
    assert 'href="/privacy"' in client_as("lead.leeds@example.org").get("/").get_data(as_text=True)


def test_the_secretariat_exports_everything_held_about_one_person(secretariat, client_as):
    """Secretariat: one JSON download with the account, seats, register, declarations and audit entries; no secrets."""
    leeds = _user("lead.leeds@example.org")
    assert client_as("chair@example.org").get(f"/privacy/subject-access/{leeds.id}.json").status_code == 403
    choose = secretariat.get(f"/privacy/subject-access?person={leeds.id}")
    assert f"/privacy/subject-access/{leeds.id}.json" in choose.get_data(as_text=True)
    response = secretariat.get(f"/privacy/subject-access/{leeds.id}.json")
    assert response.headers["Cache-Control"] == "private, no-store"
    data = json.loads(response.data)
    assert data["person"]["email"] == "lead.leeds@example.org" and "password_hash" not in data["person"]
    records = data["records"]
    assert {"membership", "meeting_attendance", "interest_register_version", "interest_declaration", "action"} <= set(
        records
    )
    assert any(r["user_id"] == leeds.id for r in records["interest_declaration"])
    assert "password_hash" not in response.get_data(as_text=True)
    exported = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "subject_access_export", AuditEntry.record_id == leeds.id)
    )
    assert exported is not None


def test_apply_retention_removes_what_is_past_its_time_and_says_so(app):
    """The CLI: old mail, sign-in failures, sessions and audit entries go; a long-departed person is anonymised."""
    now = utcnow()
    former = _user("former.member@example.org")
    register.add_interest(
        former,
        category="employment",
        description="West Yorkshire Police",
        dated_on=(now - timedelta(days=4000)).date(),
        value_pounds=None,
        actor=former,
    )
    db.session.add(
        AuditEntry(at=now - timedelta(days=1000), action="deactivated", record_type="user", record_id=former.id)
    )
    recent = _user("probation@example.org")
    recent.is_enabled = False
    db.session.add(
        AuditEntry(at=now - timedelta(days=3), action="deactivated", record_type="user", record_id=recent.id)
    )
    db.session.add(SignInFailure(key="old", at=now - timedelta(days=400)))
    db.session.add(SignInFailure(key="new", at=now))
    db.session.add(
        OutboxMessage(
            recipients="x@example.org", subject="old", raw=b"x", status="sent", created_at=now - timedelta(days=400)
        )
    )
    db.session.add(
        UserSession(
            user_id=recent.id,
            token_hash="f" * 64,
            created_at=now - timedelta(days=400),
            last_seen_at=now - timedelta(days=400),
            ended_at=now - timedelta(days=400),
        )
    )
    db.session.add(AuditEntry(at=now - timedelta(days=8 * 365), action="old", record_type="x", record_id=1))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["apply-retention"])
    assert result.exit_code == 0, result.output
    assert "People anonymised (deactivated over 730 days): Keith Armitage" in result.output
    assert "Failed sign-ins forgotten: 1" in result.output
    assert "Audit entries removed: 1" in result.output
    db.session.expire_all()
    former = db.session.get(User, former.id)
    assert former.name == "Keith Armitage" and former.email.endswith("@anonymised.invalid") and former.job_title == ""
    assert not db.session.scalars(sa.select(RegisterVersion).where(RegisterVersion.user_id == former.id)).all()
    assert db.session.get(User, recent.id).email == "probation@example.org"  # deactivated three days ago: kept
    assert db.session.scalar(sa.select(SignInFailure.key)) == "new"
    assert not db.session.scalar(sa.select(OutboxMessage.id).where(OutboxMessage.subject == "old"))
    again = app.test_cli_runner().invoke(args=["apply-retention"])
    assert "People anonymised (deactivated over 730 days): none" in again.output


def test_apply_retention_clears_update_drafts_never_submitted(app):
    """An update drafted for a meeting long past and never submitted loses its text; submitted ones stay."""
    past = db.session.scalars(
        sa.select(PartnerUpdate).join(UpdateRound).join(Meeting).where(Meeting.starts_at < utcnow())
    ).all()
    draft, submitted = past[0], past[1]
    draft.status, draft.first_submitted_at, draft.version, draft.progress = "draft", None, 2, "Half-written draft"
    kept = submitted.progress = "Submitted text"
    submitted.status, submitted.first_submitted_at = "submitted", utcnow()
    db.session.commit()
    app.config["RETENTION_UNSUBMITTED_DRAFT_DAYS"] = 0
    result = app.test_cli_runner().invoke(args=["apply-retention"])
    assert "Update drafts never submitted, cleared: 1" in result.output
    db.session.expire_all()
    assert db.session.get(PartnerUpdate, draft.id).progress == ""
    assert db.session.get(PartnerUpdate, submitted.id).progress == kept

"""Invitation and password-reset links: e-mailed, single use, expiring."""

import re
from datetime import timedelta

import sqlalchemy as sa
from freezegun import freeze_time

from board.common.outbox import OutboxMessage
from board.extensions import db
from board.people.models import Organisation, User
from tests.conftest import run_mail_worker, text


def _link_in_last_mail(kind: str) -> str:
    row = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id.desc())
    ).first()
    assert row is not None, f"no {kind} e-mail queued"
    return re.search(r"http://localhost(/password/set/[\w-]+)", row.raw.decode()).group(1)


def _invite(secretariat, email="new.person@example.org", **extra):
    org_id = db.session.scalar(sa.select(Organisation.id).where(Organisation.short_name == "Leeds"))
    data = {"name": "Alex New", "email": email, "job_title": "Analyst", "organisation_id": str(org_id), **extra}
    return secretariat.post_form("/admin/users/new", data)


def test_invited_user_sets_password_once_and_is_signed_in(app, secretariat):
    """The secretariat invites; the link sets a password, signs in, and then stops working."""
    response = _invite(secretariat)
    assert response.status_code == 302
    path = _link_in_last_mail("invitation")
    visitor = app.test_client()
    assert "Welcome, Alex New" in text(visitor.get(path))
    done = visitor.post_form(path, {"password": "a long enough passphrase", "confirm": "a long enough passphrase"})
    assert done.status_code == 302
    assert "Welcome, Alex New" in text(visitor.get("/"))
    again = app.test_client().get(path)
    assert again.status_code == 410
    app.test_client().sign_in("new.person@example.org", "a long enough passphrase")


def test_invitation_link_expires(app, secretariat):
    _invite(secretariat)
    path = _link_in_last_mail("invitation")
    with freeze_time(timedelta(hours=app.config["INVITATION_VALID_HOURS"] + 1)):
        assert app.test_client().get(path).status_code == 410


def test_new_invitation_kills_the_old_link(app, secretariat):
    _invite(secretariat)
    old = _link_in_last_mail("invitation")
    user_id = db.session.scalar(sa.select(User.id).where(User.email == "new.person@example.org"))
    secretariat.post_form(f"/admin/users/{user_id}/invite")
    new = _link_in_last_mail("invitation")
    assert old != new
    assert app.test_client().get(old).status_code == 410
    assert app.test_client().get(new).status_code == 200


def test_set_password_form_keeps_rules(app, secretariat):
    _invite(secretariat)
    path = _link_in_last_mail("invitation")
    page = app.test_client().post_form(path, {"password": "short", "confirm": "different"})
    body = page.get_data(as_text=True)
    assert "Password must be between 12 and 256 characters" in body
    assert "The passwords do not match" in body


def test_forgot_password_never_reveals_accounts(app, client):
    """Known and unknown e-mails get the same page; only the known one gets mail (from the mail worker)."""
    known = client.post_form("/password/forgot", {"email": "chair@example.org"})
    unknown = client.post_form("/password/forgot", {"email": "stranger@example.org"})
    assert "Check your email" in text(known) and "Check your email" in text(unknown)
    run_mail_worker()
    rows = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "reset")).all()
    assert [r.recipients for r in rows] == ["chair@example.org"]
    path = _link_in_last_mail("reset")
    visitor = app.test_client()
    visitor.post_form(path, {"password": "brand new passphrase", "confirm": "brand new passphrase"})
    assert visitor.get(path).status_code == 410


def test_duplicate_email_is_refused_and_typing_kept(secretariat):
    response = _invite(secretariat, email="Chair@Example.org")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "A user with this email address already exists" in body
    assert 'value="Alex New"' in body
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.name == "Alex New")) == 0

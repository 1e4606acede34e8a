"""Server-side sessions, through HTTP: a copy of a cookie is worth nothing once its sign-in ends."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from board.actions.models import Action, ActionNote
from board.audit.models import AuditEntry
from board.auth.models import UserSession
from board.decisions.models import Decision
from board.extensions import db
from board.people.models import Body, User
from tests.conftest import DEMO_PASSWORD, text

COOKIE = "board_session"
START = datetime(2031, 3, 4, 9, 0, tzinfo=UTC)


def _user_id(email: str) -> int:
    return db.session.scalar(sa.select(User.id).where(User.email == email))


def _copy_of(app, client):
    """Another browser holding a copy of ``client``'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value, domain="localhost")
    return thief


def _live_sessions(email: str) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(UserSession)
        .where(UserSession.user_id == _user_id(email), UserSession.ended_at.is_(None))
    )


def _refused(response) -> bool:
    return response.status_code == 302 and "/sign-in" in response.headers["Location"]


def _audit(action: str) -> list[AuditEntry]:
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()


def test_a_copied_cookie_reads_and_writes_nothing_after_sign_out(app, client_as):
    """Member: after signing out, a copy of the cookie neither reads a confidential decision nor posts a note."""
    board = db.session.scalar(sa.select(Body.id).where(Body.slug == "board"))
    decision = db.session.scalar(sa.select(Decision.id).where(Decision.body_id == board, Decision.is_confidential))
    action = db.session.scalar(
        sa.select(Action.id).where(
            Action.owner_id == _user_id("member@example.org"), Action.status.in_(("open", "in_progress"))
        )
    )
    member = client_as("member@example.org")
    thief = _copy_of(app, member)
    assert thief.get(f"/decisions/{decision}").status_code == 200  # the copy works while the sign-in lives
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', thief.get(f"/actions/{action}").get_data(as_text=True)
    ).group(1)
    notes = db.session.scalar(sa.select(sa.func.count()).select_from(ActionNote).where(ActionNote.action_id == action))

    member.post_form("/sign-out")

    assert _refused(thief.get(f"/decisions/{decision}"))
    assert _refused(thief.post(f"/actions/{action}/notes", data={"csrf_token": token, "text": "Written by a thief"}))
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(ActionNote).where(ActionNote.action_id == action))
        == notes
    )
    assert _refused(member.get("/"))


def test_the_cookie_holds_a_random_id_and_the_database_only_its_hash(app, client_as):
    """Operators: neither the user's id nor anything stored in the database opens a session."""
    member = client_as("member@example.org")
    data = app.session_interface.get_signing_serializer(app).loads(member.get_cookie(COOKIE).value)
    key = data["_user_id"]
    assert len(key) >= 43 and str(_user_id("member@example.org")) != key
    row = db.session.scalar(sa.select(UserSession).where(UserSession.user_id == _user_id("member@example.org")))
    assert row.token_hash == hashlib.sha256(key.encode()).hexdigest() and key not in row.token_hash


def test_a_session_ends_after_the_idle_time_without_a_request(app, client):
    """Anyone: two hours without a request ends the session; using it within that keeps it."""
    with freeze_time(START) as clock:
        client.sign_in("member@example.org")
        clock.tick(timedelta(minutes=119))
        assert client.get("/").status_code == 200
        clock.tick(timedelta(minutes=119))
        assert client.get("/").status_code == 200
        clock.tick(timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1))
        assert _refused(client.get("/"))


def test_a_session_ends_at_its_lifetime_however_busy(app, client):
    """Anyone: twelve hours after signing in the session ends, even if used every hour."""
    with freeze_time(START) as clock:
        client.sign_in("member@example.org")
        for _ in range(11):
            clock.tick(timedelta(hours=1))
            assert client.get("/").status_code == 200
        clock.tick(timedelta(minutes=59))
        assert client.get("/").status_code == 200
        clock.tick(timedelta(minutes=2))
        assert _refused(client.get("/"))
        client.sign_in("member@example.org")  # signing in again starts a new one
        assert client.get("/").status_code == 200


def test_last_seen_is_written_at_most_once_a_minute(app, client):
    """Operators: reading pages does not write on every request."""
    with freeze_time(START) as clock:
        client.sign_in("member@example.org")
        row = lambda: db.session.scalar(sa.select(UserSession.last_seen_at))  # noqa: E731
        clock.tick(timedelta(seconds=30))
        client.get("/")
        assert row() == START
        clock.tick(timedelta(seconds=31))
        client.get("/")
        assert row() == START + timedelta(seconds=61)


def test_password_change_ends_other_sessions_but_not_this_one(app, client_as):
    """Anyone: changing the password signs out every other browser, copies included, and keeps this one."""
    here, elsewhere = client_as("member@example.org"), client_as("member@example.org")
    copy_of_elsewhere = _copy_of(app, elsewhere)
    new = "a new long passphrase"
    assert here.post_form("/account", {"current": DEMO_PASSWORD, "password": new, "confirm": new}).status_code == 302
    assert here.get("/account").status_code == 200
    assert _refused(elsewhere.get("/")) and _refused(copy_of_elsewhere.get("/"))
    assert _live_sessions("member@example.org") == 1


def test_a_password_reset_ends_every_session(app, client_as):
    """Anyone: a reset link signs out everywhere, then signs in only the browser that used it."""
    from tests.auth.test_links import _link_in_last_mail
    from tests.conftest import run_mail_worker

    first, second = client_as("member@example.org"), client_as("member@example.org")
    visitor = app.test_client()
    visitor.post_form("/password/forgot", {"email": "member@example.org"})
    run_mail_worker()  # the worker answers reset requests (the request itself does the same work for anyone)
    path = _link_in_last_mail("reset")
    assert (
        visitor.post_form(path, {"password": "brand new passphrase", "confirm": "brand new passphrase"}).status_code
        == 302
    )
    assert _refused(first.get("/")) and _refused(second.get("/"))
    assert visitor.get("/").status_code == 200
    assert _live_sessions("member@example.org") == 1


def test_deactivation_ends_every_session(app, client_as, secretariat):
    """Secretariat: deactivating a person signs them out of every browser at once."""
    first, second = client_as("member@example.org"), client_as("member@example.org")
    secretariat.post_form(f"/admin/users/{_user_id('member@example.org')}/deactivate")
    assert _refused(first.get("/")) and _refused(second.get("/"))
    assert _live_sessions("member@example.org") == 0


def test_account_page_lists_sessions_and_signs_out_the_others(app, client_as):
    """Anyone: the account page shows where they are signed in and signs out every other session."""
    laptop, phone = app.test_client(), app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"] = "Laptop Browser/1.0"
    phone.environ_base["HTTP_USER_AGENT"] = "Phone Browser/2.0"
    laptop.sign_in("member@example.org")
    phone.sign_in("member@example.org")
    page = text(laptop.get("/account"))
    assert "Laptop Browser/1.0 This session" in page and "Phone Browser/2.0" in page
    assert "Sign out of all other sessions" in page

    assert laptop.post("/account/sessions/sign-out-others").status_code == 400  # no CSRF token
    assert phone.get("/").status_code == 200
    response = laptop.post_form("/account/sessions/sign-out-others")
    assert response.status_code == 302
    assert "Signed out of 1 other session" in text(laptop.get(response.headers["Location"]))
    assert _refused(phone.get("/"))
    assert laptop.get("/").status_code == 200
    page = text(laptop.get("/account"))
    assert "Phone Browser/2.0" not in page and "Sign out of all other sessions" not in page
    (entry,) = _audit("signed_out_other_sessions")
    assert entry.actor_id == _user_id("member@example.org") and entry.changes == {"sessions_ended": [None, 1]}


def test_secretariat_ends_a_persons_sessions_from_the_people_page(app, client_as, secretariat):
    """Secretariat: the person's page shows their sessions and signs them out everywhere."""
    first, second = client_as("member@example.org"), client_as("member@example.org")
    path = f"/admin/users/{_user_id('member@example.org')}"
    page = text(secretariat.get(path))
    assert "2 active sessions" in page and "Sign out of every session" in page
    response = secretariat.post_form(f"{path}/end-sessions")
    assert response.status_code == 302
    assert "is signed out of 2 sessions" in text(secretariat.get(response.headers["Location"]))
    assert _refused(first.get("/")) and _refused(second.get("/"))
    assert "Not signed in anywhere" in text(secretariat.get(path))
    (entry,) = _audit("sessions_ended")
    assert entry.actor_id == _user_id("secretariat@example.org") and entry.record_id == _user_id("member@example.org")


@pytest.mark.parametrize("email", ["chair@example.org", "member@example.org"])
def test_only_the_secretariat_ends_someone_elses_sessions(client_as, email):
    """Anyone else: ending a person's sessions is refused and changes nothing."""
    target = client_as("lead.leeds@example.org")
    asker = client_as(email)
    assert asker.post_form(f"/admin/users/{_user_id('lead.leeds@example.org')}/end-sessions").status_code == 403
    assert target.get("/").status_code == 200
    assert not _audit("sessions_ended")


def test_the_secretariat_cannot_end_their_own_session_from_the_people_page(secretariat):
    """Secretariat: their own sessions are ended from the account page, not the people page."""
    response = secretariat.post_form(f"/admin/users/{_user_id('secretariat@example.org')}/end-sessions")
    assert response.status_code == 302
    assert "use your account page" in text(secretariat.get(response.headers["Location"]))
    assert secretariat.get("/").status_code == 200


def test_people_compare_as_rows_not_as_sign_ins(app):
    """Developers: two people are never equal for having no session, the same row always is."""
    leeds, wakefield = (
        db.session.scalar(sa.select(User).where(User.email == e))
        for e in ("lead.leeds@example.org", "lead.wakefield@example.org")
    )
    assert leeds != wakefield and not leeds == wakefield
    assert leeds == db.session.get(User, leeds.id)

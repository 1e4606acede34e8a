"""Signing in and out, throttling and sessions, through HTTP as a person does."""

import sqlalchemy as sa

from board.auth.models import SignInFailure
from board.extensions import db
from board.people.models import User
from tests.conftest import DEMO_PASSWORD, text


def test_home_asks_anonymous_visitors_to_sign_in(client):
    """Anyone not signed in is sent to the sign-in page, keeping where they were going."""
    response = client.get("/bodies")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_secretariat_signs_in_and_lands_home(client):
    """A right e-mail and password signs in and shows the person's name."""
    response = client.post_form("/sign-in", {"email": "Secretariat@Example.org ", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/")
    assert "Welcome, Priya Natarajan" in text(page)


def test_wrong_password_and_unknown_email_get_the_same_message(client):
    """The message never reveals whether an e-mail has an account; the e-mail typed is kept."""
    wrong = client.post_form("/sign-in", {"email": "chair@example.org", "password": "nope"})
    unknown = client.post_form("/sign-in", {"email": "nobody@example.org", "password": "nope"})
    for response, email in ((wrong, "chair@example.org"), (unknown, "nobody@example.org")):
        page = response.get_data(as_text=True)
        assert "There is a problem" in page
        assert "Enter a correct email address and password" in page
        assert f'value="{email}"' in page


def test_sign_in_form_errors_are_summarised(client):
    """An empty form says what to fix, with links to the fields."""
    page = client.post_form("/sign-in", {"email": "", "password": ""}).get_data(as_text=True)
    assert 'href="#email"' in page and "Enter an email address" in page
    assert 'href="#password"' in page and "Enter your password" in page


def test_throttling_holds_per_account_and_counts_live_in_the_database(app, client):
    """After five failures the account is paused, even with the right password."""
    for _ in range(5):
        client.post_form("/sign-in", {"email": "chair@example.org", "password": "wrong"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SignInFailure)) == 10  # account + address
    response = client.post_form("/sign-in", {"email": "chair@example.org", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    # Another account from another address is not affected.
    other = app.test_client()
    ok = other.post_form(
        "/sign-in", {"email": "member@example.org", "password": DEMO_PASSWORD}, environ_base={"REMOTE_ADDR": "10.9.9.9"}
    )
    assert ok.status_code == 302


def test_throttling_per_address(app, client):
    """One address trying many accounts is paused too."""
    app.config["SIGNIN_MAX_PER_ADDRESS"] = 3
    for i in range(3):
        client.post_form("/sign-in", {"email": f"guess{i}@example.org", "password": "x"})
    response = client.post_form("/sign-in", {"email": "member@example.org", "password": DEMO_PASSWORD})
    assert response.status_code == 429


def test_deactivated_user_cannot_sign_in(client):
    response = client.post_form("/sign-in", {"email": "former.member@example.org", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_sign_out_needs_post_with_csrf(client_as):
    """Sign out is a POST with a token; a GET or a forged POST does nothing."""
    c = client_as("member@example.org")
    assert c.get("/sign-out").status_code == 405
    assert c.post("/sign-out").status_code == 400  # no CSRF token
    assert c.get("/").status_code == 200
    c.post_form("/sign-out")
    assert c.get("/").status_code == 302


def test_no_open_redirect_after_sign_in(client):
    """?next= only ever leads to a page on this site."""
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = client.post_form(
            f"/sign-in?next={target}", {"email": "member@example.org", "password": DEMO_PASSWORD}
        )
        assert response.headers["Location"] == "/", target
        client.post_form("/sign-out")
    response = client.post_form("/sign-in?next=/bodies", {"email": "member@example.org", "password": DEMO_PASSWORD})
    assert response.headers["Location"] == "/bodies"


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client_as):
    first = client_as("member@example.org")
    second = client_as("member@example.org")
    response = first.post_form(
        "/account", {"current": DEMO_PASSWORD, "password": "a new long passphrase", "confirm": "a new long passphrase"}
    )
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302  # signed out
    fresh = app.test_client()
    fresh.sign_in("member@example.org", "a new long passphrase")


def test_password_change_checks_the_current_password(client_as):
    c = client_as("member@example.org")
    page = c.post_form(
        "/account", {"current": "wrong", "password": "a new long passphrase", "confirm": "a new long passphrase"}
    )
    assert "Your current password is not right" in page.get_data(as_text=True)


def test_deactivation_ends_the_users_sessions(client_as, secretariat):
    member = client_as("member@example.org")
    user_id = db.session.scalar(sa.select(User.id).where(User.email == "member@example.org"))
    secretariat.post_form(f"/admin/users/{user_id}/deactivate")
    assert member.get("/").status_code == 302


def test_passwords_are_argon2id_at_owasp_strength(app):
    """Stored hashes are Argon2id; the production defaults meet OWASP's minimum."""
    from board.config import Defaults

    user = db.session.scalar(sa.select(User).where(User.email == "member@example.org"))
    assert user.password_hash.startswith("$argon2id$")
    assert Defaults.PASSWORD_MEMORY_COST >= 19 * 1024 and Defaults.PASSWORD_TIME_COST >= 2


def test_session_cookie_flags(client):
    response = client.post_form("/sign-in", {"email": "member@example.org", "password": DEMO_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_security_headers_and_health(client):
    response = client.get("/healthz")
    assert response.json == {"status": "ok", "database": "ok"}
    page = client.get("/sign-in")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"]
    assert "<script>" not in page.get_data(as_text=True)  # no inline script anywhere


def test_sign_in_computes_one_password_hash_for_known_and_unknown_emails(client, monkeypatch):
    """Anyone: a wrong password, an unknown e-mail and a deactivated account each cost one Argon2 hash."""
    from argon2 import PasswordHasher

    computed = []

    def counting(method):
        def wrapper(self, *args, **kwargs):
            computed.append(method.__name__)
            return method(self, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(PasswordHasher, "hash", counting(PasswordHasher.hash))
    monkeypatch.setattr(PasswordHasher, "verify", counting(PasswordHasher.verify))
    counts = {}
    for email in ("chair@example.org", "nobody@example.org", "former.member@example.org"):
        token = client.csrf_token()
        computed.clear()
        response = client.post("/sign-in", data={"email": email, "password": "wrong", "csrf_token": token})
        assert response.status_code == 200
        counts[email] = len(computed)
    assert counts == {"chair@example.org": 1, "nobody@example.org": 1, "former.member@example.org": 1}

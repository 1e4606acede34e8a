"""Asking for a reset link: the request does the same work for any e-mail, and the mail
worker sends the link, only to an active user."""

import re
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import event

from board.auth.models import PasswordResetRequest, UserToken
from board.common.outbox import OutboxMessage
from board.extensions import db
from tests.conftest import run_mail_worker, text


def _statements_of_one_post(client, url: str, data: dict) -> tuple[int, list[str]]:
    """The SQL one POST runs (the CSRF token is fetched first, outside the count)."""
    token = client.csrf_token()
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.post(url, data={**data, "csrf_token": token})
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return response.status_code, statements


def test_forgot_password_does_the_same_database_work_for_known_and_unknown_emails(app, client):
    """Anyone: the request only records itself, whatever the e-mail; no token, no mail yet."""
    known = _statements_of_one_post(client, "/password/forgot", {"email": "chair@example.org"})
    unknown = _statements_of_one_post(client, "/password/forgot", {"email": "stranger@example.org"})
    assert known == unknown
    assert known[0] == 200
    writes = [s for s in known[1] if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) == 1 and "password_reset_request" in writes[0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserToken)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_the_mail_worker_sends_a_link_only_to_the_known_email(app, client, smtp_server):
    """The worker answers both requests: chair@ gets a working link, the stranger nothing."""
    for email in ("chair@example.org", "stranger@example.org", "former.member@example.org"):
        assert client.post_form("/password/forgot", {"email": email}).status_code == 200
    assert smtp_server.messages == []
    run_mail_worker()
    assert [e.rcpt_tos for e in smtp_server.envelopes] == [["chair@example.org"]]
    body = smtp_server.messages[0].get_body(("plain",)).get_content()
    path = re.search(r"http://localhost(/password/set/[\w-]+)", body).group(1)
    assert "Choose a new password" in text(app.test_client().get(path))
    handled = db.session.scalars(sa.select(PasswordResetRequest.handled_at)).all()
    assert len(handled) == 3 and all(handled)
    # Another pass answers nothing twice.
    run_mail_worker()
    assert len(smtp_server.messages) == 1


def _ask(client, email, address="10.0.0.1"):
    return client.post_form("/password/forgot", {"email": email}, environ_base={"REMOTE_ADDR": address})


def _links_sent_to(smtp_server, email) -> list[str]:
    return [
        re.search(r"http://localhost(/password/set/[\w-]+)", m.get_body(("plain",)).get_content()).group(1)
        for m in smtp_server.messages
        if m["To"].addresses[0].addr_spec == email
    ]


def test_thirty_requests_for_one_email_send_three_links_and_each_stays_valid(app, client, smtp_server):
    """Anyone asking again and again: three links an hour per e-mail, and a new one never cancels the last."""
    answers = [_ask(client, "chair@example.org").status_code for _ in range(30)]
    assert answers == [200] * 3 + [429] * 27
    refused = _ask(client, "chair@example.org")
    assert "Too many reset links have been asked for" in text(refused)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PasswordResetRequest)) == 3
    run_mail_worker()
    links = _links_sent_to(smtp_server, "chair@example.org")
    assert len(links) == 3
    visitor = app.test_client()
    assert [visitor.get(path).status_code for path in links] == [200, 200, 200]  # earlier links still work
    # Using one sets the password and spends the others.
    done = visitor.post_form(links[0], {"password": "brand new passphrase", "confirm": "brand new passphrase"})
    assert done.status_code == 302
    assert [app.test_client().get(path).status_code for path in links] == [410, 410, 410]


def test_an_unknown_email_is_limited_exactly_like_a_known_one(client):
    """The limit says nothing about who has an account: an unknown e-mail is refused at the same count."""
    known = [_ask(client, "chair@example.org").status_code for _ in range(4)]
    unknown = [_ask(client, "stranger@example.org").status_code for _ in range(4)]
    assert known == unknown == [200, 200, 200, 429]


def test_one_client_address_asking_for_many_emails_is_limited(app, client):
    """One address trying many e-mails is paused; another address is not."""
    app.config["RESET_MAX_PER_ADDRESS"] = 4
    answers = [_ask(client, f"guess{i}@example.org", "10.6.6.6").status_code for i in range(6)]
    assert answers == [200] * 4 + [429] * 2
    assert _ask(client, "member@example.org", "10.6.6.6").status_code == 429
    assert _ask(client, "member@example.org", "10.7.7.7").status_code == 200


def test_the_counts_live_in_the_database_and_last_an_hour(app, client, database_url, tmp_path):
    """Another worker process (another app on the same database) sees the same counts; an hour later they are gone."""
    from freezegun import freeze_time

    from board import create_app
    from tests.conftest import Client, base_config

    for _ in range(3):
        assert _ask(client, "member@example.org").status_code == 200
    other = create_app(base_config(tmp_path, database_url))
    other.test_client_class = Client
    with other.app_context():
        assert _ask(other.test_client(), "member@example.org", "10.9.9.9").status_code == 429
        db.session.remove()
        db.engine.dispose()
    with freeze_time(timedelta(minutes=61)):
        assert _ask(client, "member@example.org").status_code == 200

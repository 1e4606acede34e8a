"""Asking for a reset link: the request does the same work for any e-mail, and the mail
worker sends the link, only to an active user."""

import re

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

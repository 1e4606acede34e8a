"""Fixtures: a real database per test (SQLite or PostgreSQL), clients that act as users.

The schema and the demo data are built once per run into a template database by the
real migrations and the real seed; each test gets its own copy, so tests are isolated
and fast. ``--db postgresql`` (or BOARD_TEST_DB=postgresql) runs the same tests on a
throwaway PostgreSQL 15 server that the run starts and stops itself.
"""

import os
import re
import shutil
import socket
import threading
import uuid
from contextlib import contextmanager
from email import message_from_bytes, policy

import pytest
from flask import current_app, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event

from board import create_app
from board.extensions import db

DEMO_PASSWORD = "correct-horse-battery-staple"
FAST_HASHING = {"PASSWORD_TIME_COST": 1, "PASSWORD_MEMORY_COST": 8 * 1024, "PASSWORD_PARALLELISM": 1}


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        default=os.environ.get("BOARD_TEST_DB", "sqlite"),
        choices=["sqlite", "postgresql"],
        help="database to run the suite on",
    )


@pytest.fixture(scope="session")
def db_backend(request) -> str:
    return request.config.getoption("--db")


@pytest.fixture(scope="session", autouse=True)
def _isolated_instance(tmp_path_factory):
    """Never read or write the developer's instance/ folder from the tests."""
    folder = tmp_path_factory.mktemp("instance")
    old = os.environ.get("BOARD_INSTANCE_PATH")
    os.environ["BOARD_INSTANCE_PATH"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("BOARD_INSTANCE_PATH", None)
    else:
        os.environ["BOARD_INSTANCE_PATH"] = old


@pytest.fixture(scope="session")
def pg_server(db_backend):
    if db_backend != "postgresql":
        yield None
        return
    from tests.pg import ThrowawayPostgres

    server = ThrowawayPostgres().start()
    yield server
    server.stop()


def base_config(tmp_path, database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "MAIL_SERVER": None,
        "BOARD_BASE_URL": "http://localhost",
        "SERVER_NAME": None,
        **FAST_HASHING,
    }


def build_schema_and_seed(database_url: str, tmp_path) -> None:
    """Run the real migrations and the real demo seed into a database."""
    from flask_migrate import upgrade

    from board.seed import seed_demo

    app = create_app(base_config(tmp_path, database_url))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        seed_demo(DEMO_PASSWORD)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def template_database(db_backend, pg_server, tmp_path_factory):
    """The migrated, seeded database every test copies."""
    tmp = tmp_path_factory.mktemp("template")
    if db_backend == "sqlite":
        path = tmp / "template.sqlite"
        build_schema_and_seed(f"sqlite:///{path}", tmp)
        return path
    pg_server.execute("CREATE DATABASE board_template")
    build_schema_and_seed(pg_server.url("board_template"), tmp)
    return "board_template"


@pytest.fixture
def database_url(db_backend, pg_server, template_database, tmp_path):
    """A fresh copy of the template database for one test."""
    if db_backend == "sqlite":
        path = tmp_path / "board.sqlite"
        shutil.copy(template_database, path)
        yield f"sqlite:///{path}"
        return
    name = f"t_{uuid.uuid4().hex[:12]}"
    pg_server.execute(f"CREATE DATABASE {name} TEMPLATE {template_database}")
    yield pg_server.url(name)
    pg_server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def empty_database_url(db_backend, pg_server, tmp_path):
    """An empty database (no schema) on the backend under test."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    name = f"e_{uuid.uuid4().hex[:12]}"
    pg_server.execute(f"CREATE DATABASE {name}")
    yield pg_server.url(name)
    pg_server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(base_config(tmp_path, database_url))
    app.test_client_class = Client
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


class Client(FlaskClient):
    """A test client that acts as a person does: it fetches a form's CSRF token first."""

    def open(self, *args, **kwargs):
        # Each request gets its own app context (its own g and database session), as
        # in production, even though the test itself holds one open. The test's own
        # session commits around each request, so what the test set up is visible to
        # the request and what the request wrote is visible to the test.
        outer = db.session() if has_app_context() else None
        if outer is not None:
            outer.commit()
        try:
            with self.application.app_context():
                return super().open(*args, **kwargs)
        finally:
            if outer is not None:
                outer.commit()

    def csrf_token(self) -> str:
        page = self.get("/password/forgot").get_data(as_text=True)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD):
        response = self.post_form("/sign-in", {"email": email, "password": password})
        assert response.status_code == 302, f"could not sign in as {email}"
        return response


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def client_as(app):
    """client_as("lead.leeds@example.org") gives a client signed in as that person."""

    def make(email: str) -> Client:
        c = app.test_client()
        c.sign_in(email)
        return c

    return make


@pytest.fixture
def secretariat(client_as) -> Client:
    return client_as("secretariat@example.org")


def text(response) -> str:
    """The page's visible text with tags stripped and spaces collapsed (for assertions)."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _visible(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def messages(response) -> list[str]:
    """The texts of the page's message banners and error summaries (what a flash or a failed form says)."""
    html = response.get_data(as_text=True)
    banners = re.findall(r'<p class="govuk-notification-banner__heading">(.*?)</p>', html, flags=re.S)
    summaries = re.findall(r'<div class="govuk-error-summary__body">(.*?)</div>\s*</div>', html, flags=re.S)
    return [_visible(part) for part in banners + summaries]


def field_value(response, name: str) -> str | None:
    """What a form field shows after the page is rendered (a textarea's text or an input's value)."""
    import html as html_lib

    page = response.get_data(as_text=True)
    area = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, flags=re.S)
    if area:
        return html_lib.unescape(area.group(1)).strip("\r\n")
    tag = re.search(rf'<input(?=[^>]*name="{re.escape(name)}")[^>]*>', page)
    if tag:
        value = re.search(r'value="([^"]*)"', tag.group(0))
        return html_lib.unescape(value.group(1)) if value else ""
    return None


@contextmanager
def statements():
    """The SQL statements run inside the block, in order: ``with statements() as seen: …``."""
    seen: list[str] = []

    def _record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", _record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", _record)


@contextmanager
def count_queries():
    """Count the SQL statements run inside the block: ``with count_queries() as n: …; n()``."""
    with statements() as seen:
        yield lambda: len(seen)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Inbox:
    """What a real SMTP server on loopback received, and how many connections greeted it.

    ``refuse_data`` set to a reply such as ``"451 4.3.0 try later"`` makes the server
    refuse every message with it.
    """

    def __init__(self):
        self.messages = []
        self.envelopes = []
        self.sessions = []
        self.refuse_data = None
        self._lock = threading.Lock()

    @property
    def connections(self) -> int:
        """SMTP connections that said EHLO or HELO (smtplib greets once per connection)."""
        return len(self.sessions)

    def _greeted(self, session, hostname) -> None:
        session.host_name = hostname  # what aiosmtpd does itself when there is no hook
        with self._lock:
            if not any(s is session for s in self.sessions):
                self.sessions.append(session)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self._greeted(session, hostname)
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        self._greeted(session, hostname)
        return f"250 {server.hostname}"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            return self.refuse_data
        with self._lock:
            self.envelopes.append(envelope)
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return f"250 2.0.0 OK queued as TEST{len(self.messages)}"


def run_mail_worker() -> int:
    """One pass of the mail worker (``flask --app board mail-worker --once``) in its own
    app context and database session, as the separate process would; returns messages sent."""
    from board.common import mailworker

    app = current_app._get_current_object()
    db.session.commit()  # what the test set up is visible to the worker
    with app.app_context():
        sent = mailworker.run(once=True)
    db.session.commit()  # and what the worker recorded is visible to the test
    return sent


@pytest.fixture
def smtp_server(app):
    """A real aiosmtpd server on 127.0.0.1; the app is pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    inbox.port = controller.port
    yield inbox
    controller.stop()


# Browser journeys anywhere in tests/ share these fixtures and one Chromium.
from tests.browser_support import (  # noqa: E402,F401
    LiveServer,
    axe_check,
    browser,
    live_server,
    page,
    pytest_runtest_makereport,
    sign_in,
)


def pytest_collection_modifyitems(items):
    """Everything that drives Chromium is marked ``browser`` (``-m "not browser"`` skips them)."""
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)

"""Rendered pages, kept per reader until the data changes.

Most of what a page costs is building it: loading rows into objects and running the
template. Between two writes, the same person asking for the same address gets the
same page, so each worker keeps the pages it rendered and serves them again while
nothing has changed.

*Nothing has changed* is the database's **generation**: a random token in a one-row
table that every transaction which writes replaces as its last statement before
COMMIT (`_bump`). It is written in the same transaction as the change, so a reader
can never see the new data under the old token; it is read from the database on
every request, so every worker and process (the web workers, ``send-reminders``
from cron, ``restore``) sees every other's writes at once. Any write by anyone ends
every cached page, which is coarse but cannot miss a dependency. A transaction counts
as writing unless every statement in it is a known read (`is_write`), or writes only
tables no page shows (failed sign-ins, the mail outbox). Migrations replace the token
once at the end (`bump`), and ``restore`` runs them.

What it cannot see: writes that bypass SQLAlchemy (``sqlite3`` or ``psql`` by hand),
AUTOCOMMIT connections and two-phase commits (the app uses neither). After such a
write, pages may be up to a minute old. The table must exist before the app writes,
so run ``init-db`` (the migrations) before starting a new release, as the README says.

A page also depends on the time ("overdue", "next meeting"), so its key carries the
current minute, and on who asks: the key carries the reader's id and the session's
CSRF secret (forms on the page embed a token made from it). A cached page is served
only to a session that is still valid (the same check as signing in on every page:
the user is enabled and the session token matches), and only pages that rendered a
200 without touching the session (no flash messages shown, no new CSRF secret) are
kept. Views opt in with ``@cached_page``; anything that is not a plain read stays out.

The cache is per worker, bounded in bytes (``PAGE_CACHE_MAX_BYTES``, 0 turns it off),
and dropped least-recently-used first.
"""

import re
import secrets
import threading
from collections import OrderedDict
from contextlib import contextmanager
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, make_response, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from board.common.models import utcnow
from board.extensions import db

# A transaction that commits counts as a write unless every statement in it is one of
# these reads (so a statement this does not know, e.g. one that starts with a comment or a
# WITH, counts as a write), or writes only to tables that no page shows.
_READS = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "SHOW")
# Throttling counts, mail waiting to go, reset requests (anyone may make one: they must not end the kept pages).
_UNSEEN_TABLES = {"sign_in_failure", "outbox_message", "password_reset_request"}
_TARGET = re.compile(r'(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?\s', re.IGNORECASE)
# A connection whose info carries this key never bumps (Alembic's, while the table may not exist).
SKIP = "page_cache_skip"
_WROTE = "page_cache_wrote"


class DataGeneration(db.Model):
    """One row: a token replaced by every transaction that writes (see the module)."""

    __tablename__ = "data_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32))


_installed = False


def install_generation_tracking() -> None:
    """Bump the generation in every transaction that wrote, on every engine."""
    global _installed
    if _installed:
        return
    _installed = True

    @event.listens_for(Engine, "begin")
    def _on_begin(conn):
        conn.info.pop(_WROTE, None)

    @event.listens_for(Engine, "before_cursor_execute")
    def _on_execute(conn, cursor, statement, parameters, context, executemany):
        if _WROTE not in conn.info and is_write(statement):
            conn.info[_WROTE] = True

    @event.listens_for(Engine, "commit")
    def _on_commit(conn):
        if conn.info.pop(_WROTE, None) and not conn.info.get(SKIP):
            _bump(conn)


def is_write(statement: str) -> bool:
    """Whether a statement may change what a page shows (when unsure: yes)."""
    head = statement.lstrip()[:10].upper()
    if head.startswith(_READS):
        return False
    target = _TARGET.match(statement.lstrip())
    return not (target and target.group(1).lower() in _UNSEEN_TABLES)


def bump(conn) -> None:
    """Replace the generation now, in ``conn``'s transaction (after migrations and restores)."""
    if sa.inspect(conn).has_table(DataGeneration.__tablename__):
        _bump(conn)


def _bump(conn) -> None:
    # Straight on the DBAPI cursor: inside COMMIT, below SQLAlchemy's own execution.
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(f"UPDATE data_generation SET token = '{secrets.token_hex(16)}' WHERE id = 1")
    finally:
        cursor.close()


# --- the cache -------------------------------------------------------------------------------


class _Store:
    """Least-recently-used, bounded by the bytes of the bodies it holds; thread-safe."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry) -> None:
        size = len(entry[2])
        if size > self.max_bytes // 8:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[2])
            self.entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[2])


_READER = sa.text(
    "SELECT u.session_token, u.is_enabled, d.token FROM \"user\" u, data_generation d "
    "WHERE u.id = :user_id AND d.id = 1"
).columns(sa.column("session_token", sa.String), sa.column("is_enabled", sa.Boolean), sa.column("token", sa.String))
_GENERATION = sa.text("SELECT token FROM data_generation WHERE id = 1")


def cached_page(view=None, *, public: bool = False):
    """Serve this GET view from the page cache (``public``: the same for anyone, no session)."""
    def decorate(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            response = make_response(fn(*args, **kwargs))
            key = g.pop("page_cache_key", None)
            if key is not None and _keepable(response):
                _store().put(key, (response.status_code, _kept_headers(response), response.get_data()))
            return response

        wrapper.page_cache = "public" if public else "reader"
        return wrapper

    return decorate(view) if view is not None else decorate


def _store() -> _Store:
    return current_app.extensions["page_cache"]


def _keepable(response) -> bool:
    return (response.status_code == 200 and not response.is_streamed and not response.direct_passthrough
            and "Set-Cookie" not in response.headers and not session.modified)


def _kept_headers(response) -> list[tuple[str, str]]:
    return [(k, v) for k, v in response.headers.items() if k not in ("Set-Cookie", "Vary", "Content-Length")]


def _key():
    """The request's cache key, or None when it must be rendered (not cacheable, or not signed in)."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    kind = getattr(view, "page_cache", None)
    if kind is None or request.method not in ("GET", "HEAD"):
        return None
    minute = int(utcnow().timestamp() // 60)
    # The whole address (host, path, query), read raw: request.url decodes and rebuilds it.
    environ = request.environ
    address = (request.scheme, request.host, environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
    conn = db.session.connection()
    if kind == "public":
        generation = conn.execute(_GENERATION).scalar_one_or_none()
        return None if generation is None else (address, None, None, generation, minute)
    if "_flashes" in session:
        return None  # messages waiting to be shown: render (and show them)
    user_id, _, token = str(session.get("_user_id") or "").partition(":")
    if not user_id.isdigit():
        return None
    # None until a page with a form makes one; that page changes the session, so is not kept.
    csrf_secret = session.get("csrf_token")
    row = conn.execute(_READER, {"user_id": int(user_id)}).first()
    if row is None or not row.is_enabled or row.session_token != token:
        return None  # the normal path refuses this session
    return (address, int(user_id), csrf_secret, row.token, minute)


@contextmanager
def rendering_every_time(app):
    """Within the block, every page is rendered (e.g. to count what rendering costs)."""
    store = app.extensions["page_cache"]
    kept, store.max_bytes = store.max_bytes, 0
    try:
        yield
    finally:
        store.max_bytes = kept


def init_app(app) -> None:
    install_generation_tracking()
    app.extensions["page_cache"] = _Store(int(app.config.get("PAGE_CACHE_MAX_BYTES", 0)))

    # App-level before_request functions run before the blueprints' (which load the user).
    @app.before_request
    def _serve_cached():
        if not _store().max_bytes:
            return None
        key = _key()
        if key is None:
            return None
        entry = _store().get(key)
        if entry is None:
            g.page_cache_key = key
            return None
        status, headers, body = entry
        response = current_app.response_class(body, status=status, headers=headers)
        if response.headers.get("ETag"):
            response = response.make_conditional(request)
        return response

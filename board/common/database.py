"""Database behaviour that every engine shares: SQLite pragmas and write locking."""

import sqlite3

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

_installed = False

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def install_sqlite_pragmas() -> None:
    """Foreign keys on, WAL, a busy timeout, and BEGIN IMMEDIATE for writes.

    A deferred SQLite transaction that reads and then writes can fail at once with
    "database is locked" when another writer got there first: the busy timeout does
    not apply to that upgrade. Taking the write lock at BEGIN makes a writer wait its
    turn instead. Reads (GET requests) begin deferred, so WAL lets them run alongside;
    so do commands, which run alone.
    """
    global _installed
    if _installed:
        return
    _installed = True

    @event.listens_for(Engine, "connect")
    def _on_connect(dbapi_connection, _record):
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(Engine, "begin")
    def _on_begin(conn):
        if conn.dialect.name != "sqlite":
            return
        writing = has_request_context() and request.method not in READ_METHODS
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

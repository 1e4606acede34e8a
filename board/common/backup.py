"""Consistent backups while the app runs, and restores: SQLite's backup API, pg_dump for PostgreSQL."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

PG_BIN_CANDIDATES = ["/usr/lib/postgresql/15/bin"]


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in PG_BIN_CANDIDATES:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    raise BackupError(f"{name} was not found; install the PostgreSQL client tools")


def _pg_args(url) -> tuple[list[str], dict]:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    args = ["-h", url.host or "localhost", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    return args, env


def backup(database_url: str, target: Path) -> Path:
    """Write a consistent copy of the database to ``target`` without stopping the app."""
    url = make_url(database_url)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest)  # page by page, consistent while others write
        finally:
            dest.close()
            source.close()
        return target
    args, env = _pg_args(url)
    result = subprocess.run(
        [_pg_tool("pg_dump"), *args, "--format=custom", "--no-owner", "-f", str(target), url.database],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or "pg_dump failed")
    return target


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with a backup made by :func:`backup`."""
    url = make_url(database_url)
    source = Path(source)
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    if url.get_backend_name() == "sqlite":
        src = sqlite3.connect(source)
        dest = sqlite3.connect(url.database)
        try:
            with dest:
                src.backup(dest)
        finally:
            dest.close()
            src.close()
        return
    args, env = _pg_args(url)
    result = subprocess.run(
        [
            _pg_tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "-d",
            url.database,
            str(source),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or "pg_restore failed")

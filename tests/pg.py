"""A throwaway PostgreSQL 15 server for the test run, started and stopped by pytest.

initdb refuses to run as root, so when the tests run as root the server runs as the
``postgres`` user. It listens on a free loopback port with a private socket folder,
with durability switched off because the data dies with the run.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("BOARD_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class ThrowawayPostgres:
    """Start with start(), get URLs with url(name), stop with stop()."""

    def __init__(self):
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="board-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"

    def start(self) -> "ThrowawayPostgres":
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError(f"PostgreSQL binaries not found in {PG_BIN}")
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        subprocess.run(
            _as_server_user(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "board",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            _as_server_user(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"]
            ),
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 30
        while (
            subprocess.run(
                [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True
            ).returncode
            != 0
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not start: " + self.log.read_text())
            time.sleep(0.2)
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://board@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=board dbname=postgres", autocommit=True) as conn:
            conn.execute(sql)

    def stop(self) -> None:
        subprocess.run(
            _as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)

"""A throwaway Dovecot IMAP server for the tests, started and stopped by pytest.

Debian's ``dovecot-imapd`` run as an unprivileged instance with its own config folder:
implicit TLS (a self-signed certificate made for the run) on a free loopback port, one
user in a passwd-file, mail in a temporary Maildir. When the tests run as root, the
server runs as the ``dovecot`` user, as initdb does for PostgreSQL in tests/pg.py.

XOAUTH2 is offered too: Dovecot 2.3 checks the bearer token against the passdb, so the
user's password doubles as a valid access token (a real site's server asks its
identity provider instead).
"""

import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = Path(os.environ.get("BOARD_DOVECOT", "/usr/sbin/dovecot"))
USER = "secretariat"
PASSWORD = "imap-test-password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayDovecot:
    """start(), then connect() or the settings in config(); stop() removes everything."""

    def __init__(self):
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="board-imap-"))
        self.conf = self.root / "dovecot.conf"
        self.cert = self.root / "cert.pem"
        self.run_as = "dovecot" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name

    def _cmd(self, *args: str) -> list[str]:
        command = [str(DOVECOT), "-c", str(self.conf), *args]
        return ["runuser", "-u", self.run_as, "--", *command] if os.geteuid() == 0 else command

    def start(self) -> "ThrowawayDovecot":
        if not DOVECOT.exists():
            raise RuntimeError(f"Dovecot not found at {DOVECOT}: apt-get install -y dovecot-imapd")
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                str(self.root / "key.pem"),
                "-out",
                str(self.cert),
            ],
            check=True,
            capture_output=True,
        )
        account = pwd.getpwnam(self.run_as)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        (self.root / "mail").mkdir()
        # Under libfaketime (scripts/test-dates) the mail server must share the app's clock, as
        # it does in production: Dovecot clears its environment unless told what to keep.
        faked = [name for name in ("LD_PRELOAD", "FAKETIME") if name in os.environ]
        keep = " ".join(["TZ", *(f"{name}={os.environ[name]}" for name in faked)])
        self.conf.write_text(f"""
import_environment = {keep}
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
instance_name = board-test-{self.port}
protocols = imap
listen = 127.0.0.1
default_internal_user = {self.run_as}
default_internal_group = {account.pw_name if os.geteuid() else "dovecot"}
default_login_user = {self.run_as}
first_valid_uid = {account.pw_uid}
first_valid_gid = {account.pw_gid}
ssl = required
ssl_cert = <{self.cert}
ssl_key = <{self.root}/key.pem
auth_mechanisms = plain login xoauth2
disable_plaintext_auth = yes
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/passwd
}}
userdb {{
  driver = static
  args = uid={account.pw_uid} gid={account.pw_gid} home={self.root}/home/%u
}}
mail_location = maildir:{self.root}/mail/%u
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service pop3-login {{
  chroot =
}}
service submission-login {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""")
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", f"{account.pw_uid}:{account.pw_gid}", str(self.root)], check=True)
        # Dovecot forks into the background: its children must not hold our pipes open.
        with (self.root / "start.log").open("wb") as out:
            subprocess.run(self._cmd(), check=True, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        deadline = time.monotonic() + 20
        while True:
            try:
                self.connect().logout()
                return self
            except (OSError, imaplib.IMAP4.error):
                if time.monotonic() > deadline:
                    log = self.root / "dovecot.log"
                    raise RuntimeError("Dovecot did not start: " + (log.read_text() if log.exists() else "")) from None
                time.sleep(0.2)

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def connect(self) -> imaplib.IMAP4_SSL:
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=self.ssl_context(), timeout=10)
        conn.login(USER, PASSWORD)
        return conn

    def config(self, **overrides) -> dict:
        """The app's IMAP settings for this server."""
        return {
            "IMAP_SERVER": "127.0.0.1",
            "IMAP_PORT": self.port,
            "IMAP_TLS": "ssl",
            "IMAP_TLS_CA_FILE": str(self.cert),
            "IMAP_USERNAME": USER,
            "IMAP_PASSWORD": PASSWORD,
            "IMAP_FOLDER": "INBOX",
            "IMAP_PROCESSED_FOLDER": None,
            "IMAP_OAUTH2_TOKEN_COMMAND": None,
            **overrides,
        }

    def empty(self) -> None:
        """Delete every message and every folder but INBOX (between tests)."""
        conn = self.connect()
        try:
            _, folders = conn.list()
            for line in folders or []:
                name = line.decode().rsplit(' "', 1)[-1].rstrip('"') if line else ""
                if name and name.upper() != "INBOX":
                    conn.delete(f'"{name}"')
            _, count = conn.select("INBOX")
            if int(count[0]):
                conn.store("1:*", "+FLAGS.SILENT", "(\\Deleted)")
                conn.expunge()
        finally:
            conn.logout()

    def stop(self) -> None:
        subprocess.run(
            self._cmd("stop"),
            check=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.root, ignore_errors=True)

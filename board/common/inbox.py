"""Reading the secretariat's mailbox: over IMAP (TLS; a password or OAuth 2), or from a folder.

An inbox yields :class:`InboxMessage` items: the Message-ID comes first (cheap), so the
caller can skip what it has read before without downloading it; ``load()`` fetches the
whole message without marking it read. ``mark_done()`` moves a handled message to the
processed folder, or flags it (seen, and a keyword where the server allows keywords).
"""

import imaplib
import re
import shlex
import ssl
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Self

DONE_KEYWORD = "$BoardReplyRead"


class InboxError(Exception):
    """The mailbox could not be read; the message is for the operator."""


@dataclass
class InboxMessage:
    ref: object
    message_id: str
    load: Callable[[], bytes]


def _message_id(header_bytes: bytes) -> str:
    return str(message_from_bytes(header_bytes, policy=policy.default).get("Message-ID", "") or "").strip()


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapInbox:
    """One folder of an IMAP mailbox, read over TLS (implicit, or STARTTLS)."""

    def __init__(self, config: dict, *, now: datetime):
        self.config = config
        self.since = (now - timedelta(days=int(config.get("IMAP_SINCE_DAYS") or 30))).strftime("%d-%b-%Y")
        self.conn: imaplib.IMAP4 | None = None
        self.keywords_allowed = False
        self.capabilities: set[bytes] = set()

    def __enter__(self) -> Self:
        cfg = self.config
        if not cfg.get("IMAP_SERVER"):
            raise InboxError(
                "Set IMAP_SERVER (and IMAP_USERNAME with a password or a token command), or use --from-dir"
            )
        context = ssl.create_default_context(cafile=cfg.get("IMAP_TLS_CA_FILE") or None)
        host, port = cfg["IMAP_SERVER"], int(cfg.get("IMAP_PORT") or 993)
        try:
            if (cfg.get("IMAP_TLS") or "ssl").lower() == "starttls":
                self.conn = imaplib.IMAP4(host, port, timeout=60)
                self.conn.starttls(ssl_context=context)
            else:
                self.conn = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=60)
            self._authenticate()
            # Servers announce more once signed in (MOVE, UIDPLUS): ask again.
            _, data = self.conn.capability()
            self.capabilities = set((data[0] or b"").upper().split())
            status, _ = self.conn.select(_quote(cfg.get("IMAP_FOLDER") or "INBOX"))
            if status != "OK":
                raise InboxError(f"No folder {cfg.get('IMAP_FOLDER')!r} in the mailbox")
        except (OSError, imaplib.IMAP4.error) as error:
            self.close()
            raise InboxError(f"Could not read the mailbox at {host}:{port}: {error}") from error
        flags = self.conn.untagged_responses.get("OK", [])
        self.keywords_allowed = any(b"PERMANENTFLAGS" in line and b"\\*" in line for line in flags)
        return self

    def _authenticate(self) -> None:
        cfg = self.config
        user = cfg.get("IMAP_USERNAME") or ""
        command = cfg.get("IMAP_OAUTH2_TOKEN_COMMAND")
        if command:
            token = oauth2_token(command)
            sasl = f"user={user}\x01auth=Bearer {token}\x01\x01".encode()
            self.conn.authenticate("XOAUTH2", lambda _challenge: sasl)
        else:
            self.conn.login(user, cfg.get("IMAP_PASSWORD") or "")

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.conn is None:
            return
        try:
            if self.conn.state == "SELECTED":
                self.conn.close()
            self.conn.logout()
        except (OSError, imaplib.IMAP4.error):
            pass
        self.conn = None

    def messages(self) -> Iterator[InboxMessage]:
        status, data = self.conn.uid("SEARCH", None, "SINCE", self.since)
        if status != "OK":
            raise InboxError(f"The mailbox refused a search: {data!r}")
        uids = (data[0] or b"").split()
        for start in range(0, len(uids), 200):
            chunk = uids[start : start + 200]
            # Message-IDs first, in one round trip: most messages were read on an earlier run.
            status, parts = self.conn.uid("FETCH", b",".join(chunk), "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
            headers = {}
            for part in parts if status == "OK" else []:
                found = re.search(rb"UID (\d+)", part[0]) if isinstance(part, tuple) else None
                if found:
                    headers[found.group(1)] = part[1]
            for uid in chunk:
                yield InboxMessage(uid, _message_id(headers.get(uid, b"")), lambda uid=uid: self._load(uid))

    def _load(self, uid: bytes) -> bytes:
        status, parts = self.conn.uid("FETCH", uid, "(BODY.PEEK[])")
        raw = next((p[1] for p in parts if isinstance(p, tuple)), None) if status == "OK" else None
        if raw is None:
            raise InboxError(f"Could not fetch message {uid.decode()}")
        return raw

    def mark_done(self, uid: bytes) -> None:
        folder = self.config.get("IMAP_PROCESSED_FOLDER")
        if folder:
            if b"MOVE" in self.capabilities:
                self.conn.uid("MOVE", uid, _quote(folder))
                return
            self.conn.uid("COPY", uid, _quote(folder))
            self.conn.uid("STORE", uid, "+FLAGS.SILENT", "(\\Deleted)")
            if b"UIDPLUS" in self.capabilities:
                self.conn.uid("EXPUNGE", uid)
            return
        flags = "(\\Seen " + DONE_KEYWORD + ")" if self.keywords_allowed else "(\\Seen)"
        self.conn.uid("STORE", uid, "+FLAGS.SILENT", flags)


def oauth2_token(command: str) -> str:
    """The access token the configured command prints (it refreshes the token itself)."""
    try:
        done = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as error:
        raise InboxError(f"IMAP_OAUTH2_TOKEN_COMMAND failed: {error}") from error
    token = done.stdout.strip()
    if not token:
        raise InboxError("IMAP_OAUTH2_TOKEN_COMMAND printed no token")
    return token


class FolderInbox:
    """Mail delivered to disk: a Maildir (new/ and cur/) or a folder of .eml files.

    A handled Maildir message moves to cur/ flagged seen (``:2,S``); a handled .eml file
    moves into a ``processed`` folder beside it.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.is_maildir = (self.folder / "new").is_dir() and (self.folder / "cur").is_dir()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def _files(self) -> list[Path]:
        if self.is_maildir:
            return sorted(p for d in ("new", "cur") for p in (self.folder / d).iterdir() if p.is_file())
        return sorted(p for p in self.folder.iterdir() if p.is_file() and p.suffix.lower() == ".eml")

    def messages(self) -> Iterator[InboxMessage]:
        for path in self._files():
            with path.open("rb") as f:
                header = b"".join(_header_lines(f))
            yield InboxMessage(path, _message_id(header), path.read_bytes)

    def mark_done(self, path: Path) -> None:
        if self.is_maildir:
            name = path.name.split(":2,")[0]
            flags = path.name.split(":2,")[1] if ":2," in path.name else ""
            if "S" not in flags:
                flags = "".join(sorted(flags + "S"))
            path.rename(self.folder / "cur" / f"{name}:2,{flags}")
            return
        done = self.folder / "processed"
        done.mkdir(exist_ok=True)
        path.rename(done / path.name)


def _header_lines(f) -> Iterator[bytes]:
    for line in f:
        if line in (b"\n", b"\r\n"):
            return
        yield line

"""Configuration: these defaults, then ``instance/config.py``, then environment variables."""

import os
import secrets
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path


class Defaults:
    """Settings every install starts from; nothing secret lives here."""

    SERVICE_NAME = "West Yorkshire Combating Drugs Partnership"
    BOARD_BASE_URL = "http://127.0.0.1:5000"
    # The domain in every calendar UID (meeting-42@board.example.org). Unset: taken from
    # BOARD_BASE_URL when the database is first made (init-db) and kept there, so moving
    # the site to a new address changes no UID. Set it only to override that stored value.
    BOARD_CALENDAR_UID_DOMAIN = None
    SQLALCHEMY_DATABASE_URI = None  # filled in from the instance folder when unset
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "board_session"
    # Sessions are rows (board/auth/sessions.py): the server ends one after this long
    # without a request, or this long after sign-in, whatever the cookie says.
    SESSION_IDLE_MINUTES = 120
    SESSION_LIFETIME_HOURS = 12
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 12
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    AGENDA_PAPER_MAX_BYTES = 20 * 1024 * 1024  # each paper; under MAX_CONTENT_LENGTH
    # Argon2id, above OWASP's floor (m=19 MiB, t=2, p=1); tests lower these for speed.
    PASSWORD_TIME_COST = 3
    PASSWORD_MEMORY_COST = 64 * 1024
    PASSWORD_PARALLELISM = 4
    # Sign-in throttling: failures within the window, per account and per address.
    SIGNIN_WINDOW_SECONDS = 15 * 60
    SIGNIN_MAX_PER_ACCOUNT = 5
    SIGNIN_MAX_PER_ADDRESS = 20
    INVITATION_VALID_HOURS = 72
    RESET_VALID_HOURS = 2
    # Reset links asked for within the window, per e-mail typed and per client address.
    RESET_WINDOW_SECONDS = 60 * 60
    RESET_MAX_PER_ACCOUNT = 3
    RESET_MAX_PER_ADDRESS = 20
    # Mail: with no MAIL_SERVER, messages are written to instance/outbox/ as .eml files.
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_FROM = "cdp.secretariat@example.org"
    MAIL_FROM_NAME = "CDP Secretariat"
    # The mail worker (board/common/mailworker.py): how often it looks for mail, how much it
    # claims at once, when a message left 'sending' counts as abandoned by a dead worker,
    # the SMTP socket timeout, and how many tries (waits doubling from 1 minute to at most
    # 4 hours, about 8 hours in all) before a message is marked failed.
    MAIL_POLL_SECONDS = 5
    MAIL_BATCH_SIZE = 50
    MAIL_SENDING_TIMEOUT_SECONDS = 10 * 60
    MAIL_TIMEOUT_SECONDS = 15
    MAIL_MAX_ATTEMPTS = 10
    MINUTES_MAX_CHARS = 200_000
    # Calendar replies (flask --app board read-replies): the mailbox MAIL_FROM delivers to.
    # IMAP over TLS ("ssl" on 993, or "starttls"); a password, or OAuth 2 (SASL XOAUTH2)
    # with the access token printed by IMAP_OAUTH2_TOKEN_COMMAND (Microsoft 365, Google).
    IMAP_SERVER = None
    IMAP_PORT = 993
    IMAP_TLS = "ssl"
    IMAP_TLS_CA_FILE = None
    IMAP_USERNAME = None
    IMAP_PASSWORD = None
    IMAP_OAUTH2_TOKEN_COMMAND = None
    IMAP_FOLDER = "INBOX"
    IMAP_PROCESSED_FOLDER = None  # move handled replies here; unset: flag them instead
    IMAP_SINCE_DAYS = 30  # look at messages received in the last this many days
    # Register of interests: gifts and hospitality worth at least this much are registered.
    INTERESTS_GIFT_THRESHOLD_POUNDS = 50
    # Retention (flask --app board apply-retention, PRIVACY.md): days each kind is kept.
    RETENTION_UNSUBMITTED_DRAFT_DAYS = 2 * 365  # update drafts never submitted, after the meeting
    RETENTION_SENT_MAIL_DAYS = 90  # the outbox's copies of mail sent (or failed)
    RETENTION_SIGNIN_FAILURE_DAYS = 30
    RETENTION_ENDED_SESSION_DAYS = 90
    RETENTION_AUDIT_DAYS = 7 * 365
    RETENTION_DEACTIVATED_PERSON_DAYS = 2 * 365  # then anonymised: name kept, contact details and register gone


ENV_KEYS = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "BOARD_BASE_URL": "BOARD_BASE_URL",
    "BOARD_CALENDAR_UID_DOMAIN": "BOARD_CALENDAR_UID_DOMAIN",
    "MAIL_SERVER": "MAIL_SERVER",
    "MAIL_PORT": "MAIL_PORT",
    "MAIL_USE_TLS": "MAIL_USE_TLS",
    "MAIL_USERNAME": "MAIL_USERNAME",
    "MAIL_PASSWORD": "MAIL_PASSWORD",
    "MAIL_FROM": "MAIL_FROM",
    "MAIL_FROM_NAME": "MAIL_FROM_NAME",
    "MAIL_POLL_SECONDS": "MAIL_POLL_SECONDS",
    "MAIL_BATCH_SIZE": "MAIL_BATCH_SIZE",
    "MAIL_SENDING_TIMEOUT_SECONDS": "MAIL_SENDING_TIMEOUT_SECONDS",
    "MAIL_MAX_ATTEMPTS": "MAIL_MAX_ATTEMPTS",
    "BOARD_SESSION_IDLE_MINUTES": "SESSION_IDLE_MINUTES",
    "BOARD_SESSION_LIFETIME_HOURS": "SESSION_LIFETIME_HOURS",
    "IMAP_SERVER": "IMAP_SERVER",
    "IMAP_PORT": "IMAP_PORT",
    "IMAP_TLS": "IMAP_TLS",
    "IMAP_TLS_CA_FILE": "IMAP_TLS_CA_FILE",
    "IMAP_USERNAME": "IMAP_USERNAME",
    "IMAP_PASSWORD": "IMAP_PASSWORD",
    "IMAP_OAUTH2_TOKEN_COMMAND": "IMAP_OAUTH2_TOKEN_COMMAND",
    "IMAP_FOLDER": "IMAP_FOLDER",
    "IMAP_PROCESSED_FOLDER": "IMAP_PROCESSED_FOLDER",
    "IMAP_SINCE_DAYS": "IMAP_SINCE_DAYS",
}


def _coerce(value: str, current):
    """Turn an environment string into the type of the default it replaces."""
    if isinstance(current, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(value)
    return value


def load_config(app, overrides: dict | None = None) -> None:
    """Apply defaults, the instance file, the environment, then test overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for env_name, key in ENV_KEYS.items():
        if env_name in os.environ:
            app.config[key] = _coerce(os.environ[env_name], app.config.get(key))
    if overrides:
        app.config.update(overrides)

    # The cookie lasts as long as the server would accept it.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=app.config["SESSION_LIFETIME_HOURS"])

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'board.sqlite'}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") and find_spec("psycopg") is None:
        raise RuntimeError(
            "DATABASE_URL names PostgreSQL, but its driver is not installed: pip install 'board[postgres]'"
        )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql://"):
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"].replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    app.config.setdefault("OUTBOX_DIR", str(instance / "outbox"))
    if app.config["BOARD_BASE_URL"].startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"


def _instance_secret(path: Path) -> str:
    """Read the generated secret key, making it once (mode 600) on first start."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_hex(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker made it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as f:
            f.write(key)
        return key

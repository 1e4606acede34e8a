"""``flask --app board …`` commands. They parse arguments, call services and commit."""

import os
import secrets
import signal
import threading
from contextlib import contextmanager

import click
from flask import current_app
from flask_migrate import upgrade

from board.extensions import db


def init_app(app) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(send_mail)
    app.cli.add_command(mail_worker)
    app.cli.add_command(send_reminders)
    app.cli.add_command(read_replies)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(render_minutes)


@click.command("init-db")
def init_db():
    """Migrate the database to the latest schema (safe to run again)."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo(f"Database is at the latest schema: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("seed-demo")
@click.option(
    "--scale",
    type=click.Choice(["demo", "large"]),
    default="demo",
    show_default=True,
    help="large adds ten years of history, for benchmarks.",
)
def seed_demo(scale):
    """Load the fictional demo data (safe to run again)."""
    from board.seed import seed_demo as run

    password = os.environ.get("BOARD_DEMO_PASSWORD")
    printed = password is None
    if printed:
        password = secrets.token_urlsafe(12)
    summary = run(password, scale=scale)
    db.session.commit()
    for line in summary:
        click.echo(line)
    if printed:
        click.echo(f"Demo accounts' password (set BOARD_DEMO_PASSWORD to choose it): {password}")


@click.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--organisation", default="West Yorkshire Combined Authority", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user(email, name, organisation, password):
    """Create a secretariat account (the first user of a real install)."""
    import sqlalchemy as sa

    from board.auth.passwords import MIN_LENGTH, hash_password
    from board.auth.services import normalise_email
    from board.people.models import Organisation, OrganisationKind, User

    if len(password) < MIN_LENGTH:
        raise click.BadParameter(f"must be at least {MIN_LENGTH} characters", param_hint="--password")
    if db.session.scalar(sa.select(User.id).where(User.email == normalise_email(email))):
        raise click.BadParameter("a user with this email address already exists", param_hint="--email")
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == organisation))
    if org is None:
        org = Organisation(
            name=organisation, short_name=organisation[:40], kind=OrganisationKind.COMBINED_AUTHORITY.value
        )
        db.session.add(org)
    user = User(
        email=normalise_email(email),
        name=name,
        organisation=org,
        is_secretariat=True,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created secretariat user {user.email}.")


@click.command("mail-worker")
@click.option("--once", is_flag=True, help="Make one pass and exit (for cron and tests).")
@click.option(
    "--poll-seconds", type=float, default=None, help="How often to look for mail (default MAIL_POLL_SECONDS)."
)
def mail_worker(once, poll_seconds):
    """Send queued mail, retrying failures with backoff, until SIGTERM or Ctrl-C."""
    from board.common import mailworker

    stop = threading.Event()
    with _stop_on_signals(stop):
        if not once:
            click.echo("Mail worker started; SIGTERM or Ctrl-C stops it after the message it is sending.")
        sent = mailworker.run(once=once, poll_seconds=poll_seconds, stop=stop)
    click.echo(f"Sent {sent} message{'s' if sent != 1 else ''}.")


@click.command("send-mail")
def send_mail():
    """Make one pass of the mail worker (for cron): send what is due; nothing is sent twice."""
    from board.common import mailworker

    sent = mailworker.run(once=True)
    click.echo(f"Sent {sent} message{'s' if sent != 1 else ''}.")


@click.command("render-minutes")
def render_minutes():
    """Render every minutes' stored HTML again (after the readers' form changes); the text is untouched."""
    from board.minutes.services import render_all

    count = render_all()
    db.session.commit()
    click.echo(f"Rendered {count} set{'s' if count != 1 else ''} of minutes.")


@contextmanager
def _stop_on_signals(stop: threading.Event):
    """SIGTERM and SIGINT set ``stop`` instead of killing mid-message; the old handlers come back after."""

    def handle(_signum, _frame):
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command("send-reminders")
def send_reminders():
    """Queue every due reminder (for cron, daily); nothing is sent twice. The mail worker sends them."""
    from board.common.models import utcnow
    from board.common.reminders import run_all

    results = run_all(utcnow())
    db.session.commit()
    for name, count in results:
        click.echo(f"{name}: {count} queued")


@click.command("read-replies")
@click.option(
    "--from-dir",
    type=click.Path(exists=True, file_okay=False),
    help="Read a Maildir or a folder of .eml files instead of the IMAP mailbox.",
)
def read_replies(from_dir):
    """Record the answers people gave with their calendar's Accept, Tentative or Decline (for cron)."""
    from collections import Counter

    from sqlalchemy.exc import IntegrityError

    from board.common.inbox import FolderInbox, ImapInbox, InboxError
    from board.common.models import utcnow
    from board.meetings import replies
    from board.meetings.ical import site

    now, counts = utcnow(), Counter()
    try:
        with FolderInbox(from_dir) if from_dir else ImapInbox(current_app.config, now=now) as inbox:
            for item in inbox.messages():
                key = replies.message_key(item.message_id) if item.message_id else None
                if key and replies.already_read(key):
                    continue
                try:
                    result = replies.read_message(item.load(), site=site(), now=now, key=key)
                    if result is None:
                        continue
                    db.session.commit()
                except IntegrityError:  # another run read it at the same moment
                    db.session.rollback()
                    continue
                except Exception as error:  # noqa: BLE001  one bad message must not stop the others
                    db.session.rollback()
                    click.echo(f"Could not read message {item.message_id or item.ref}: {error}", err=True)
                    counts["failed"] += 1
                    continue
                if result.is_ours:
                    inbox.mark_done(item.ref)
                counts[result.outcome] += 1
    except InboxError as error:
        raise click.ClickException(str(error)) from error
    click.echo(", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "No new messages.")
    if counts["failed"]:
        raise click.exceptions.Exit(1)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
def backup_command(file):
    """Write a consistent backup of the database to FILE while the app runs."""
    from board.common.backup import BackupError, backup

    try:
        path = backup(db.engine.url.render_as_string(hide_password=False), file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {path}")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(file, yes):
    """Replace the database's contents with the backup in FILE."""
    from board.common.backup import BackupError, restore

    if not yes:
        click.confirm("This replaces everything in the database. Continue?", abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        restore(db.engine.url.render_as_string(hide_password=False), file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    # A backup from an older release is brought to this one's schema.
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo(f"Restored from {file}, at the latest schema")

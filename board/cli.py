"""``flask --app board …`` commands. They parse arguments, call services and commit."""

import os
import secrets

import click
from flask import current_app
from flask_migrate import upgrade

from board.extensions import db


def init_app(app) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(send_mail)
    app.cli.add_command(send_reminders)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(render_minutes)


@click.command("init-db")
def init_db():
    """Migrate the database to the latest schema (safe to run again)."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo(f"Database is at the latest schema: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("seed-demo")
@click.option("--scale", type=click.Choice(["demo", "large"]), default="demo", show_default=True,
              help="large adds ten years of history, for benchmarks.")
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
        org = Organisation(name=organisation, short_name=organisation[:40], kind=OrganisationKind.COMBINED_AUTHORITY.value)
        db.session.add(org)
    user = User(email=normalise_email(email), name=name, organisation=org, is_secretariat=True,
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created secretariat user {user.email}.")


@click.command("send-mail")
def send_mail():
    """Send queued mail and retry failures (for cron); nothing is sent twice."""
    from board.auth.services import prune_failures
    from board.common.mail import send_pending

    sent = send_pending()
    prune_failures()
    db.session.commit()
    click.echo(f"Sent {sent} message{'s' if sent != 1 else ''}.")


@click.command("render-minutes")
def render_minutes():
    """Render every minutes' stored HTML again (after the readers' form changes); the text is untouched."""
    from board.minutes.services import render_all

    count = render_all()
    db.session.commit()
    click.echo(f"Rendered {count} set{'s' if count != 1 else ''} of minutes.")


@click.command("send-reminders")
def send_reminders():
    """Queue every due reminder (for cron, daily); nothing is sent twice."""
    from board.common.mail import deliver_committed
    from board.common.models import utcnow
    from board.common.reminders import run_all

    results = run_all(utcnow())
    db.session.commit()
    deliver_committed()
    for name, count in results:
        click.echo(f"{name}: {count} queued")


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
    # A backup from an older release is brought to this one's schema; the migration run
    # also replaces the data generation, so running workers drop the pages they kept.
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo(f"Restored from {file}, at the latest schema")

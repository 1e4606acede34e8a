"""The privacy notice, the secretariat's subject access export, and ``flask apply-retention``."""

import click
import sqlalchemy as sa
from flask import Blueprint, current_app, render_template, request
from flask_login import current_user, login_required

from board import permissions
from board.audit.services import record
from board.common.access import require
from board.common.exports import attachment
from board.common.timeutil import now_utc, today_london
from board.extensions import db
from board.people.models import User
from board.privacy.retention import apply_retention
from board.privacy.subject_access import subject_access_json

bp = Blueprint("privacy", __name__, cli_group=None)


@bp.get("/privacy")
def notice():
    """Anyone, signed in or not: who holds what about them, why, for how long, and whom to ask."""
    return render_template("privacy/notice.html", settings=current_app.config)


@bp.get("/privacy/subject-access")
@login_required
def subject_access():
    """Secretariat: choose the person whose data to export for a subject access request."""
    require(permissions.can_export_personal_data(current_user))
    people = db.session.scalars(sa.select(User).order_by(User.name)).all()
    chosen = request.args.get("person", type=int)
    return render_template("privacy/subject_access.html", people=people, chosen=chosen)


@bp.get("/privacy/subject-access/<int:user_id>.json")
@login_required
def subject_access_download(user_id: int):
    """Secretariat: everything held about one person, as one JSON download (the export is audited)."""
    require(permissions.can_export_personal_data(current_user))
    person = db.get_or_404(User, user_id)
    data = subject_access_json(person)
    record("subject_access_export", person, actor=current_user)
    db.session.commit()
    return attachment(
        data, mimetype="application/json", filename=f"subject-access-{person.id}-{today_london().isoformat()}.json"
    )


@bp.cli.command("apply-retention")
def apply_retention_command():
    """Remove or anonymise personal data kept longer than the retention settings, and say what went."""
    for line in apply_retention(now_utc()):
        click.echo(line)
    db.session.commit()

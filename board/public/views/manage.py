"""The secretariat's side of the public record: switch a body on, choose what of a meeting
is public, see everything that is, withdraw it in one click."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from board import permissions
from board.agendas.published import agenda_is_published
from board.common.access import require
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body
from board.public import entries, record, services
from board.public.models import PublicEntry

bp = Blueprint("publishing", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user; only the secretariat may go further."""
    require(permissions.can_manage_public_record(current_user))


@bp.get("/publishing")
def index():
    """Secretariat: each body's public record: on or off, and everything public now."""
    bodies = db.session.scalars(sa.select(Body).order_by(Body.id)).all()
    rows = [(body, record.public_body_of(body), entries.describe_entries(body)) for body in bodies]
    return render_template("publishing/index.html", rows=rows)


@bp.post("/publishing/bodies/<slug>")
def body_settings(slug: str):
    """Secretariat: switch a body's public record on or off, and whether it shows venues."""
    body = db.first_or_404(sa.select(Body).where(Body.slug == slug))
    if request.form.get("publish") == "on":
        services.switch_on(body, shows_venue=request.form.get("shows_venue") == "yes", by=current_user)
        db.session.commit()
        flash(f"The {body.name}'s public record is on: what you make public shows at its public page.", "success")
    else:
        if services.switch_off(body, by=current_user):
            db.session.commit()
            flash(
                f"The {body.name}'s public record is off: none of its pages can be read without signing in.", "success"
            )
    return redirect(url_for("publishing.index") + f"#body-{body.slug}")


@bp.route("/publishing/meetings/<int:meeting_id>", methods=["GET", "POST"])
def meeting(meeting_id: int):
    """Secretariat: choose which of the meeting's items, papers, minutes and decisions are public."""
    meeting = db.get_or_404(Meeting, meeting_id)
    public = record.public_body_of(meeting.body)
    error = None
    chosen = None
    if request.method == "POST":
        chosen = set(request.form.getlist("public"))
        try:
            added, withdrawn = services.set_meeting_entries(meeting, chosen, by=current_user)
        except services.UnknownChoice as refusal:
            db.session.rollback()
            error = str(refusal)
        else:
            db.session.commit()
            flash(f"Saved: {added} made public, {withdrawn} withdrawn.", "success")
            return redirect(url_for("publishing.meeting", meeting_id=meeting.id))
    candidates = services.meeting_candidates(meeting)
    if chosen is not None:  # a refused form shows what was ticked, not what is saved
        for candidate in candidates:
            candidate.is_public = candidate.key in chosen
    return render_template(
        "publishing/meeting.html",
        meeting=meeting,
        public=public,
        candidates=candidates,
        error=error,
        agenda_published=agenda_is_published(meeting),
    ), (400 if error else 200)


@bp.post("/publishing/entries/<int:entry_id>/withdraw")
def withdraw(entry_id: int):
    """Secretariat: take one record off the public site at once (recorded in the audit trail)."""
    entry = db.get_or_404(PublicEntry, entry_id)
    body = db.session.get(Body, entry.body_id)
    label = next((row.title for row in entries.describe_entries(body) if row.entry.id == entry.id), None)
    services.withdraw(entry, by=current_user, label=label)
    db.session.commit()
    flash(f"Withdrawn from the public site: {label or 'the record'}.", "success")
    back = request.form.get("back")
    if back == "meeting" and request.form.get("meeting_id", type=int):
        return redirect(url_for("publishing.meeting", meeting_id=request.form.get("meeting_id", type=int)))
    return redirect(url_for("publishing.index") + f"#body-{body.slug}")

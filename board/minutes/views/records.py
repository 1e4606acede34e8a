"""Minutes pages: revisions and restore, attendance, downloads and print (routes in blueprint.py)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.common.exports import attachment, pdf_response
from board.common.forms import ConfirmForm
from board.extensions import db
from board.meetings import attended as day_record
from board.minutes import outputs, services
from board.minutes.forms import AddAttendeeForm, CompareForm, RefreshAttendanceForm, RestoreForm, attendance_form
from board.minutes.models import MinutesAttendee
from board.minutes.views.minutes import _editable, _fail, _readable, _show

# --- revisions (secretariat) ------------------------------------------------------------------


def revisions(minutes_id: int):
    """Secretariat: every saved revision (who, when, why) and a form to compare any two."""
    minutes = _editable(minutes_id)
    form = CompareForm(request.args)
    numbers = [(r.number, f"Revision {r.number}") for r in minutes.revisions]
    form.a.choices = form.b.choices = numbers
    if not request.args:
        form.a.data = minutes.revisions[1].number if len(minutes.revisions) > 1 else minutes.revision
        form.b.data = minutes.revision
    return render_template("minutes/revisions.html", minutes=minutes, meeting=minutes.meeting, form=form)


def compare(minutes_id: int):
    """Secretariat: what changed between two revisions, line by line."""
    minutes = _editable(minutes_id)
    form = CompareForm(request.args)
    old = services.revision(minutes, form.a.data or 0) if form.a.data else None
    new = services.revision(minutes, form.b.data or 0) if form.b.data else None
    if old is None or new is None:
        abort(404)
    rows = services.diff_lines(old.source, new.source)
    return render_template(
        "minutes/compare.html",
        minutes=minutes,
        meeting=minutes.meeting,
        old=old,
        new=new,
        rows=rows,
        declarations_changed=old.declarations != new.declarations,
    )


def revision(minutes_id: int, number: int):
    """Secretariat: one revision's text, and restoring it as a new revision."""
    minutes = _editable(minutes_id)
    old = services.revision(minutes, number)
    if old is None:
        abort(404)
    form = RestoreForm()
    if not form.is_submitted():
        form.base_revision.data = minutes.revision
    if form.validate_on_submit():
        try:
            services.restore_revision(
                minutes, number, base_revision=form.base_revision.data, actor=current_user, reason=form.reason.data
            )
        except services.MinutesError as error:
            db.session.rollback()
            minutes = services.load_minutes(minutes_id)
            old = services.revision(minutes, number)
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"Revision {number} restored as revision {minutes.revision}.", "success")
            return _show(minutes)
    return render_template("minutes/revision.html", minutes=minutes, meeting=minutes.meeting, rev=old, form=form)


# --- attendance (secretariat) ------------------------------------------------------------------


def attendance(minutes_id: int):
    """Secretariat: who was present, sent apologies, was absent or in attendance, and for whom deputies stood in."""
    minutes = _editable(minutes_id)
    form = attendance_form(minutes.attendees)
    add = AddAttendeeForm(prefix="add")
    if form.validate_on_submit():
        try:
            for row in minutes.attendees:
                services.update_attendee(
                    row,
                    presence=form[f"presence_{row.id}"].data,
                    deputising_for=form[f"deputising_{row.id}"].data,
                    actor=current_user,
                )
        except services.MinutesError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Attendance saved.", "success")
            return redirect(url_for("minutes.attendance", minutes_id=minutes.id))
    return render_template(
        "minutes/attendance.html",
        minutes=minutes,
        meeting=minutes.meeting,
        rows=form,
        add=add,
        form=form,
        groups=services.attendance_groups(minutes),
        day_marked=day_record.is_marked(minutes.meeting),
    )


def refresh_attendance(minutes_id: int):
    """Secretariat: replace the draft's attendance with the record of who attended on the day (a new revision)."""
    minutes = _editable(minutes_id)
    form = RefreshAttendanceForm()
    if form.validate_on_submit():
        try:
            saved = services.refresh_attendance(minutes, base_revision=form.base_revision.data, actor=current_user)
        except services.MinutesError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Attendance taken from the record of the day, as revision {saved.number}.", "success")
    else:
        flash("Reload the page and try again.", "error")
    return redirect(url_for("minutes.attendance", minutes_id=minutes.id))


def add_attendee(minutes_id: int):
    """Secretariat: add a line to the attendance record."""
    minutes = _editable(minutes_id)
    add = AddAttendeeForm(prefix="add")
    if add.validate_on_submit():
        try:
            services.add_attendee(
                minutes,
                name=add.name.data,
                organisation=add.organisation.data,
                presence=add.presence.data,
                deputising_for=add.deputising_for.data,
                actor=current_user,
            )
        except services.MinutesError as error:
            db.session.rollback()
            _fail(add, error)
        else:
            db.session.commit()
            flash(f"{add.name.data} added.", "success")
            return redirect(url_for("minutes.attendance", minutes_id=minutes.id))
    return render_template(
        "minutes/attendance.html",
        minutes=minutes,
        meeting=minutes.meeting,
        rows=attendance_form(minutes.attendees),
        add=add,
        form=add,
        groups=services.attendance_groups(minutes),
        day_marked=day_record.is_marked(minutes.meeting),
    ), 400


def remove_attendee(attendee_id: int):
    """Secretariat: take a line off the attendance record."""
    attendee = db.get_or_404(MinutesAttendee, attendee_id)
    minutes = _editable(attendee.minutes_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.remove_attendee(attendee, actor=current_user)
        except services.MinutesError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{attendee.name} removed.", "success")
    return redirect(url_for("minutes.attendance", minutes_id=minutes.id))


# --- outputs ---------------------------------------------------------------------------------


def _wants_public(minutes) -> bool:
    """The version without confidential items: asked for, or all this reader may see."""
    return request.args.get("public") == "1" or not permissions.can_view_confidential_minutes(current_user, minutes)


def markdown_download(minutes_id: int):
    """Readers: the minutes' markdown (without confidential sections when asked, or for non-members)."""
    minutes = _readable(minutes_id)
    text = outputs.markdown_text(minutes, public=_wants_public(minutes))
    return attachment(text, mimetype="text/markdown", filename=outputs.filename(minutes, "md", _wants_public(minutes)))


def printable(minutes_id: int):
    """Readers: a printable page of the minutes (``?public=1`` for the wider-circulation version)."""
    minutes = _readable(minutes_id)
    return render_template("minutes/print.html", **outputs.print_context(minutes, public=_wants_public(minutes)))


def pdf(minutes_id: int):
    """Readers: the minutes as a PDF, made the way the agenda pack is."""
    minutes = _readable(minutes_id)
    public = _wants_public(minutes)
    try:
        data = outputs.render_pdf(outputs.print_context(minutes, public=public, absolute_links=True))
    except outputs.PdfUnavailable as error:
        flash(
            f"The PDF could not be made on this server ({error}). Use your browser's Print on this page instead.",
            "error",
        )
        return redirect(url_for("minutes.printable", minutes_id=minutes.id, **({"public": 1} if public else {})))
    return pdf_response(data, outputs.filename(minutes, "pdf", public))

"""Meeting pages: who actually attended on the day, marked by the secretariat (routes in blueprint.py)."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from board import permissions
from board.common.access import require
from board.common.forms import ConfirmForm
from board.common.forms import show_refusal as _fail
from board.extensions import db
from board.meetings import attended as service
from board.meetings.forms import AttendedForm, DayAttendeeForm
from board.meetings.models import Attendance, DayAttendee, Meeting


def _markable(meeting_id: int) -> Meeting:
    meeting = db.get_or_404(Meeting, meeting_id)
    require(permissions.can_mark_attendance(current_user, meeting))
    return meeting


def _label(row: Attendance) -> str:
    """'Rachel Whitaker (Leeds), guest; answered: Attending' (the answer is shown, never ticked for them)."""
    org = f" ({row.user.organisation.short_name})" if row.user.organisation else ""
    role = ", guest" if row.is_guest else (f", deputy for {row.deputy_for.user.name}" if row.deputy_for else "")
    answer = row.response_label + (f": {row.deputy.name}" if row.deputy else "")
    return f"{row.user.name}{org}{role}; answered: {answer}"


def _page(meeting: Meeting, form: AttendedForm, add: DayAttendeeForm, status: int = 200):
    rows = service.invitees(meeting)
    marked = service.is_marked(meeting)
    form.attended.choices = [(r.id, _label(r)) for r in rows]
    if not form.is_submitted():
        form.attended.data = [r.id for r in rows if (r.attended if marked else service.expected(r))]
    return render_template(
        "meetings/attended.html",
        meeting=meeting,
        form=form,
        add=add,
        marked=marked,
        closed=service.why_closed(meeting),
        extras=service.day_attendees(meeting),
        confirm=ConfirmForm(),
        error_form=add if add.errors else None,
    ), status


def attended(meeting_id: int):
    """Secretariat: tick who actually attended on the day (not what they answered), and save."""
    meeting = _markable(meeting_id)
    form = AttendedForm()
    add = DayAttendeeForm(prefix="add", formdata=None)
    if form.validate_on_submit():
        try:
            service.mark_attended(meeting, set(form.attended.data or []), actor=current_user)
        except service.AttendedError as error:
            db.session.rollback()
            flash(str(error), "error")
            return _page(meeting, form, add, 400)
        db.session.commit()
        flash("Attendance on the day saved. Draft minutes take it when you refresh their attendance.", "success")
        return redirect(url_for("meetings.attended", meeting_id=meeting.id))
    return _page(meeting, form, add, 400 if form.is_submitted() else 200)


def add_day_attendee(meeting_id: int):
    """Secretariat: add someone who was there but not invited (in attendance, or a deputy)."""
    meeting = _markable(meeting_id)
    add = DayAttendeeForm(prefix="add")
    if add.validate_on_submit():
        try:
            service.add_day_attendee(
                meeting,
                name=add.name.data,
                organisation=add.organisation.data,
                presence=add.presence.data,
                deputising_for=add.deputising_for.data,
                actor=current_user,
            )
        except service.AttendedError as error:
            db.session.rollback()
            _fail(add, error)
        else:
            db.session.commit()
            flash(f"{add.name.data} added to the attendance on the day.", "success")
            return redirect(url_for("meetings.attended", meeting_id=meeting.id))
    return _page(meeting, AttendedForm(formdata=None), add, 400)


def remove_day_attendee(extra_id: int):
    """Secretariat: take someone added on the day off the record."""
    extra = db.get_or_404(DayAttendee, extra_id)
    meeting = _markable(extra.meeting_id)
    if ConfirmForm().validate_on_submit():
        service.remove_day_attendee(extra, actor=current_user)
        db.session.commit()
        flash(f"{extra.name} removed from the attendance on the day.", "success")
    return redirect(url_for("meetings.attended", meeting_id=meeting.id))

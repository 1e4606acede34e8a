"""Meeting pages: lists, the meeting page, scheduling, planning, answers (routes in blueprint.py)."""

from functools import cache

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from board import permissions
from board.common.access import require
from board.common.forms import ConfirmForm
from board.common.forms import show_refusal as _fail
from board.common.models import utcnow
from board.common.timeutil import london_to_utc, to_london, today_london
from board.extensions import db
from board.meetings import planning, queries, services
from board.meetings.forms import (
    AnswerForm,
    CancelForm,
    GuestForm,
    MeetingForm,
    PlanForm,
    parse_day,
    parse_time,
)
from board.meetings.models import Attendance, Meeting
from board.people.models import Body, User

PUBLIC_ENDPOINTS = {"meetings.feed"}


def _signed_in():
    """Every page needs a signed-in user, except the token-protected calendar feed."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    return login_required(lambda: None)()


def _load_meeting(meeting_id: int) -> Meeting:
    meeting = db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            selectinload(Meeting.body),
            selectinload(Meeting.attendances).selectinload(Attendance.user).selectinload(User.organisation),
            selectinload(Meeting.attendances).selectinload(Attendance.deputy),
        )
    )
    if meeting is None:
        abort(404)
    return meeting


def _body(slug: str) -> Body:
    return db.first_or_404(sa.select(Body).where(Body.slug == slug))


def _warn(body: Body, meeting: Meeting) -> None:
    day = to_london(meeting.starts_at).date()
    for warning in planning.date_warnings(body, [day], exclude_meeting_id=meeting.id)[day]:
        flash(f"Please check: {warning}.", "info")


def index():
    """Anyone signed in: upcoming meetings of the bodies they sit on or are invited to."""
    bodies = [
        b
        for b in db.session.scalars(sa.select(Body).order_by(Body.id))
        if permissions.can_view_body_meetings(current_user, b)
    ]
    rows = queries.upcoming_for(current_user.id, [b.id for b in bodies])
    return render_template("meetings/index.html", meetings=rows, bodies=bodies)


def body_meetings(slug: str):
    """Members and the secretariat: a body's upcoming meetings and its past ones (20 a page, newest first)."""
    body = _body(slug)
    require(permissions.can_view_body_meetings(current_user, body))
    page = max(request.args.get("page", 1, type=int), 1)
    upcoming, past, total = queries.body_meetings(body.id, page)
    pages = max((total + queries.PAST_PER_PAGE - 1) // queries.PAST_PER_PAGE, 1)
    return render_template(
        "meetings/list.html", body=body, upcoming=upcoming, past=past, total=total, page=page, pages=pages
    )


def new_meeting(slug: str):
    """Secretariat: schedule one meeting and invite the body's members."""
    body = _body(slug)
    require(permissions.can_manage_meetings(current_user, body))
    form = MeetingForm()
    if not form.is_submitted():
        form.title.data = f"{body.short_name} meeting"
    if form.validate_on_submit():
        try:
            meeting = services.create_meeting(body, actor=current_user, **form.values())
        except services.MeetingError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"Meeting scheduled and {len(meeting.attendances)} invitations sent.", "success")
            _warn(body, meeting)
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, body=body, meeting=None)


@cache
def _page_statements(with_names: bool):
    """The meeting page's two statements, built once per shape (on first use, when the
    mappers are known): the page is the most read there is, and building a select with its
    eager loads and cache key cost about as much as running it."""
    meeting = sa.select(Meeting).where(Meeting.id == sa.bindparam("meeting_id")).options(joinedload(Meeting.body))
    options = [joinedload(Attendance.deputy)]
    if with_names:
        options.append(joinedload(Attendance.user).joinedload(User.organisation))
    attendances = (
        sa.select(Attendance)
        .where(Attendance.meeting_id == sa.bindparam("meeting_id"))
        .options(*options)
        .order_by(Attendance.id)
    )
    return meeting, attendances


def _load_meeting_page(meeting_id: int) -> tuple[Meeting, bool]:
    """The meeting and its body in one query, then its invitations in one more.

    Invitees' names and organisations are joined in only when the reader may see the
    attendance table; everyone else needs only their own answer (and its deputy).
    """
    meeting = db.session.scalar(_page_statements(False)[0], {"meeting_id": meeting_id})
    if meeting is None:
        abort(404)
    show_attendance = permissions.can_view_attendance(current_user, meeting)
    attendances = db.session.scalars(_page_statements(show_attendance)[1], {"meeting_id": meeting.id}).all()
    set_committed_value(meeting, "attendances", list(attendances))
    return meeting, show_attendance


def meeting(meeting_id: int):
    """Members, invitees and the secretariat: a meeting, its attendance and what other areas add."""
    meeting, show_attendance = _load_meeting_page(meeting_id)
    require(permissions.can_view_meeting(current_user, meeting))
    # The seats are read once: the quorum counts them and the attendance table names them.
    seats = services.seats_on_the_day(meeting) if show_attendance else []
    return render_template(
        "meetings/meeting.html",
        meeting=meeting,
        quorum=services.quorum(meeting, seats) if show_attendance else None,
        seat_roles={seat.user_id: seat.role_label for seat in seats},
        mine=meeting.attendance_of(current_user),
        confirm=ConfirmForm(),
        now=utcnow(),
    )


def edit_meeting(meeting_id: int):
    """Secretariat: change a scheduled meeting (moving it re-sends the invitations)."""
    meeting = _load_meeting(meeting_id)
    require(permissions.can_edit_meeting(current_user, meeting))
    form = MeetingForm()
    if not form.is_submitted():
        form.fill_from(meeting)
    if form.validate_on_submit():
        try:
            changes = services.update_meeting(meeting, actor=current_user, **form.values())
        except services.MeetingError as error:
            _fail(form, error)
        else:
            db.session.commit()
            if "sequence" in changes:
                flash(f"Meeting changed and {len(meeting.attendances)} updated invitations sent.", "success")
            else:
                flash("Meeting saved." if changes else "Nothing was changed.", "success")
            _warn(meeting.body, meeting)
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, body=meeting.body, meeting=meeting)


def cancel_meeting(meeting_id: int):
    """Secretariat: call a meeting off, with a reason; everyone invited is told."""
    meeting = _load_meeting(meeting_id)
    require(permissions.can_edit_meeting(current_user, meeting))
    form = CancelForm()
    if form.validate_on_submit():
        try:
            services.cancel_meeting(meeting, reason=form.reason.data, actor=current_user)
        except services.MeetingError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash("Meeting cancelled and everyone invited has been told.", "success")
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    return render_template("meetings/cancel.html", form=form, meeting=meeting)


def mark_held(meeting_id: int):
    """Secretariat: record that the meeting took place."""
    meeting = _load_meeting(meeting_id)
    require(permissions.can_edit_meeting(current_user, meeting))
    if ConfirmForm().validate_on_submit():
        try:
            services.mark_held(meeting, actor=current_user)
        except services.MeetingError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Meeting marked as held.", "success")
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id))


def add_guest(meeting_id: int):
    """Secretariat: invite a guest (someone with an account) to one meeting."""
    meeting = _load_meeting(meeting_id)
    require(permissions.can_edit_meeting(current_user, meeting))
    form = GuestForm(meeting=meeting)
    if form.validate_on_submit():
        guest = db.session.get(User, int(form.user_id.data))
        try:
            services.add_guest(meeting, guest, actor=current_user)
        except services.MeetingError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"{guest.name} has been invited.", "success")
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    return render_template("meetings/guest.html", form=form, meeting=meeting)


def answer(meeting_id: int, attendance_id: int):
    """An invitee, for themself only: attending, apologies, or a named deputy."""
    meeting = _load_meeting(meeting_id)
    attendance = next((a for a in meeting.attendances if a.id == attendance_id), None)
    if attendance is None:
        abort(404)
    require(permissions.can_answer_for(current_user, attendance))
    form = AnswerForm()
    if not form.is_submitted():
        form.response.data = attendance.response if attendance.has_answered else None
        form.comment.data = attendance.comment
        default_deputy = attendance.deputy or _seat_deputy(meeting, current_user)
        if attendance.deputy is None and default_deputy and meeting.attendance_of(default_deputy):
            default_deputy = None  # already invited in their own right: not a deputy to suggest
        form.deputy_email.data = default_deputy.email if default_deputy else ""
    if form.validate_on_submit():
        try:
            services.answer(
                attendance,
                response=form.response.data,
                deputy_email=form.deputy_email.data,
                comment=form.comment.data,
                actor=current_user,
            )
        except services.MeetingError as error:
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"Thank you: your answer is recorded ({attendance.response_label.lower()}).", "success")
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    return render_template("meetings/answer.html", form=form, meeting=meeting, attendance=attendance)


def _seat_deputy(meeting: Meeting, user) -> User | None:
    for seat in user.memberships:
        if seat.body_id == meeting.body_id and seat.deputy is not None:
            return seat.deputy
    return None


def plan(slug: str):
    """Secretariat: propose a year of dates at the body's cadence, check them, then schedule."""
    body = _body(slug)
    require(permissions.can_manage_meetings(current_user, body))
    form = PlanForm()
    if not form.is_submitted():
        first = planning.default_first_day(body, today_london())
        days = planning.propose_dates(body, first)
        form.title.data = f"{body.short_name} meeting"
        form.starts.data, form.ends.data = "10:00", "12:00"
        while len(form.dates.entries) < len(days):
            form.dates.append_entry()
        for entry, day in zip(form.dates.entries, days, strict=False):
            entry.data = day.strftime("%d/%m/%Y")
    creating = "create" in request.form
    valid = form.validate_on_submit() if form.is_submitted() else False
    days = form.days() if (valid or not form.is_submitted()) else []
    warnings = planning.date_warnings(body, days) if days else {}
    if valid and creating:
        made = []
        starts, ends = parse_time(form.starts.data), parse_time(form.ends.data)
        try:
            for day in sorted(set(days)):
                made.append(
                    services.create_meeting(
                        body,
                        actor=current_user,
                        title=form.title.data,
                        venue=form.venue.data or "",
                        join_url=form.join_url.data or "",
                        notes="",
                        starts_at=london_to_utc(day, starts),
                        ends_at=london_to_utc(day, ends),
                    )
                )
        except services.MeetingError as error:
            db.session.rollback()
            _fail(form, error)
        else:
            db.session.commit()
            flash(
                f"{len(made)} {'meeting' if len(made) == 1 else 'meetings'} scheduled and invitations sent.", "success"
            )
            return redirect(url_for("meetings.body_meetings", slug=body.slug))
    return render_template(
        "meetings/plan.html",
        form=form,
        body=body,
        warnings=warnings,
        rows=list(zip(form.dates.entries, [_parse_or_none(e.data) for e in form.dates.entries], strict=True)),
    )


def _parse_or_none(text):
    return parse_day(text) if text else None

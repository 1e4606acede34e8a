"""Attendance over time: per body and per member, over a chosen period, with a CSV."""

from datetime import timedelta

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from board import permissions
from board.attendance import queries
from board.attendance.forms import PeriodForm
from board.common.access import require
from board.common.exports import attachment, write_csv
from board.common.timeutil import today_london
from board.extensions import db
from board.people.models import Body, User

bp = Blueprint("attendance", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


def _body(slug: str) -> Body:
    body = db.session.scalar(sa.select(Body).where(Body.slug == slug))
    if body is None:
        abort(404)
    require(permissions.can_view_attendance_record(current_user, body))
    return body


def _period():
    """The period asked for; by default the twelve months to today. A bad period shows its error."""
    form = PeriodForm(formdata=request.args)
    today = today_london()
    start, end = today - timedelta(days=365), today
    if form.validate():
        start, end = form.date_from.data or start, form.date_to.data or end
    if not form.date_from.raw_data:
        form.date_from.data = start
    if not form.date_to.raw_data:
        form.date_to.data = end
    return form, start, end, not form.errors


@bp.get("/bodies/<slug>/attendance")
def body_attendance(slug: str):
    """The body's members and the secretariat: each member's attendance over the period."""
    body = _body(slug)
    form, start, end, ok = _period()
    records = queries.attendance_over(body, start, end) if ok else []
    meetings = queries.held_meetings(body, start, end) if ok else []
    return render_template(
        "attendance/body.html",
        body=body,
        form=form,
        records=records,
        meetings=meetings,
        start=start,
        end=end,
        args=request.args.to_dict(flat=False),
    )


@bp.get("/bodies/<slug>/attendance.csv")
def body_attendance_csv(slug: str):
    """The body's members and the secretariat: the same figures as CSV."""
    body = _body(slug)
    form, start, end, ok = _period()
    if not ok:
        abort(400)
    header, rows = queries.attendance_csv_rows(queries.attendance_over(body, start, end))
    name = f"attendance-{body.slug}-{start.isoformat()}-to-{end.isoformat()}.csv"
    return attachment(write_csv(header, rows), mimetype="text/csv", filename=name)


@bp.get("/bodies/<slug>/attendance/<int:user_id>")
def member_attendance(slug: str, user_id: int):
    """The body's members and the secretariat: one member's record, meeting by meeting."""
    body = _body(slug)
    person = db.get_or_404(User, user_id)
    form, start, end, ok = _period()
    records = queries.attendance_over(body, start, end, user_id=person.id) if ok else []
    return render_template(
        "attendance/member.html",
        body=body,
        person=person,
        form=form,
        record=records[0] if records else None,
        labels=queries.LABELS,
        args=request.args.to_dict(flat=False),
    )

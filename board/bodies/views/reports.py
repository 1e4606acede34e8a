"""A sub-group reporting up to its parent body (routes in blueprint.py)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from board import permissions
from board.bodies import plan, reporting
from board.bodies.forms import MarkForm
from board.bodies.models import ParentReport
from board.bodies.views.bodies import load_body
from board.common.access import require
from board.common.forms import ConfirmForm
from board.extensions import db
from board.meetings.models import Meeting


def _sub_group(slug: str):
    body = load_body(slug)
    if body.parent_id is None:
        abort(404)
    return body


def report_up(slug: str):
    """Secretariat: a sub-group's meetings with approved minutes; mark items and decisions for the parent."""
    body = _sub_group(slug)
    require(permissions.can_report_to_parent(current_user, body))
    minutes, flagged = reporting.pending(body)
    return render_template(
        "bodies/report_up.html",
        body=body,
        records=reporting.meeting_records(body),
        pending_minutes=minutes,
        pending_flags=flagged,
        form=MarkForm(),
        confirm=ConfirmForm(),
    )


def mark_for_parent(slug: str):
    """Secretariat: mark one item or decision "for the Board's attention"."""
    body = _sub_group(slug)
    require(permissions.can_report_to_parent(current_user, body))
    form = MarkForm()
    if form.validate_on_submit():
        try:
            report = reporting.flag(
                body, kind=form.kind.data, record_id=form.record_id.data, actor=current_user, note=form.note.data or ""
            )
        except reporting.ReportError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{report.title} is marked for the {body.parent.short_name}'s attention.", "success")
    else:
        flash("Choose an item or a decision to mark.", "error")
    return redirect(url_for("bodies.report_up", slug=body.slug))


def unmark_for_parent(report_id: int):
    """Secretariat: take back a mark that has not been reported yet."""
    report = db.get_or_404(ParentReport, report_id)
    require(permissions.can_report_to_parent(current_user, report.body))
    if ConfirmForm().validate_on_submit():
        try:
            reporting.unflag(report, actor=current_user)
        except reporting.ReportError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Mark taken back.", "success")
    return redirect(url_for("bodies.report_up", slug=report.body.slug))


def reports(slug: str):
    """Members of the sub-group or its parent: what the sub-group reported up, and the parent's decisions on it."""
    body = _sub_group(slug)
    require(permissions.can_view_parent_reports(current_user, body))
    rows = reporting.reported(body)
    return render_template("bodies/reports.html", body=body, reports=rows, answers=reporting.parent_answers(rows))


def report_to_parent(meeting_id: int, slug: str):
    """Secretariat, from the parent's agenda builder: add the sub-group's report as its update item."""
    meeting = db.get_or_404(Meeting, meeting_id)
    body = _sub_group(slug)
    require(permissions.can_report_to_parent(current_user, body) and permissions.can_edit_agenda(current_user, meeting))
    if ConfirmForm().validate_on_submit():
        try:
            item = reporting.report_to_parent(meeting, body, actor=current_user)
        except reporting.ReportError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"The {body.short_name}'s report is on the agenda as “{item.title}”.", "success")
    return redirect(url_for("agendas.builder", meeting_id=meeting.id))


def _offers(meeting: Meeting) -> list[tuple]:
    """Sub-groups of the meeting's body with something new to report: (body, minutes, flagged)."""
    out = []
    for body in reporting.sub_groups(meeting.body):
        minutes, flagged = reporting.pending(body)
        if minutes or flagged:
            out.append((body, minutes, flagged))
    return out


def builder_helpers():
    """The agenda builder's panel asks `forward_plan_offers(meeting)` and `sub_group_offers(meeting)`;
    a decision's page asks `reports_answered_by(decision)`."""
    return {
        "forward_plan_offers": plan.planned_for,
        "sub_group_offers": _offers,
        "reports_answered_by": reporting.reports_answered_by,
    }

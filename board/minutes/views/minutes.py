"""Minutes pages: reading, writing, confirming outcomes, circulating, approving (routes in blueprint.py)."""

from functools import cache

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy.orm import defer, joinedload

from board import permissions
from board.common.access import require
from board.common.forms import ConfirmForm, ConfirmSendingForm
from board.common.forms import show_refusal as _fail
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes import comments, inline, paragraphs, services, workflow
from board.minutes.forms import ApproveForm, MinutesForm, OutcomesForm, UndoApprovalForm
from board.minutes.models import Minutes, MinutesStatus
from board.people.models import User


@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


def _readable(minutes_id: int) -> Minutes:
    minutes = services.load_minutes(minutes_id)
    if minutes is None:
        abort(404)
    require(permissions.can_view_minutes(current_user, minutes))
    return minutes


def _editable(minutes_id: int) -> Minutes:
    minutes = _readable(minutes_id)
    require(permissions.can_edit_minutes(current_user, minutes.meeting))
    return minutes


def _show(minutes: Minutes):
    return redirect(url_for("minutes.show", minutes_id=minutes.id))


@cache
def _summary_statement():
    """The minutes panel's statement, built once (on first use, when the mappers are known).

    The panel shows status and links only: the text columns stay in the database, and the
    meeting that approved them is joined (it is printed once the minutes are locked).
    """
    return (
        sa.select(Minutes)
        .where(Minutes.meeting_id == sa.bindparam("meeting_id"))
        .options(
            defer(Minutes.source),
            defer(Minutes.html),
            defer(Minutes.public_html),
            defer(Minutes.declarations),
            defer(Minutes.declarations_html),
            joinedload(Minutes.approved_at_meeting),
        )
    )


def minutes_summary(meeting: Meeting, user=None) -> dict:
    """For the meeting page: the minutes' status and the links this reader may follow."""
    user = user if user is not None else current_user._get_current_object()
    minutes = db.session.scalar(_summary_statement(), {"meeting_id": meeting.id})
    may_edit = permissions.can_edit_minutes(user, meeting)
    return {
        "minutes": minutes,
        "may_edit": may_edit and not meeting.is_cancelled,
        "may_view": minutes is not None and permissions.can_view_minutes(user, minutes),
    }


def _minutes_helpers():
    """`minutes_summary(meeting)` for the meeting page's panel."""
    return {"minutes_summary": minutes_summary}


# --- reading --------------------------------------------------------------------------------


def _comment_link(minutes: Minutes):
    """After each paragraph: a plain link to comment on it (no JavaScript needed)."""

    def link(block: paragraphs.Block) -> Markup:
        return Markup(
            '<p class="govuk-body-s app-comment-link app-no-print"><a class="govuk-link" href="{}">'
            'Comment on this paragraph<span class="govuk-visually-hidden">: {}</span></a></p>'
        ).format(url_for("minutes.comment", minutes_id=minutes.id, anchor=block.anchor), paragraphs.short(block.text))

    return link


def show(minutes_id: int):
    """Members (circulated/approved) and the secretariat: the minutes with attendance and outcomes;
    on circulated drafts, a link to comment on each paragraph; the comments kept with them."""
    minutes = _readable(minutes_id)
    full = permissions.can_view_confidential_minutes(current_user, minutes)
    editing = permissions.can_edit_minutes(current_user, minutes.meeting)
    plan = inline.plan_outcomes(minutes) if editing and not minutes.is_locked else None
    with_comments = permissions.can_comment_on_minutes(current_user, minutes)
    may_comment = with_comments and minutes.status == MinutesStatus.CIRCULATED
    body_html = minutes.html if full else services.wider_html(minutes)
    if with_comments and full:
        body_html = paragraphs.anchored(body_html, _comment_link(minutes) if may_comment else None)
    return render_template(
        "minutes/show.html",
        minutes=minutes,
        meeting=minutes.meeting,
        is_full=full,
        body_html=body_html,
        editing=editing,
        plan=plan,
        groups=services.attendance_groups(minutes),
        changes_after_approval=services.locked_changes(minutes),
        confirm=ConfirmForm(),
        may_comment=may_comment,
        comment_groups=comments.grouped(minutes) if with_comments else [],
    )


def public(minutes_id: int):
    """Members: the version for wider circulation, confidential items withheld."""
    minutes = _readable(minutes_id)
    return render_template(
        "minutes/show.html",
        minutes=minutes,
        meeting=minutes.meeting,
        is_full=False,
        body_html=services.wider_html(minutes),
        editing=False,
        plan=None,
        is_public_view=True,
        groups=services.attendance_groups(minutes),
        changes_after_approval=services.locked_changes(minutes),
        confirm=ConfirmForm(),
    )


# --- writing (secretariat) --------------------------------------------------------------------


def start(meeting_id: int):
    """Secretariat: open the meeting's minutes, prefilled from the agenda and the invitation answers."""
    meeting = db.get_or_404(Meeting, meeting_id)
    require(permissions.can_edit_minutes(current_user, meeting))
    if ConfirmForm().validate_on_submit():
        try:
            minutes = services.start_minutes(meeting, actor=current_user)
        except services.MinutesError as error:
            flash(str(error), "error")
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
        db.session.commit()
        return redirect(url_for("minutes.edit", minutes_id=minutes.id))
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id))


def edit(minutes_id: int):
    """Secretariat: write the minutes, preview them, save a revision (stale saves are refused)."""
    minutes = _editable(minutes_id)
    form = MinutesForm()
    if not form.is_submitted():
        form.source.data, form.declarations.data = minutes.source, minutes.declarations
        form.base_revision.data = minutes.revision
    preview = conflict = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = inline.preview(minutes, form.source.data or "", form.declarations.data or "")
        else:
            try:
                saved = services.save_minutes(
                    minutes,
                    source=form.source.data,
                    declarations=form.declarations.data,
                    base_revision=form.base_revision.data,
                    actor=current_user,
                    reason=form.reason.data,
                )
            except services.MinutesConflict as error:
                db.session.rollback()
                minutes = services.load_minutes(minutes_id)
                conflict = {
                    "latest": services.revision(minutes, minutes.revision),
                    "base": error.base,
                    "diff": services.diff_lines(minutes.source, form.source.data),
                }
                form.base_revision.raw_data = None
                form.base_revision.data = minutes.revision
                form.source.errors = [*form.source.errors, str(error)]
            except services.MinutesError as error:
                _fail(form, error)
            else:
                db.session.commit()
                flash("No changes to save." if saved is None else f"Saved as revision {minutes.revision}.", "success")
                if inline.plan_outcomes(minutes).has_work:
                    return redirect(url_for("minutes.outcomes", minutes_id=minutes.id))
                return _show(minutes)
    return render_template(
        "minutes/edit.html",
        minutes=minutes,
        meeting=minutes.meeting,
        form=form,
        preview=preview,
        conflict=conflict,
        max_chars=services.max_chars(),
        comment_groups=comments.grouped(minutes),
    )


def outcomes(minutes_id: int):
    """Secretariat: check and confirm the actions and decisions the minutes' lines will create or update."""
    minutes = _editable(minutes_id)
    plan = inline.plan_outcomes(minutes)
    form = OutcomesForm()
    form.update_lines.choices = [
        (p.outcome.line_no, f"Line {p.outcome.line_no}: {p.entry.reference}") for p in plan.updates
    ]
    if not form.is_submitted():
        form.revision.data = minutes.revision
        form.update_lines.data = [p.outcome.line_no for p in plan.updates]
    if form.validate_on_submit():
        try:
            created, updated = inline.apply_outcomes(
                minutes, revision=form.revision.data, update_lines=set(form.update_lines.data or []), actor=current_user
            )
        except services.MinutesConflict as error:
            flash(f"{error} Check the list again.", "error")
            return redirect(url_for("minutes.outcomes", minutes_id=minutes.id))
        except services.MinutesError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("minutes.outcomes", minutes_id=minutes.id))
        db.session.commit()
        made = ", ".join(e.reference for e in created) or "nothing new"
        flash(
            f"Recorded {made}" + (f"; updated {', '.join(e.reference for e in updated)}" if updated else "") + ".",
            "success",
        )
        return _show(minutes)
    return render_template("minutes/outcomes.html", minutes=minutes, meeting=minutes.meeting, plan=plan, form=form)


# --- the workflow ---------------------------------------------------------------------------------


def circulate(minutes_id: int):
    """Secretariat: a confirmation page naming everyone who will be e-mailed (GET); the
    confirming POST sends the draft minutes to the body's members for comment."""
    minutes = _editable(minutes_id)
    try:
        workflow.check_circulation(minutes)
    except services.MinutesError as error:
        flash(str(error), "error")
        return _show(minutes)
    recipients = workflow.circulation_recipients(minutes)
    form = ConfirmSendingForm()
    if form.validate_on_submit():
        if form.list_changed(len(recipients)):
            flash("The list of people changed since you opened this page: check it, then confirm again.", "error")
        else:
            try:
                sent = workflow.circulate(minutes, actor=current_user)
            except services.MinutesError as error:
                db.session.rollback()
                flash(str(error), "error")
                return _show(minutes)
            db.session.commit()
            flash(f"Circulated for comment: {sent} e-mail{'s' if sent != 1 else ''} sent.", "success")
            return _show(minutes)
    elif form.is_submitted():
        return _show(minutes)
    return render_template(
        "minutes/circulate_confirm.html", minutes=minutes, meeting=minutes.meeting, recipients=recipients, form=form
    )


def approve(minutes_id: int):
    """Secretariat or the body's chair: a later meeting that has taken place approved the minutes (they lock)."""
    minutes = _readable(minutes_id)
    require(permissions.can_approve_minutes(current_user, minutes))
    form = ApproveForm()
    offered = workflow.approval_meetings(minutes)
    form.set_choices(offered, workflow.movers_of(offered))
    if form.validate_on_submit():
        at = db.get_or_404(Meeting, form.meeting.data)
        try:
            decision = workflow.approve(
                minutes,
                at,
                actor=current_user,
                moved_by=db.session.get(User, form.moved_by.data) if form.moved_by.data else None,
            )
        except services.MinutesError as error:
            db.session.rollback()
            _fail(form, error)
        else:
            db.session.commit()
            flash(f"Approved as a true record ({decision.reference}). The minutes are now locked.", "success")
            return _show(minutes)
    return render_template("minutes/approve.html", minutes=minutes, meeting=minutes.meeting, form=form)


def undo_approval(minutes_id: int):
    """Secretariat: undo an approval recorded in error, with a reason (the decision is marked rescinded)."""
    minutes = _readable(minutes_id)
    require(permissions.can_undo_minutes_approval(current_user, minutes))
    form = UndoApprovalForm()
    if form.validate_on_submit():
        try:
            decision = workflow.undo_approval(minutes, reason=form.reason.data, actor=current_user)
        except services.MinutesError as error:
            db.session.rollback()
            _fail(form, error)
        else:
            db.session.commit()
            flash(
                "Approval undone"
                + (f": {decision.reference} is marked rescinded" if decision else "")
                + ". The minutes are circulated, not approved.",
                "success",
            )
            return _show(minutes)
    return render_template("minutes/undo_approval.html", minutes=minutes, meeting=minutes.meeting, form=form)

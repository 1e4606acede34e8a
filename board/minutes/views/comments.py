"""Minutes pages: comments on circulated drafts, and marking them accepted or answered (routes in blueprint.py)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.common.access import require
from board.extensions import db
from board.minutes import comments, services
from board.minutes.forms import CommentForm, ResolveCommentForm
from board.minutes.models import MinutesComment
from board.minutes.views.minutes import _fail, _readable, _show


def comment(minutes_id: int):
    """Members of the body and the secretariat: comment on a paragraph of circulated draft minutes, or on the whole."""
    minutes = _readable(minutes_id)
    require(permissions.can_comment_on_minutes(current_user, minutes))
    try:
        comments.check_open_for_comment(minutes)
    except services.MinutesError as error:
        flash(str(error), "error")
        return _show(minutes)
    form = CommentForm()
    if not form.is_submitted():
        form.anchor.data = request.args.get("anchor", "")[:40]
    anchor = form.anchor.data or ""
    block = comments.paragraph(minutes, anchor)
    if anchor and block is None and not form.is_submitted():
        flash(
            f"That paragraph has changed since you opened it (the minutes are now at revision {minutes.revision}): "
            "read it again and comment on it there.",
            "error",
        )
        return _show(minutes)
    if form.validate_on_submit():
        try:
            made = comments.add_comment(minutes, author=current_user, text=form.text.data, anchor=anchor)
        except services.MinutesError as error:
            db.session.rollback()
            _fail(form, error)
        else:
            db.session.commit()
            flash(
                "Thank you: your comment is with the secretariat. You will be e-mailed when it is answered.", "success"
            )
            return redirect(url_for("minutes.show", minutes_id=minutes.id, _anchor=f"comment-{made.id}"))
    return render_template("minutes/comment.html", minutes=minutes, meeting=minutes.meeting, form=form, block=block), (
        400 if form.errors else 200
    )


def resolve(comment_id: int):
    """Secretariat: mark a comment accepted (with the revision that took it in) or answered (with a reply)."""
    item = db.get_or_404(MinutesComment, comment_id)
    minutes = _readable(item.minutes_id)
    require(permissions.can_resolve_minutes_comments(current_user, minutes))
    item = next(c for c in minutes.comments if c.id == comment_id)
    form = ResolveCommentForm()
    form.set_revisions([r.number for r in minutes.revisions if r.number > item.revision])
    if not form.is_submitted() and not item.is_open:
        form.outcome.data, form.reply.data = item.status, item.reply
        if item.accepted_revision:
            form.revision.data = item.accepted_revision
    if form.validate_on_submit():
        try:
            sent = comments.resolve_comment(
                item, outcome=form.outcome.data, revision=form.revision.data, reply=form.reply.data, actor=current_user
            )
        except services.MinutesError as error:
            db.session.rollback()
            _fail(form, error)
        else:
            db.session.commit()
            done = f"accepted (revision {item.accepted_revision})" if item.accepted_revision else "answered"
            told = f" {item.author.name} has been e-mailed." if sent else ""
            flash(f"Comment marked {done}.{told}", "success")
            return redirect(url_for("minutes.edit", minutes_id=minutes.id, _anchor="comments-heading"))
    return render_template(
        "minutes/resolve_comment.html", minutes=minutes, meeting=minutes.meeting, form=form, comment=item
    ), (400 if form.errors else 200)

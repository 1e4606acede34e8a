"""One update: reading, writing, supporting files, returning, accepting, revisions (routes in blueprint.py)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.agendas.forms import PaperForm
from board.common.access import require
from board.common.exports import attachment
from board.common.forms import ConfirmForm
from board.extensions import db
from board.submissions import files as update_files
from board.submissions import services
from board.submissions.forms import ReturnForm, update_form
from board.submissions.models import UpdateStatus
from board.submissions.reports import revision_history
from board.submissions.views.loading import _file_or_404, _update_or_404, _writer

# --- one update ----------------------------------------------------------------------


def update(update_id: int):
    """Contacts, the secretariat and (once published) the body's members: read an update."""
    update = _update_or_404(update_id)
    return render_template("submissions/update.html", update=update, return_form=ReturnForm(), confirm=ConfirmForm())


def edit_update(update_id: int):
    """The organisation's contacts (and the secretariat): write, save a draft, submit."""
    update = _update_or_404(update_id)
    require(_writer(update))
    if not permissions.can_edit_update(current_user, update):
        flash(
            "This round is locked: the update can no longer be changed."
            if update.round.is_locked
            else "This update has been accepted: it can no longer be changed.",
            "error",
        )
        return redirect(url_for("submissions.update", update_id=update.id))
    form = update_form(update, posted=request.method == "POST")
    conflict = None
    if form.is_submitted():
        submit = form.action.data == "submit" or update.is_handed_in
        if form.check(complete=submit):
            try:
                version = int(form.version.data or "")
            except ValueError:
                version = None
            before = update.status
            try:
                services.save_update(update, form.content(), version=version, actor=current_user, submit=submit)
            except services.ConflictError as error:
                conflict = (services.snapshot(update), services.readable(update.round, form.content()))
                form.version.data = str(update.version)  # saving again is now a knowing choice
                flash(str(error), "error")
            except services.SubmissionError as error:
                flash(str(error), "error")
            else:
                db.session.commit()
                flash(_saved_message(update, before, submit), "success")
                if submit:
                    return redirect(url_for("submissions.update", update_id=update.id))
                return redirect(url_for("submissions.edit_update", update_id=update.id))
        elif not submit:
            flash("Your draft was not saved: correct the figures marked below, then save again.", "error")
    return _edit_page(update, form, conflict=conflict)


def _edit_page(update, form, *, conflict=None, file_form=None):
    """The update form with its supporting files; a refused upload shows its form's errors in the summary."""
    return render_template(
        "submissions/edit.html",
        form=form,
        update=update,
        conflict=conflict,
        file_form=file_form or _paper_form(),
        confirm=ConfirmForm(),
        error_form=file_form if file_form is not None and file_form.errors else None,
    )


def _paper_form():
    return PaperForm()  # the agenda papers' checks: type by content, size


def add_file(update_id: int):
    """Contacts and the secretariat: attach a supporting file to an update still open."""
    update = _update_or_404(update_id)
    require(_writer(update))
    form = _paper_form()
    if not form.validate_on_submit():
        if not permissions.can_edit_update(current_user, update):
            return redirect(url_for("submissions.edit_update", update_id=update.id))  # says why not
        # Shown on the page, not flashed after a redirect, so the title typed is kept.
        return _edit_page(update, update_form(update, posted=False), file_form=form)
    try:
        added = update_files.add_update_file(update, form.title.data, form.checked, form.file_bytes, actor=current_user)
    except services.SubmissionError as error:
        flash(str(error), "error")
        return redirect(url_for("submissions.update", update_id=update.id))
    db.session.commit()
    flash(f"{added.filename} attached.", "success")
    return redirect(url_for("submissions.edit_update", update_id=update.id) + "#files")


def delete_file(file_id: int):
    """Contacts and the secretariat: remove a supporting file from an update still open."""
    item = _file_or_404(file_id)
    update = item.update
    require(_writer(update))
    if ConfirmForm().validate_on_submit():
        try:
            update_files.remove_update_file(item, actor=current_user)
        except services.SubmissionError as error:
            flash(str(error), "error")
            return redirect(url_for("submissions.update", update_id=update.id))
        db.session.commit()
        flash("File removed.", "success")
    return redirect(url_for("submissions.edit_update", update_id=update.id) + "#files")


def download_file(file_id: int):
    """Whoever may read the update: download one of its supporting files."""
    item = _file_or_404(file_id)
    return attachment(item.data, mimetype=item.content_type, filename=item.filename)


def _saved_message(update, before: str, submit: bool) -> str:
    if not submit:
        return "Draft saved. You can come back to it before the deadline."
    if before == update.status:
        return "Changes saved."
    if update.status == UpdateStatus.RESUBMITTED:
        return "Update resubmitted to the secretariat."
    return f"Update submitted{' after the deadline' if update.is_late else ''}. Thank you."


def return_update(update_id: int):
    """Secretariat: return a submitted update with what needs to change."""
    update = _update_or_404(update_id)
    require(permissions.can_manage_update_rounds(current_user))
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            services.return_update(update, form.comment.data, actor=current_user)
        except services.SubmissionError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Update returned to {update.organisation.short_name}.", "success")
            return redirect(url_for("submissions.tracker", round_id=update.round_id))
    return render_template("submissions/update.html", update=update, return_form=form, confirm=ConfirmForm(), form=form)


def accept_update(update_id: int):
    """Secretariat: accept a submitted update for the agenda pack."""
    update = _update_or_404(update_id)
    require(permissions.can_manage_update_rounds(current_user))
    if ConfirmForm().validate_on_submit():
        try:
            services.accept_update(update, actor=current_user)
        except services.SubmissionError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Update from {update.organisation.short_name} accepted.", "success")
    return redirect(url_for("submissions.update", update_id=update.id))


def revisions(update_id: int):
    """Secretariat: every saved revision and what changed between them."""
    update = _update_or_404(update_id)
    require(permissions.can_view_update_revisions(current_user, update))
    return render_template("submissions/revisions.html", update=update, history=revision_history(update))

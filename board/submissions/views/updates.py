"""One update: reading, writing, supporting files, returning, accepting, revisions (routes in blueprint.py)."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.agendas.files import ALLOWED_LABEL, format_size
from board.agendas.papers import max_paper_bytes
from board.common.access import require
from board.common.exports import attachment
from board.common.forms import ConfirmForm
from board.extensions import db
from board.submissions import files as update_files
from board.submissions import services
from board.submissions.forms import ReturnForm, update_form
from board.submissions.models import WRITING, UpdateStatus
from board.submissions.reports import revision_history
from board.submissions.views.loading import _file_or_404, _update_or_404, _writer

# --- one update ----------------------------------------------------------------------


def update(update_id: int):
    """Contacts, the secretariat and (once published) the body's members: read an update."""
    update = _update_or_404(update_id)
    return render_template("submissions/update.html", update=update, return_form=ReturnForm(), confirm=ConfirmForm())


def edit_update(update_id: int):
    """The organisation's contacts (and the secretariat): write, attach and remove files,
    save a draft, submit: one form, so nothing typed is lost to an upload or an error."""
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
        as_draft = form.check(complete=False)
        complete = submit and form.check(complete=True)  # every error at once, gaps included
        if complete or (as_draft and not submit):
            before = update.status
            saved, conflict = _save(update, form, submit=submit)
            if saved:
                flash(_saved_message(update, before, submit) + _files_note(form), "success")
                if submit:
                    return redirect(url_for("submissions.update", update_id=update.id))
                return redirect(url_for("submissions.edit_update", update_id=update.id))
        elif as_draft and update.status in WRITING:
            # Not submitted, but nothing is lost: the text and files are kept as a draft.
            saved, conflict = _save(update, form, submit=False)
            if saved:
                _show_saved_form(update, form)
                flash(
                    f"Not submitted: {form.gap_count()} parts are missing (listed below). "
                    "What you typed and the files you chose are saved as a draft.",
                    "error",
                )
        elif submit and as_draft:
            flash(_not_saved(form, "Your changes were not saved: complete the parts listed below."), "error")
        elif submit:
            flash(_not_saved(form, "Nothing was saved: correct what is listed below, then submit again."), "error")
        else:
            flash(_not_saved(form, "Your draft was not saved: correct what is listed below, then save again."), "error")
    return _edit_page(update, form, conflict=conflict)


def _files_note(form) -> str:
    names = form.chosen_file_names
    return f" {'File' if len(names) == 1 else 'Files'} attached: {', '.join(names)}." if names else ""


def _not_saved(form, message: str) -> str:
    """A refusal's message; files chosen must be chosen again (a browser never refills a file box)."""
    if form.chosen_file_names:
        return f"{message} Choose your files again: {', '.join(form.chosen_file_names)}."
    return message


def _save(update, form, *, submit: bool):
    """Save the text, figures and files as one change and commit.

    Answers (saved, conflict): conflict holds the two versions to show when someone else
    saved first."""
    try:
        version = int(form.version.data or "")
    except ValueError:
        version = None
    try:
        services.save_update(update, form.content(), version=version, actor=current_user, submit=submit)
        removed = [f for f in update.files if f.id in form.removed_file_ids()]
        update_files.change_files(update, add=form.checked_files, remove=removed, actor=current_user)
    except services.ConflictError as error:
        db.session.rollback()
        form.version.data = str(update.version)  # saving again is now a knowing choice
        flash(_not_saved(form, str(error)), "error")
        return False, (services.snapshot(update), services.readable(update.round, form.content()))
    except services.SubmissionError as error:
        db.session.rollback()
        flash(_not_saved(form, str(error)), "error")
        return False, None
    db.session.commit()
    return True, None


def _show_saved_form(update, form) -> None:
    """The page is shown again after a save: its form now holds the saved version and files."""
    form.version.data = str(update.version)
    form.remove_files.choices = [(str(f.id), f.filename) for f in update.files]
    form.remove_files.data = []
    form.checked_files = []


def _edit_page(update, form, *, conflict=None):
    """The update form with its supporting files; every error is in the one summary."""
    return render_template(
        "submissions/edit.html",
        form=form,
        update=update,
        conflict=conflict,
        allowed_files=ALLOWED_LABEL,
        max_file_bytes=max_paper_bytes(),
    )


def too_large(error):
    """A form whose files add up to more than the server takes: say so, not a bare 413."""
    limit = format_size(current_app.config["MAX_CONTENT_LENGTH"])
    return render_template(
        "errors/error.html",
        code=413,
        title="The files chosen are too large to send together",
        hint=f"Nothing was saved. Go back (your browser keeps what you typed) and choose files "
        f"of {limit} or less in all, or save them one at a time.",
    ), 413


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

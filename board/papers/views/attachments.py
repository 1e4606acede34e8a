"""A cover paper's attachments: upload (the agenda papers' checks), new versions, remove, download."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.agendas.files import format_size
from board.agendas.forms import PaperForm
from board.agendas.papers import max_paper_bytes
from board.common.exports import attachment as download
from board.common.forms import ConfirmForm
from board.extensions import db
from board.papers import attachments, published
from board.papers.models import CoverAttachment, CoverAttachmentVersion, CoverPaper
from board.papers.services import PaperError
from board.papers.views.common import editable, readable


def _page(paper: CoverPaper, form: PaperForm, replacing: CoverAttachment | None = None, status: int = 200):
    return render_template(
        "papers/attachments.html",
        paper=paper,
        meeting=paper.item.meeting,
        form=form,
        replacing=replacing,
        confirm=ConfirmForm(formdata=None),
    ), status


def too_large(error):
    """An upload over the server's request limit: said on the form, not a bare 413."""
    paper_id = (request.view_args or {}).get("paper_id")
    attachment_id = (request.view_args or {}).get("attachment_id")
    found = db.session.get(CoverAttachment, attachment_id) if attachment_id else None
    paper = found.paper if found else (db.session.get(CoverPaper, paper_id) if paper_id else None)
    if paper is None or not permissions.can_edit_cover_paper(current_user, paper):
        return render_template(
            "errors/error.html", code=413, title="The file is too large", hint="Choose a smaller file."
        ), 413
    form = PaperForm(formdata=None)
    form.file.errors = [f"The selected file must be {format_size(max_paper_bytes())} or smaller"]
    return _page(paper, form, replacing=found, status=413)


def paper_attachments(paper_id: int):
    """The author or the secretariat (drafts): the paper's attachments; upload another."""
    paper = editable(paper_id)
    form = PaperForm()
    if form.validate_on_submit():
        try:
            added = attachments.add_attachment(paper, form.title.data, form.checked, form.file_bytes, by=current_user)
        except PaperError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{added.title} attached.", "success")
            return redirect(url_for("papers.paper_attachments", paper_id=paper.id))
    return _page(paper, form)


def replace_attachment(attachment_id: int):
    """The author or the secretariat: upload a new version of an attachment (earlier ones kept)."""
    found = db.get_or_404(CoverAttachment, attachment_id)
    paper = editable(found.paper_id)
    form = PaperForm()
    if request.method == "GET":
        form.title.data = found.title
    if form.validate_on_submit():
        try:
            version = attachments.replace_attachment(found, form.checked, form.file_bytes, by=current_user)
        except PaperError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{found.title}: version {version.number} uploaded; earlier versions are kept.", "success")
            return redirect(url_for("papers.paper_attachments", paper_id=paper.id))
    return _page(paper, form, replacing=found)


def delete_attachment(attachment_id: int):
    """The author or the secretariat: remove an attachment that was never cleared."""
    found = db.get_or_404(CoverAttachment, attachment_id)
    paper = editable(found.paper_id)
    if ConfirmForm().validate_on_submit():
        title = found.title
        try:
            attachments.delete_attachment(found, by=current_user)
        except PaperError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{title} removed.", "success")
    return redirect(url_for("papers.paper_attachments", paper_id=paper.id))


def download_attachment(version_id: int):
    """Readers of the paper: an attachment's file (members: only versions in the published paper)."""
    version = db.get_or_404(CoverAttachmentVersion, version_id)
    paper = readable(version.attachment.paper_id)
    if not permissions.can_read_cover_paper_draft(current_user, paper):
        if version.id not in published.published_attachment_ids(paper):
            abort(404)
    data = attachments.attachment_bytes(version)
    if data is None:
        abort(404)
    return download(data, mimetype=version.content_type, filename=version.filename)

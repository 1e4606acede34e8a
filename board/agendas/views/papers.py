"""Papers on agenda items: upload, replace (keeping versions), remove, download."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from board import permissions
from board.agendas import papers, publishing
from board.agendas.files import format_size
from board.agendas.forms import PaperForm
from board.agendas.models import AgendaItem, Paper, PaperVersion
from board.agendas.views.agenda import _editable_item
from board.common.access import require
from board.common.exports import attachment
from board.common.forms import ConfirmForm
from board.extensions import db


def _papers_page(item: AgendaItem, form: PaperForm, replacing: Paper | None = None, status: int = 200):
    # Every paper with its versions and uploaders in three queries, not one per paper: the
    # page grows with each upload (and on PostgreSQL each query is a trip to the server).
    db.session.execute(
        sa.select(AgendaItem)
        .where(AgendaItem.id == item.id)
        .options(selectinload(AgendaItem.papers).selectinload(Paper.versions).joinedload(PaperVersion.uploaded_by))
    ).unique().all()
    return render_template(
        "agendas/papers.html",
        item=item,
        meeting=item.meeting,
        form=form,
        replacing=replacing,
        confirm=ConfirmForm(formdata=None),
    ), status


def _too_large(error):
    """An upload over the server's request limit: say so on the form, not a bare 413."""
    item_id = (request.view_args or {}).get("item_id")
    paper_id = (request.view_args or {}).get("paper_id")
    paper = db.session.get(Paper, paper_id) if paper_id else None
    item = paper.item if paper else (db.session.get(AgendaItem, item_id) if item_id else None)
    if item is None or not permissions.can_edit_agenda(current_user, item.meeting):
        return render_template(
            "errors/error.html", code=413, title="The file is too large", hint="Choose a smaller file."
        ), 413
    form = PaperForm(formdata=None)
    form.file.errors = [f"The selected file must be {format_size(papers.max_paper_bytes())} or smaller"]
    return _papers_page(item, form, replacing=paper, status=413)


def item_papers(item_id: int):
    """Secretariat: an item's papers with their versions; upload a new paper."""
    item = _editable_item(item_id)
    form = PaperForm()
    if form.validate_on_submit():
        paper = papers.add_paper(item, form.title.data, form.checked, form.file_bytes, by=current_user)
        db.session.commit()
        flash(f"{paper.title} uploaded.", "success")
        return redirect(url_for("agendas.item_papers", item_id=item.id))
    return _papers_page(item, form)


def replace_paper(paper_id: int):
    """Secretariat: upload a new version of a paper; earlier versions are kept."""
    paper = db.get_or_404(Paper, paper_id)
    item = _editable_item(paper.item_id)
    form = PaperForm()
    if request.method == "GET":
        form.title.data = paper.title
    if form.validate_on_submit():
        version = papers.replace_paper(paper, form.checked, form.file_bytes, by=current_user)
        db.session.commit()
        flash(f"{paper.title}: version {version.number} uploaded; earlier versions are kept.", "success")
        return redirect(url_for("agendas.item_papers", item_id=item.id))
    return _papers_page(item, form, replacing=paper)


def delete_paper(paper_id: int):
    """Secretariat: remove a paper and its versions from the item."""
    paper = db.get_or_404(Paper, paper_id)
    item = _editable_item(paper.item_id)
    if ConfirmForm().validate_on_submit():
        title = paper.title
        papers.delete_paper(paper, by=current_user)
        db.session.commit()
        flash(f"{title} removed.", "success")
    return redirect(url_for("agendas.item_papers", item_id=item.id))


def download_paper(version_id: int):
    """Members (published versions) and the secretariat (any): download a paper as a file."""
    version = db.get_or_404(PaperVersion, version_id)
    meeting = version.paper.item.meeting
    require(permissions.can_view_agenda(current_user, meeting))
    if not permissions.can_edit_agenda(current_user, meeting):
        published = publishing.published_version_ids(publishing.latest_publication(meeting))
        if version.id not in published:
            abort(404)
    data = papers.paper_bytes(version)
    if data is None:
        abort(404)
    return attachment(data, mimetype=version.content_type, filename=version.filename)

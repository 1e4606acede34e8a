"""Cover paper pages: start, read, write, send for review, clear or return, outputs."""

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from board import permissions
from board.agendas.models import AgendaItem
from board.common.access import require
from board.common.exports import attachment, pdf_response
from board.common.forms import ConfirmForm, show_refusal
from board.extensions import db
from board.meetings.models import Meeting
from board.papers import outputs, published, services
from board.papers.forms import ReviewForm, StartPaperForm, paper_form
from board.papers.models import CoverPaper, PaperStatus
from board.papers.views.common import editable, load_paper, readable, reading_for
from board.people.models import User


def _show(paper: CoverPaper):
    return redirect(url_for("papers.show", paper_id=paper.id))


def start(item_id: int):
    """Secretariat: start an item's cover paper from the body's template, naming its author."""
    item = db.get_or_404(AgendaItem, item_id)
    require(permissions.can_start_cover_paper(current_user, item))
    existing = services.paper_of(item)
    if existing is not None:
        return _show(existing)
    form = StartPaperForm()
    users = db.session.scalars(sa.select(User).where(User.is_enabled.is_(True)).order_by(User.name)).all()
    form.author.choices = [(u.id, f"{u.name} ({u.email})") for u in users]
    earlier = db.session.execute(
        sa.select(CoverPaper.id, CoverPaper.title, Meeting.starts_at)
        .join(AgendaItem, AgendaItem.id == CoverPaper.item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .order_by(Meeting.starts_at.desc())
        .limit(200)
    ).all()
    form.copy_from.choices = [(0, "Nothing: start from the template")] + [
        (pid, f"{title} ({starts:%B %Y})") for pid, title, starts in earlier
    ]
    if request.method == "GET":
        form.author.data = current_user.id
    if form.validate_on_submit():
        author = db.session.get(User, form.author.data)
        copy_from = db.session.get(CoverPaper, form.copy_from.data) if form.copy_from.data else None
        try:
            if author is None or not author.is_enabled:
                raise services.PaperError("Choose who writes the paper", "author")
            paper = services.start_paper(item, author=author, by=current_user, copy_from=copy_from)
        except services.PaperError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(f"Cover paper started; {author.name} may now write it.", "success")
            return _show(paper)
    return render_template("papers/start.html", form=form, item=item, meeting=item.meeting)


def show(paper_id: int):
    """Its author, the secretariat, and (once published) the body's members: the paper, numbered."""
    paper = readable(paper_id)
    reading = reading_for(paper, request.args.get("version", type=int))
    drafting = permissions.can_read_cover_paper_draft(current_user, paper)
    return render_template(
        "papers/show.html",
        paper=paper,
        meeting=paper.item.meeting,
        reading=reading,
        drafting=drafting,
        report=services.readiness(paper) if drafting and paper.is_draft else None,
        published_ref=published.published_ref(paper),
        earlier_published=published.earlier_published(paper),
        confirm=ConfirmForm(),
    )


def edit(paper_id: int):
    """The author (their own draft) or the secretariat: write the paper; save a revision or send it for review."""
    paper = editable(paper_id)
    form = paper_form(paper)
    if not form.is_submitted():
        form.fill(paper)
    conflict = None
    if form.validate_on_submit():
        try:
            saved = services.save_draft(paper, form.values(), base_revision=form.base_revision.data, by=current_user)
        except services.PaperConflict as error:
            db.session.rollback()
            paper = load_paper(paper_id)
            conflict = {"latest": paper.revision, "base": error.base}
            form.base_revision.raw_data = None
            form.base_revision.data = paper.revision
            flash(str(error), "error")
        except services.PaperError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            if form.send.data:
                try:
                    services.submit_for_review(paper, by=current_user)
                except services.NotReady as refusal:
                    db.session.commit()  # the draft is saved even though it cannot go on yet
                    return _refused(paper, refusal)
                db.session.commit()
                flash("Saved and sent for review. The secretariat will clear it or send it back.", "success")
                return _show(paper)
            db.session.commit()
            flash("No changes to save." if saved is None else f"Saved as revision {paper.revision}.", "success")
            return _show(paper)
    return render_template(
        "papers/edit.html",
        paper=paper,
        meeting=paper.item.meeting,
        form=form,
        conflict=conflict,
        sections=paper.content.get("sections", []),
    )


def _refused(paper: CoverPaper, refusal: services.NotReady):
    """The checks' refusals, each naming its section and line, on the paper's page."""
    return render_template(
        "papers/show.html",
        paper=paper,
        meeting=paper.item.meeting,
        reading=outputs.rendition(paper, None, outputs.live_attachments(paper)),
        drafting=True,
        report=refusal.report,
        refused=True,
        published_ref=published.published_ref(paper),
        earlier_published=published.earlier_published(paper),
        confirm=ConfirmForm(),
    ), 400


def submit(paper_id: int):
    """The author or the secretariat: send the draft for review (refused, naming each problem, while the checks fail)."""
    paper = editable(paper_id)
    if not ConfirmForm().validate_on_submit():
        return _show(paper)
    try:
        services.submit_for_review(paper, by=current_user)
    except services.NotReady as refusal:
        db.session.rollback()
        return _refused(load_paper(paper_id), refusal)
    except services.PaperError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _show(paper)
    db.session.commit()
    flash("Sent for review. The secretariat will clear it or send it back.", "success")
    return _show(paper)


def review(paper_id: int):
    """Secretariat: clear a paper ready for review, or return it (or a cleared one) to draft, with a comment."""
    paper = readable(paper_id)
    require(permissions.can_review_cover_paper(current_user, paper))
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            if form.clear.data:
                version = services.clear_paper(paper, comment=form.comment.data, by=current_user)
                message = f"Cleared as version {version.number}. It joins the agenda when the agenda is next published."
            else:
                services.return_to_draft(paper, comment=form.comment.data, by=current_user)
                message = f"Returned to {paper.author.name} as a draft."
        except services.PaperError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(message, "success")
            return _show(paper)
    return render_template(
        "papers/review.html",
        paper=paper,
        meeting=paper.item.meeting,
        form=form,
        report=services.readiness(paper),
        may_clear=paper.status == PaperStatus.READY,
    )


def _output(paper_id: int):
    paper = readable(paper_id)
    reading = reading_for(paper, request.args.get("version", type=int))
    return paper, reading


def pdf(paper_id: int):
    """Readers: the paper as a PDF, numbered as on screen."""
    paper, reading = _output(paper_id)
    try:
        data = outputs.render_pdf(reading, current_app.config["BOARD_BASE_URL"].rstrip("/"))
    except outputs.PdfUnavailable as error:
        flash(f"The PDF could not be made on this server ({error}). Use your browser's Print instead.", "error")
        return _show(paper)
    return pdf_response(data, outputs.filename(paper, "pdf", reading.version))


def docx(paper_id: int):
    """Readers: the paper as a Word document, numbered as on screen."""
    paper, reading = _output(paper_id)
    data = outputs.docx_bytes(reading, current_app.config["BOARD_BASE_URL"].rstrip("/"))
    return attachment(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename=outputs.filename(paper, "docx", reading.version),
    )

"""What every cover paper page shares: loading with the permission check, and the helpers
other areas' templates call (the link on an agenda item, the pack, the home panel)."""

import sqlalchemy as sa
from flask import abort, g, render_template, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from board import permissions
from board.common.access import require
from board.extensions import db
from board.papers import outputs, published
from board.papers.models import CoverAttachment, CoverPaper, PaperStatus


@login_required
def _signed_in():
    """Every page here needs a signed-in user; each view checks what they may do."""


def load_paper(paper_id: int) -> CoverPaper:
    paper = db.session.scalar(
        sa.select(CoverPaper)
        .where(CoverPaper.id == paper_id)
        .options(selectinload(CoverPaper.attachments).selectinload(CoverAttachment.versions))
    )
    if paper is None:
        abort(404)
    return paper


def readable(paper_id: int) -> CoverPaper:
    """The paper, or 404 for anyone who may not read it (its existence is not revealed)."""
    paper = load_paper(paper_id)
    if not permissions.can_view_cover_paper(current_user, paper):
        abort(404)
    return paper


def editable(paper_id: int) -> CoverPaper:
    paper = readable(paper_id)
    require(permissions.can_edit_cover_paper(current_user, paper))
    return paper


def reading_for(paper: CoverPaper, version_number: int | None = None) -> outputs.Rendition:
    """What this reader sees: the author and the secretariat the draft (or any cleared version
    asked for); members the version in the published agenda."""
    if permissions.can_read_cover_paper_draft(current_user, paper):
        if version_number:
            version = next((v for v in paper.versions if v.number == version_number), None)
            if version is None:
                abort(404)
            return outputs.rendition(paper, version)
        return outputs.rendition(paper, None, outputs.live_attachments(paper))
    version = published.published_version(paper)
    if version is None or (version_number and version_number != version.number):
        abort(404)
    return outputs.rendition(paper, version)


# --- helpers for other areas' templates ----------------------------------------------------


def cover_paper_link(item) -> dict | None:
    """For an agenda item's pages: {"url", "label"} of its cover paper this reader may open, or None."""
    paper = db.session.scalar(sa.select(CoverPaper).where(CoverPaper.item_id == item.id))
    if paper is None:
        if permissions.can_start_cover_paper(current_user, item):
            return {"url": url_for("papers.start", item_id=item.id), "label": "Start a cover paper"}
        return None
    if not permissions.can_view_cover_paper(current_user, paper):
        return None
    return {"url": url_for("papers.show", paper_id=paper.id), "label": f"Cover paper ({paper.status_label.lower()})"}


def papers_for_pack(meeting, publication) -> dict[int, Markup]:
    """item id -> the cover paper rendered for the agenda pack (published version; the latest
    cleared one in the secretariat's draft pack), once per request."""
    key = (meeting.id, getattr(publication, "id", None))
    cache = g.setdefault("_cover_pack", {})
    if key not in cache:
        cache[key] = {
            item_id: Markup(
                render_template("papers/_paper_body.html", reading=outputs.rendition(v.paper, v), in_pack=True)
            )
            for item_id, v in published.versions_for_pack(meeting, publication).items()
        }
    return cache[key]


def my_cover_papers(user=None) -> list[CoverPaper]:
    """For the home page (one query): the papers the person writes that are not yet cleared,
    and cleared ones that came back with a comment."""
    user = user or current_user
    return list(
        db.session.scalars(
            sa.select(CoverPaper)
            .where(
                CoverPaper.author_id == user.id,
                sa.or_(CoverPaper.status != PaperStatus.CLEARED.value, CoverPaper.review_comment != ""),
            )
            .options(selectinload(CoverPaper.item))
            .order_by(CoverPaper.updated_at.desc())
            .limit(20)
        )
    )


def helpers():
    """Template helpers: the agenda item link, the pack's cover papers, the home panel."""
    return {
        "cover_paper_link": cover_paper_link,
        "papers_for_pack": papers_for_pack,
        "my_cover_papers": my_cover_papers,
    }

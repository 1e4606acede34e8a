"""Cover papers: start, save drafts (revisions, stale saves refused), review, clear. Never commits.

Workflow: draft -> ready for review (the checks pass) -> cleared by the secretariat (a
frozen, numbered version) -> published with the agenda (the next publication takes the
latest cleared version into its snapshot). A change after that goes back to draft and is
cleared again as a new version; members see the version they were sent, then the new one
once the agenda is re-published.
"""

import sqlalchemy as sa
from flask import current_app, render_template

from board.agendas.models import AgendaItem
from board.audit.services import record
from board.common.filters import short_date
from board.common.mail import queue_mail
from board.common.models import lock_row
from board.common.timeutil import now_utc
from board.extensions import db
from board.papers import template
from board.papers.checks import Report, check_paper
from board.papers.models import (
    CoverPaper,
    CoverPaperRevision,
    CoverPaperVersion,
    GlossaryTerm,
    PaperStatus,
)
from board.papers.plan import LABELS
from board.people.models import User

MAX_SECTION_CHARS = 20_000


class PaperError(ValueError):
    """A change refused for a reason the person can fix; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class PaperConflict(PaperError):
    """The draft was loaded from an older revision than the latest: nothing was saved."""

    def __init__(self, paper: CoverPaper, base_revision: int):
        super().__init__(
            f"Someone saved revision {paper.revision} after you opened revision {base_revision}. "
            "Nothing was saved: your text is still in the boxes; check the paper's latest text, then save again."
        )
        self.latest = paper.revision
        self.base = base_revision


class NotReady(PaperError):
    """The checks found problems: the paper stays a draft."""

    def __init__(self, report: Report):
        super().__init__(f"The paper is not ready for review: {len(report.errors)} problem(s) to fix")
        self.report = report


def paper_of(item: AgendaItem) -> CoverPaper | None:
    return db.session.scalar(sa.select(CoverPaper).where(CoverPaper.item_id == item.id))


def glossary() -> dict[str, str]:
    """The acronyms the secretariat keeps: acronym -> meaning."""
    return {t.acronym: t.meaning for t in db.session.scalars(sa.select(GlossaryTerm).order_by(GlossaryTerm.acronym))}


def _copy_from(content: dict, earlier: CoverPaper) -> dict:
    """Carry an earlier paper's words into the new paper's sections (matched by kind and heading)."""
    old = earlier.content or {}
    by_heading = {(s["kind"], s["heading"].lower()): s["key"] for s in old.get("sections") or []}
    texts = {}
    for spec in content["sections"]:
        key = by_heading.get((spec["kind"], spec["heading"].lower()))
        if key and (old.get("texts") or {}).get(key):
            texts[spec["key"]] = old["texts"][key]
    content["texts"] = texts
    for name in ("produced_by", "recommendations", "alignment", "contact"):
        if old.get(name):
            content[name] = old[name]
    return content


def start_paper(item: AgendaItem, *, author: User, by, copy_from: CoverPaper | None = None) -> CoverPaper:
    """Secretariat: start the item's cover paper from its body's template, written by ``author``."""
    lock_row(item)  # two clicks on Start: the second sees the first's paper
    if paper_of(item) is not None:
        raise PaperError("This item already has a cover paper")
    content = {
        "produced_by": "",
        "sections": template.sections_copy(item.meeting.body),
        "texts": {},
        "recommendations": [],
        "alignment": [],
        "contact": {"name": "", "email": ""},
    }
    title = item.title
    if copy_from is not None:
        content = _copy_from(content, copy_from)
        title = copy_from.title or title
    paper = CoverPaper(
        item=item,
        author=author,
        title=title[:200],
        content=content,
        revision=1,
        copied_from_id=getattr(copy_from, "id", None),
    )
    db.session.add(paper)
    db.session.flush()
    db.session.add(CoverPaperRevision(paper_id=paper.id, number=1, title=paper.title, content=content, author_id=by.id))
    record(
        "cover_paper_started",
        paper,
        actor=by,
        label=f"{item.title}: cover paper",
        changes={"author": [None, author.name], **({"copied_from": [None, copy_from.id]} if copy_from else {})},
    )
    return paper


def _content_with(paper: CoverPaper, values: dict) -> dict:
    content = dict(paper.content or {})
    keys = {s["key"] for s in content.get("sections") or []}
    content["texts"] = {k: v for k, v in (values.get("texts") or {}).items() if k in keys and v}
    content["produced_by"] = values.get("produced_by") or ""
    content["recommendations"] = [r.strip() for r in values.get("recommendations") or [] if r.strip()]
    content["alignment"] = [k for k in values.get("alignment") or [] if k in LABELS]
    content["contact"] = {
        "name": (values.get("contact_name") or "").strip(),
        "email": (values.get("contact_email") or "").strip(),
    }
    return content


def save_draft(paper: CoverPaper, values: dict, *, base_revision: int, by) -> CoverPaperRevision | None:
    """The author or the secretariat: save the draft as a new revision (None when nothing changed).

    A save from an older revision than the latest is refused, as minutes are.
    """
    if not paper.is_draft:
        raise PaperError(f"The paper is {paper.status_label.lower()}: it can be changed only as a draft")
    for key, text in (values.get("texts") or {}).items():
        if len(text or "") > MAX_SECTION_CHARS:
            raise PaperError(f"Each section must be {MAX_SECTION_CHARS:,} characters or fewer", f"section_{key}")
    title = (values.get("title") or "").strip()[:200]
    content = _content_with(paper, values)
    if content == paper.content and title == paper.title:
        if base_revision != paper.revision:
            raise PaperConflict(paper, base_revision)
        return None
    bumped = db.session.execute(
        sa.update(CoverPaper)
        .where(CoverPaper.id == paper.id, CoverPaper.revision == base_revision)
        .values(revision=base_revision + 1)
        .execution_options(synchronize_session="fetch")
    )
    if bumped.rowcount != 1:
        db.session.refresh(paper)
        raise PaperConflict(paper, base_revision)
    paper.title, paper.content = title, content
    saved = CoverPaperRevision(
        paper_id=paper.id, number=base_revision + 1, title=title, content=content, author_id=by.id
    )
    db.session.add(saved)
    db.session.flush()
    record("cover_paper_saved", paper, actor=by, changes={"revision": [base_revision, base_revision + 1]})
    return saved


def readiness(paper: CoverPaper) -> Report:
    """What the checks say about the draft as it stands."""
    return check_paper({**(paper.content or {}), "title": paper.title}, len(paper.attachments), glossary())


def submit_for_review(paper: CoverPaper, *, by) -> Report:
    """The author or the secretariat: send the draft for review; refused (NotReady) while the checks fail."""
    lock_row(paper)
    db.session.refresh(paper)
    if not paper.is_draft:
        raise PaperError(f"The paper is already {paper.status_label.lower()}")
    report = readiness(paper)
    if not report.ok:
        raise NotReady(report)
    paper.status = PaperStatus.READY.value
    record("cover_paper_submitted", paper, actor=by, changes={"status": ["draft", "ready"]})
    return report


def _review(paper: CoverPaper, comment: str, by) -> None:
    paper.review_comment = (comment or "").strip()
    paper.reviewed_by_id = by.id
    paper.reviewed_at = now_utc()


def tell_author(paper: CoverPaper, *, by, cleared_version: int | None = None, was_cleared: bool = False) -> bool:
    """E-mail the author that the secretariat cleared or returned their paper, with the comment
    and a link (queued in the same transaction). Not when they reviewed it themselves, or can
    no longer sign in."""
    author = paper.author
    if author is None or not author.is_enabled or author.id == getattr(by, "id", None):
        return False
    meeting = paper.item.meeting
    base = current_app.config["BOARD_BASE_URL"].rstrip("/")
    path = f"/cover-papers/{paper.id}" if cleared_version else f"/cover-papers/{paper.id}/edit"
    what = "cleared" if cleared_version else "returned to you"
    text = render_template(
        "emails/cover_paper_reviewed.txt",
        paper=paper,
        meeting=meeting,
        cleared_version=cleared_version,
        was_cleared=was_cleared,
        link=base + path,
    )
    subject = f"Your cover paper {what}: {paper.title} ({meeting.body.short_name}, {short_date(meeting.starts_at)})"
    return queue_mail([(author.name, author.email)], subject, text, kind="cover_paper_reviewed") is not None


def clear_paper(paper: CoverPaper, *, comment: str = "", by, notify: bool = True) -> CoverPaperVersion:
    """Secretariat: clear a paper ready for review; it is frozen as the next version (the
    author is e-mailed unless ``notify`` is false)."""
    lock_row(paper)
    db.session.refresh(paper)
    if paper.status != PaperStatus.READY:
        raise PaperError("Only a paper ready for review can be cleared")
    number = (
        db.session.scalar(
            sa.select(sa.func.max(CoverPaperVersion.number)).where(CoverPaperVersion.paper_id == paper.id)
        )
        or 0
    ) + 1
    attachments = [
        {
            "title": a.title,
            "version_id": a.current.id,
            "version": a.current.number,
            "filename": a.current.filename,
            "content_type": a.current.content_type,
            "size_bytes": a.current.size_bytes,
        }
        for a in paper.attachments
        if a.current is not None
    ]
    version = CoverPaperVersion(
        paper_id=paper.id,
        number=number,
        title=paper.title,
        content={**(paper.content or {}), "attachments": attachments},
        cleared_by_id=by.id,
    )
    db.session.add(version)
    paper.status = PaperStatus.CLEARED.value
    _review(paper, comment, by)
    db.session.flush()
    db.session.expire(paper, ["versions"])
    record("cover_paper_cleared", paper, actor=by, changes={"status": ["ready", "cleared"], "version": [None, number]})
    if notify:
        tell_author(paper, by=by, cleared_version=number)
    return version


def return_to_draft(paper: CoverPaper, *, comment: str = "", by, notify: bool = True) -> None:
    """Secretariat: send a paper back to its author as a draft (with a comment), or reopen a
    cleared one for a change (its cleared version stays on the agenda until the next is cleared)."""
    lock_row(paper)
    db.session.refresh(paper)
    if paper.is_draft:
        raise PaperError("The paper is already a draft")
    before = paper.status
    paper.status = PaperStatus.DRAFT.value
    _review(paper, comment, by)
    record("cover_paper_returned", paper, actor=by, changes={"status": [before, "draft"]})
    if notify:
        tell_author(paper, by=by, was_cleared=before == PaperStatus.CLEARED)


def add_term(acronym: str, meaning: str, *, by) -> GlossaryTerm:
    """Secretariat: add an acronym to the glossary (refused when it is there already)."""
    acronym = acronym.strip().upper()
    if db.session.scalar(sa.select(GlossaryTerm.id).where(GlossaryTerm.acronym == acronym)) is not None:
        raise PaperError(f"{acronym} is already in the glossary", "acronym")
    term = GlossaryTerm(acronym=acronym, meaning=meaning.strip())
    db.session.add(term)
    db.session.flush()
    record("glossary_term_added", term, actor=by)
    return term


def delete_term(term: GlossaryTerm, *, by) -> None:
    record("glossary_term_removed", term, actor=by)
    db.session.delete(term)

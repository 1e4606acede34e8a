"""Storing papers: each upload is a new version; earlier versions are kept. Never commits.

The bytes go in the database (``agenda_paper_content``) so any app server can serve any
paper without shared disks; the listing tables never hold them, so pages stay light.
"""

import hashlib

import sqlalchemy as sa
from flask import current_app

from board.agendas.files import CheckedPaper
from board.agendas.models import AgendaItem, Paper, PaperContent, PaperVersion
from board.audit.services import record
from board.common.models import lock_row
from board.extensions import db

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_paper_bytes() -> int:
    """The largest paper accepted (AGENDA_PAPER_MAX_BYTES, 20 MB unless configured)."""
    return int(current_app.config.get("AGENDA_PAPER_MAX_BYTES", DEFAULT_MAX_BYTES))


def _add_version(paper: Paper, checked: CheckedPaper, data: bytes, by) -> PaperVersion:
    if paper.id:
        lock_row(paper)  # two uploads at once number their versions one after the other
    number = (
        (db.session.scalar(sa.select(sa.func.max(PaperVersion.number)).where(PaperVersion.paper_id == paper.id)) or 0)
        + 1
        if paper.id
        else 1
    )
    version = PaperVersion(
        paper=paper,
        number=number,
        filename=checked.filename,
        content_type=checked.content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=getattr(by, "id", None),
    )
    version.content = PaperContent(data=data)
    db.session.add(version)
    return version


def add_paper(item: AgendaItem, title: str, checked: CheckedPaper, data: bytes, *, by) -> Paper:
    """Secretariat: attach a new paper (version 1) to an item."""
    paper = Paper(item=item, title=title or checked.title or checked.filename)
    db.session.add(paper)
    version = _add_version(paper, checked, data, by)
    record(
        "paper_added",
        paper,
        actor=by,
        label=f"{item.title}: {paper.title}",
        changes={"file": [None, version.filename], "size_bytes": [None, version.size_bytes]},
    )
    return paper


def replace_paper(paper: Paper, checked: CheckedPaper, data: bytes, *, by) -> PaperVersion:
    """Secretariat: upload a new version of a paper; the earlier ones stay downloadable."""
    before = paper.current
    version = _add_version(paper, checked, data, by)
    db.session.flush()
    record(
        "paper_replaced",
        paper,
        actor=by,
        label=f"{paper.item.title}: {paper.title}",
        changes={
            "file": [before.filename if before else None, version.filename],
            "version": [before.number if before else None, version.number],
        },
    )
    db.session.expire(paper, ["versions"])
    return version


def delete_paper(paper: Paper, *, by) -> None:
    """Secretariat: remove a paper and all its versions from an item."""
    record("paper_deleted", paper, actor=by, label=f"{paper.item.title}: {paper.title}")
    db.session.delete(paper)


def paper_bytes(version: PaperVersion) -> bytes:
    """The stored file of one version (loaded only when downloading)."""
    return db.session.scalar(sa.select(PaperContent.data).where(PaperContent.version_id == version.id))

"""A cover paper's attachments: uploaded with the agenda papers' checks (board/agendas/files.py)
and versioned as they are (each upload a new version, earlier ones kept). Never commits."""

import hashlib

import sqlalchemy as sa

from board.agendas.files import CheckedPaper
from board.audit.services import record
from board.common.models import lock_row
from board.extensions import db
from board.papers.models import CoverAttachment, CoverAttachmentVersion, CoverPaper, CoverPaperVersion
from board.papers.services import PaperError


def _add_version(attachment: CoverAttachment, checked: CheckedPaper, data: bytes, by) -> CoverAttachmentVersion:
    if attachment.id:
        lock_row(attachment)  # two uploads at once number their versions one after the other
    number = (
        (
            db.session.scalar(
                sa.select(sa.func.max(CoverAttachmentVersion.number)).where(
                    CoverAttachmentVersion.attachment_id == attachment.id
                )
            )
            or 0
        )
        + 1
        if attachment.id
        else 1
    )
    version = CoverAttachmentVersion(
        attachment=attachment,
        number=number,
        filename=checked.filename,
        content_type=checked.content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=getattr(by, "id", None),
        data=data,
    )
    db.session.add(version)
    return version


def _editable(paper: CoverPaper) -> None:
    if not paper.is_draft:
        raise PaperError(f"The paper is {paper.status_label.lower()}: attachments change only while it is a draft")


def add_attachment(paper: CoverPaper, title: str, checked: CheckedPaper, data: bytes, *, by) -> CoverAttachment:
    """The author or the secretariat: attach a paper (version 1)."""
    _editable(paper)
    attachment = CoverAttachment(paper=paper, title=(title or checked.title or checked.filename)[:200])
    db.session.add(attachment)
    version = _add_version(attachment, checked, data, by)
    record("cover_attachment_added", attachment, actor=by, changes={"file": [None, version.filename]})
    return attachment


def replace_attachment(
    attachment: CoverAttachment, checked: CheckedPaper, data: bytes, *, by
) -> CoverAttachmentVersion:
    """The author or the secretariat: upload a new version; earlier ones stay (published papers point to them)."""
    _editable(attachment.paper)
    version = _add_version(attachment, checked, data, by)
    db.session.flush()
    record("cover_attachment_replaced", attachment, actor=by, changes={"version": [version.number - 1, version.number]})
    db.session.expire(attachment, ["versions"])
    return version


def was_cleared(attachment: CoverAttachment) -> bool:
    """Whether a cleared version of the paper lists this attachment (its files must stay)."""
    ids = {v.id for v in attachment.versions}
    contents = db.session.scalars(
        sa.select(CoverPaperVersion.content).where(CoverPaperVersion.paper_id == attachment.paper_id)
    ).all()
    return any(a.get("version_id") in ids for c in contents for a in (c or {}).get("attachments", []))


def delete_attachment(attachment: CoverAttachment, *, by) -> None:
    """Remove an attachment never cleared (a cleared one can only be replaced)."""
    _editable(attachment.paper)
    if was_cleared(attachment):
        raise PaperError(f"{attachment.title} was in a cleared version of the paper: upload a new version instead")
    record("cover_attachment_removed", attachment, actor=by)
    db.session.delete(attachment)


def attachment_bytes(version: CoverAttachmentVersion) -> bytes | None:
    return db.session.scalar(sa.select(CoverAttachmentVersion.data).where(CoverAttachmentVersion.id == version.id))

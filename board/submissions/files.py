"""Supporting files on partner updates: checked like agenda papers, stored beside the update. Never commits."""

import hashlib

from board.audit.services import record
from board.submissions.models import PartnerUpdate, UpdateFile, UpdateStatus
from board.submissions.services import SubmissionError


def _must_be_changeable(update: PartnerUpdate) -> None:
    if update.round.is_locked:
        raise SubmissionError("This round is locked: the update can no longer be changed")
    if update.status == UpdateStatus.ACCEPTED:
        raise SubmissionError("This update has been accepted: it can no longer be changed")


def add_update_file(update: PartnerUpdate, title: str, checked, data: bytes, *, actor) -> UpdateFile:
    """A contact (or the secretariat) attaches a supporting file, checked as agenda papers are."""
    _must_be_changeable(update)
    item = UpdateFile(
        title=title or checked.filename,
        filename=checked.filename,
        content_type=checked.content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=getattr(actor, "id", None),
        data=data,
    )
    update.files.append(item)
    record("add_update_file", update, actor=actor, changes={"file": [None, item.filename]})
    return item


def remove_update_file(item: UpdateFile, *, actor) -> None:
    """A contact (or the secretariat) removes a supporting file from an update still open."""
    update = item.update
    _must_be_changeable(update)
    record("remove_update_file", update, actor=actor, changes={"file": [item.filename, None]})
    update.files.remove(item)


def change_files(update: PartnerUpdate, *, add, remove, actor) -> None:
    """Attach the checked files (``(checked, data)`` pairs) and remove the given ones, as
    part of saving the update's form."""
    for item in remove:
        remove_update_file(item, actor=actor)
    for checked, data in add:
        add_update_file(update, checked.title, checked, data, actor=actor)

"""Supporting files on an update: checked like agenda papers, and as private as the update."""

import io

import sqlalchemy as sa

from board.extensions import db
from board.submissions.models import UpdateFile
from tests.conftest import text
from tests.submissions.conftest import update_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client, update_id, name, data, title=""):
    return client.post_form(
        f"/updates/{update_id}/files",
        {"title": title, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_lead_attaches_downloads_and_removes_a_file_that_other_organisations_cannot_reach(board_round, client_as):
    """Leeds attaches a PDF; Bradford's lead gets 404 on it; a fake PDF is refused; removing it works."""
    update = update_of(board_round, "Leeds")
    lead = client_as("lead.leeds@example.org")
    response = _upload(lead, update.id, "naloxone.pdf", PDF, title="Naloxone pilot report")
    assert "naloxone.pdf attached." in text(response)
    item = db.session.scalar(sa.select(UpdateFile).where(UpdateFile.update_id == update.id))
    assert item.title == "Naloxone pilot report"
    item_id = item.id
    download = lead.get(f"/updates/files/{item.id}")
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]
    other = client_as("lead.bradford@example.org")
    assert other.get(f"/updates/files/{item.id}").status_code == 404
    assert other.post_form(f"/updates/files/{item.id}/delete").status_code == 404
    assert _upload(other, update.id, "x.pdf", PDF).status_code == 404

    response = _upload(lead, update.id, "fake.pdf", b"just text, not a PDF")
    assert response.status_code == 200 and "fake.pdf attached" not in text(response)
    assert db.session.scalar(sa.select(sa.func.count(UpdateFile.id)).where(UpdateFile.update_id == update.id)) == 1

    assert lead.post_form(f"/updates/files/{item_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(UpdateFile, item_id) is None


def test_no_files_change_once_the_round_is_locked(board_round, client_as, secretariat):
    """A locked round refuses new files with a message."""
    update = update_of(board_round, "Leeds")
    secretariat.post_form(f"/rounds/{board_round.id}/lock")
    response = _upload(client_as("lead.leeds@example.org"), update.id, "late.pdf", PDF)
    assert "This round is locked" in text(response)
    assert db.session.scalar(sa.select(UpdateFile.id).where(UpdateFile.update_id == update.id)) is None

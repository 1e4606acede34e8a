"""Supporting files on an update: chosen in the update's own form, checked like agenda
papers, saved with the text, and as private as the update (issue 19, part 1)."""

import io

import sqlalchemy as sa

from board.extensions import db
from board.submissions.models import PartnerUpdate, UpdateFile
from tests.conftest import text
from tests.submissions.conftest import update_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSV = b"district,kits\nLeeds,120\n"


def _save(client, update, data: dict, *files, **kwargs):
    """Post the update's one form, as a browser does: text, figures and files together."""
    form = {"version": str(_fresh(update.id).version), "action": "draft", **data}
    if files:
        form["new_files"] = [(io.BytesIO(body), name) for name, body in files]
    return client.post_form(f"/updates/{update.id}/edit", form, content_type="multipart/form-data", **kwargs)


def _fresh(update_id: int) -> PartnerUpdate:
    db.session.expire_all()
    return db.session.get(PartnerUpdate, update_id)


def _files(update) -> list[UpdateFile]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(UpdateFile).where(UpdateFile.update_id == update.id)))


def test_save_draft_keeps_the_text_and_the_files_chosen_in_one_go(board_round, client_as):
    """Leeds types progress and chooses two files; one Save as draft stores both, and the
    page lists each file's name, size, type and who added it."""
    update = update_of(board_round, "Leeds")
    lead = client_as("lead.leeds@example.org")
    response = _save(
        lead, update, {"progress": "Naloxone in every custody suite."}, ("pilot.pdf", PDF), ("kits.csv", CSV)
    )
    assert response.status_code == 302
    saved = _fresh(update.id)
    assert saved.progress == "Naloxone in every custody suite." and saved.status == "draft"
    assert sorted(f.filename for f in _files(update)) == ["kits.csv", "pilot.pdf"]
    page = text(lead.get(f"/updates/{update.id}/edit"))
    assert "pilot.pdf" in page and "PDF" in page and f"{len(PDF)} bytes" in page
    assert "kits.csv" in page and "CSV" in page and f"{len(CSV)} bytes" in page
    names = {f.uploaded_by.name for f in _files(update)}
    assert len(names) == 1 and next(iter(names)) in page


def test_a_refused_file_keeps_all_the_text_and_saves_nothing(board_round, client_as):
    """A fake PDF: the error summary names the file and links to the file box; every section
    typed is on the page again; nothing is saved, the good file included."""
    update = update_of(board_round, "Leeds")
    lead = client_as("lead.leeds@example.org")
    typed = {"progress": "Progress typed", "risks": "Risks typed", "asks": "Asks typed", "good_practice": "Shared"}
    response = _save(lead, update, typed, ("good.pdf", PDF), ("fake.pdf", b"just text, not a PDF"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in page and 'href="#new_files"' in page
    assert "fake.pdf: The selected file is called .pdf but its contents are not a PDF" in text(response)
    assert "Choose your files again: good.pdf" in text(response)
    for value in typed.values():
        assert f">{value}</textarea>" in page
    assert _fresh(update.id).version == 0 and _fresh(update.id).progress == ""
    assert _files(update) == []


def test_remove_ticks_take_files_off_when_the_form_is_saved(board_round, client_as):
    """Ticking Remove beside a file and saving takes that file off, keeping the others and the text."""
    update = update_of(board_round, "Leeds")
    lead = client_as("lead.leeds@example.org")
    _save(lead, update, {"progress": "First"}, ("a.pdf", PDF), ("b.csv", CSV))
    drop = next(f for f in _files(update) if f.filename == "a.pdf")
    assert f'id="remove-file-{drop.id}"' in lead.get(f"/updates/{update.id}/edit").get_data(as_text=True)
    assert _save(lead, update, {"progress": "Second", "remove_files": [str(drop.id)]}).status_code == 302
    assert [f.filename for f in _files(update)] == ["b.csv"]
    assert _fresh(update.id).progress == "Second"


def test_other_organisations_can_neither_reach_nor_remove_a_file(board_round, client_as):
    """Bradford's lead gets 404 on Leeds' file and edit page; Leeds cannot remove Bradford's file
    through its own form (the id is not one of its files): nothing changes."""
    leeds, bradford = update_of(board_round, "Leeds"), update_of(board_round, "Bradford")
    _save(client_as("lead.leeds@example.org"), leeds, {"progress": "Leeds"}, ("leeds.pdf", PDF))
    _save(client_as("lead.bradford@example.org"), bradford, {"progress": "Bradford"}, ("bradford.pdf", PDF))
    leeds_file, bradford_file = _files(leeds)[0], _files(bradford)[0]
    other = client_as("lead.bradford@example.org")
    assert other.get(f"/updates/files/{leeds_file.id}").status_code == 404
    assert other.get(f"/updates/{leeds.id}/edit").status_code == 404
    assert _save(other, leeds, {"progress": "Overwritten"}, ("x.pdf", PDF)).status_code == 404
    lead = client_as("lead.leeds@example.org")
    download = lead.get(f"/updates/files/{leeds_file.id}")
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]
    response = _save(lead, leeds, {"progress": "Leeds", "remove_files": [str(bradford_file.id)]})
    assert response.status_code == 200 and "not one of this update’s files" in text(response)
    assert [f.filename for f in _files(bradford)] == ["bradford.pdf"]
    assert _fresh(leeds.id).progress == "Leeds" and _fresh(bradford.id).progress == "Bradford"


def test_no_files_change_once_the_round_is_locked(board_round, client_as, secretariat):
    """A locked round: the form is not offered and a posted file is not stored."""
    update = update_of(board_round, "Leeds")
    secretariat.post_form(f"/rounds/{board_round.id}/lock")
    response = _save(client_as("lead.leeds@example.org"), update, {}, ("late.pdf", PDF), follow_redirects=True)
    assert "This round is locked" in text(response)
    assert _files(update) == []


def test_files_over_the_server_limit_say_so_and_how_to_keep_the_text(app, board_round, client_as):
    """More than the server takes in one request: a page saying nothing was saved and what to do, not a bare 413."""
    update = update_of(board_round, "Leeds")
    lead = client_as("lead.leeds@example.org")
    app.config["MAX_CONTENT_LENGTH"] = 4096
    response = _save(lead, update, {"progress": "Typed"}, ("big.pdf", PDF + b"0" * 8192))
    assert response.status_code == 413
    page = text(response)
    assert "The files chosen are too large to send together" in page and "your browser keeps what you typed" in page
    assert _fresh(update.id).version == 0 and _files(update) == []

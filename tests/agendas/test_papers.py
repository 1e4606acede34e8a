"""Papers: upload checks against spoofed files, versions, safe download names, who may download."""

import io
import zipfile

import pytest
import sqlalchemy as sa

from board.agendas import publishing, services
from board.agendas.files import PaperRejected, check_paper, safe_filename
from board.agendas.models import Paper, PaperVersion
from board.extensions import db
from board.seed.agendas import tiny_pdf
from tests.conftest import text

LIMIT = 20 * 1024 * 1024


def ooxml(folder: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{folder}document.xml", "<x/>")
    return buf.getvalue()


def odf(mimetype: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", mimetype)
        z.writestr("content.xml", "<x/>")
    return buf.getvalue()


OLE = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("paper.pdf", tiny_pdf("Hello")),
        ("Paper.PDF", tiny_pdf("Hello")),
        ("update.docx", ooxml("word/")),
        ("figures.xlsx", ooxml("xl/")),
        ("slides.pptx", ooxml("ppt/")),
        ("old.doc", OLE),
        ("old.xls", OLE),
        ("old.ppt", OLE),
        ("plan.odt", odf("application/vnd.oasis.opendocument.text")),
        ("sheet.ods", odf("application/vnd.oasis.opendocument.spreadsheet")),
        ("deck.odp", odf("application/vnd.oasis.opendocument.presentation")),
        ("figures.csv", b"District,Kits\nLeeds,412\nKirklees,96\n"),
    ],
)
def test_accepted_types(name, data):
    """Each allowed type passes when its first bytes agree with its extension."""
    assert check_paper(name, data, LIMIT).extension == name.rpartition(".")[2].lower()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 an executable", "not a PDF"),
        ("report.pdf", b"<html><script>alert(1)</script>", "not a PDF"),
        ("update.docx", ooxml("xl/"), "not a Word document"),
        ("update.docx", b"PK\x03\x04 not really a zip", "not a Word document"),
        ("plan.odt", odf("application/vnd.oasis.opendocument.spreadsheet"), "not an OpenDocument text"),
        ("plan.odt", ooxml("word/"), "not an OpenDocument text"),
        ("old.doc", tiny_pdf("x"), "not a Word document"),
        ("figures.csv", b"a,b\x00,c", "not a CSV"),
        ("figures.csv", b"\xff\xfe\xfa latin junk", "not a CSV"),
        ("virus.exe", b"MZ", "must be a PDF, Word"),
        ("noextension", tiny_pdf("x"), "must be a PDF, Word"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_spoofed_and_bad_files_refused(name, data, message):
    """A renamed file, an empty file or a disallowed type is refused with a clear reason."""
    with pytest.raises(PaperRejected, match=message):
        check_paper(name, data, LIMIT)


def test_too_large_refused():
    with pytest.raises(PaperRejected, match="must be 1 KB or smaller"):
        check_paper("big.pdf", tiny_pdf("x") + b" " * 2048, 1024)


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ('Q3 – report "final".PDF', "Q3-report-final.pdf"),
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\Users\\me\\Leeds update.docx", "Leeds-update.docx"),
        ("\r\nSet-Cookie: x.pdf", "Set-Cookie-x.pdf"),
        ("ünïcödé.odt", "unicode.odt"),
        ("....pdf", "paper.pdf"),
    ],
)
def test_safe_filenames(given, safe):
    assert safe_filename(given) == safe


@pytest.fixture
def item(staff, meeting):
    services.start_agenda(meeting, by=staff)
    db.session.commit()
    return next(i for i in services.load_items(meeting) if i.kind == "minutes")


def upload(client, url, name, data, title=""):
    return client.post_form(url, {"title": title, "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_upload_replace_keeps_versions_and_records_who(secretariat, item, staff):
    """Secretariat: upload a paper, replace it, and both versions stay with uploader and time."""
    url = f"/agenda-items/{item.id}/papers"
    response = upload(secretariat, url, "Draft minutes – March.pdf", tiny_pdf("Draft minutes v1"), "Draft minutes")
    assert response.status_code == 302
    paper = db.session.scalar(sa.select(Paper).where(Paper.item_id == item.id))
    assert paper.title == "Draft minutes"
    response = upload(secretariat, f"/papers/{paper.id}/replace", "minutes v2.pdf", tiny_pdf("Draft minutes v2"))
    assert response.status_code == 302
    versions = db.session.scalars(
        sa.select(PaperVersion).where(PaperVersion.paper_id == paper.id).order_by(PaperVersion.number)
    ).all()
    assert [(v.number, v.filename) for v in versions] == [(1, "Draft-minutes-March.pdf"), (2, "minutes-v2.pdf")]
    assert all(v.uploaded_by_id == staff.id and v.uploaded_at is not None for v in versions)
    page = text(secretariat.get(url))
    assert "2 (current)" in page and "Draft-minutes-March.pdf" in page and staff.name in page

    old = secretariat.get(f"/papers/versions/{versions[0].id}/download")
    assert old.status_code == 200 and b"Draft minutes v1" in old.data
    assert old.headers["Content-Disposition"].startswith("attachment;")
    assert "filename=Draft-minutes-March.pdf" in old.headers["Content-Disposition"]
    assert old.headers["Content-Type"] == "application/pdf"
    assert old.headers["X-Content-Type-Options"] == "nosniff"


def test_spoofed_upload_gives_form_error_and_saves_nothing(secretariat, item):
    """Secretariat: an executable renamed .pdf, an empty file, no file: messages, nothing saved."""
    url = f"/agenda-items/{item.id}/papers"
    for name, data, message in [
        ("report.pdf", b"MZ\x90\x00\x03", "its contents are not a PDF"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("script.js", b"alert(1)", "must be a PDF, Word, Excel"),
    ]:
        response = upload(secretariat, url, name, data, title="Kept title")
        assert response.status_code == 200
        page = text(response)
        assert "There is a problem" in page and message in page
        assert 'value="Kept title"' in response.get_data(as_text=True)
    response = secretariat.post_form(url, {"title": "x"}, content_type="multipart/form-data")
    assert "Select a file to upload" in text(response)
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(Paper)) == 0
        or db.session.scalar(sa.select(sa.func.count()).select_from(Paper).where(Paper.item_id == item.id)) == 0
    )


def test_over_the_paper_limit_gives_form_message(app, secretariat, item):
    """Secretariat: a file over the configured limit is refused on the form."""
    app.config["AGENDA_PAPER_MAX_BYTES"] = 2048
    response = upload(secretariat, f"/agenda-items/{item.id}/papers", "big.pdf", tiny_pdf("x") + b" " * 4096)
    assert response.status_code == 200
    assert "The selected file must be 2 KB or smaller" in text(response)


def test_over_the_request_limit_gives_friendly_form(app, secretariat, item):
    """Secretariat: a request over MAX_CONTENT_LENGTH shows the upload form with a message, not a bare 413."""
    app.config["MAX_CONTENT_LENGTH"] = 4096
    response = upload(secretariat, f"/agenda-items/{item.id}/papers", "big.pdf", tiny_pdf("x") + b" " * 8192)
    assert response.status_code == 413
    page = text(response)
    assert "must be 20 MB or smaller" in page and "Upload a paper" in page


def test_members_download_only_published_versions(secretariat, client_as, item, staff, meeting):
    """Members: the published version downloads; a draft upload or other body's member is refused."""
    upload(secretariat, f"/agenda-items/{item.id}/papers", "minutes.pdf", tiny_pdf("v1"))
    paper = db.session.scalar(sa.select(Paper).where(Paper.item_id == item.id))
    v1 = paper.current
    member = client_as("lead.leeds@example.org")
    assert member.get(f"/papers/versions/{v1.id}/download").status_code == 404  # not published yet
    publishing.publish_agenda(meeting, by=staff, notify=False)
    db.session.commit()
    assert member.get(f"/papers/versions/{v1.id}/download").status_code == 200
    upload(secretariat, f"/papers/{paper.id}/replace", "minutes.pdf", tiny_pdf("v2 draft"))
    db.session.expire_all()
    v2 = db.session.get(Paper, paper.id).current
    assert v2.number == 2
    assert member.get(f"/papers/versions/{v2.id}/download").status_code == 404  # not re-published
    assert member.get(f"/papers/versions/{v1.id}/download").status_code == 200
    outsider = client_as("coroner@example.org")  # Sub-group member, not on the Board
    assert outsider.get(f"/papers/versions/{v1.id}/download").status_code == 403
    assert member.get(f"/agenda-items/{item.id}/papers").status_code == 403
    assert upload(member, f"/agenda-items/{item.id}/papers", "x.pdf", tiny_pdf("x")).status_code == 403

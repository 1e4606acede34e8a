"""Archive bombs: zip-based papers are checked before anything in them is unpacked (issue 16)."""

import io
import time

import pytest
import sqlalchemy as sa

from board.agendas import services
from board.agendas.files import PaperRejected, check_paper
from board.agendas.models import Paper
from board.extensions import db
from tests import archives
from tests.conftest import text

LIMIT = 20 * 1024 * 1024


def lying(data_factory, name, size):
    return lambda: archives.declared_size(data_factory(), name, size)


BOMBS = [
    *[
        (f"bomb.{ext}", lambda ext=ext: archives.bomb(ext), "more than 100 times its size")
        for ext in ("odt", "ods", "odp", "docx", "xlsx", "pptx")
    ],
    ("update.docx", archives.many_entries, "more than 5,000 parts"),
    # a header claiming 200 MB is refused before reading; one claiming 10 bytes is caught unpacking
    ("update.docx", lying(archives.real_docx, "word/document.xml", 200 * 1024 * 1024), "more than 100 MB"),
    ("update.docx", lying(archives.real_docx, "word/document.xml", 10), "damaged"),
    ("plan.odt", lying(archives.real_odt, "mimetype", 10), "damaged"),
    (
        "update.docx",
        lambda: archives.archive([("[Content_Types].xml", "<Types/>"), ("word/a.xml", "<x/>"), ("word/a.xml", "<y/>")]),
        "two parts with the same name",
    ),
    (
        "update.docx",
        lambda: archives.archive([("[Content_Types].xml", "<Types/>"), ("word/a.xml", "<x/>"), ("WORD/A.XML", "<y/>")]),
        "two parts with the same name",
    ),
    (
        "update.docx",
        lambda: archives.archive([("[Content_Types].xml", "<Types/>"), ("word/../../etc/cron.d/x", "<x/>")]),
        "outside the document",
    ),
    (
        "figures.xlsx",
        lambda: archives.archive([("[Content_Types].xml", "<Types/>"), ("xl/a.xml", "<x/>"), ("/etc/passwd", "x")]),
        "outside the document",
    ),
    (
        "slides.pptx",
        lambda: archives.archive(
            [("[Content_Types].xml", "<Types/>"), ("ppt/a.xml", "<x/>"), ("C:\\Windows\\x.dll", "x")]
        ),
        "outside the document",
    ),
]


@pytest.mark.parametrize(("name", "factory", "message"), BOMBS)
def test_archive_bombs_are_refused_quickly_with_a_reason(name, factory, message):
    """Every zip-based type: too many parts, too big, too compressed, lying sizes, odd names are refused."""
    data = factory()
    started = time.perf_counter()
    with pytest.raises(PaperRejected, match=message):
        check_paper(name, data, LIMIT)
    assert time.perf_counter() - started < 2


def test_a_mimetype_longer_than_any_real_one_is_not_read_whole():
    """An .odt whose 'mimetype' is 20 KB (not compressible enough to be a bomb) is not an OpenDocument file."""
    padding = bytes(range(32, 127)) * 220
    data = archives.archive([("mimetype", archives.ODT.encode() + padding), ("content.xml", "<x/>")])
    with pytest.raises(PaperRejected, match="not an OpenDocument text"):
        check_paper("plan.odt", data, LIMIT)


@pytest.mark.parametrize(("name", "factory"), [("report.docx", archives.real_docx), ("plan.odt", archives.real_odt)])
def test_real_small_documents_still_pass(name, factory):
    assert check_paper(name, factory(), LIMIT).extension == name.rpartition(".")[2]


@pytest.fixture
def item(staff, meeting):
    services.start_agenda(meeting, by=staff)
    db.session.commit()
    return next(i for i in services.load_items(meeting) if i.kind == "minutes")


def upload(client, url, name, data, title):
    return client.post_form(url, {"title": title, "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.mark.parametrize(
    ("name", "factory"), [("plan.odt", archives.odt_mimetype_bomb), ("update.docx", archives.docx_bomb)]
)
def test_secretariat_uploading_a_bomb_sees_why_on_the_form_and_nothing_is_saved(secretariat, item, name, factory):
    """Secretariat: a bomb as a paper gets the GOV.UK error summary, the title typed is kept, nothing is stored."""
    response = upload(secretariat, f"/agenda-items/{item.id}/papers", name, factory(), "Q3 naloxone report")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in page and 'href="#file"' in page
    assert "more than 100 times its size" in text(response)
    assert 'value="Q3 naloxone report"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Paper).where(Paper.item_id == item.id)) == 0


@pytest.mark.parametrize(("name", "factory"), [("report.docx", archives.real_docx), ("plan.odt", archives.real_odt)])
def test_secretariat_can_still_upload_a_real_document(secretariat, item, name, factory):
    response = upload(secretariat, f"/agenda-items/{item.id}/papers", name, factory(), "Real paper")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Paper.title).where(Paper.item_id == item.id)) == "Real paper"

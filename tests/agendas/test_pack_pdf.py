"""The agenda pack PDF: papers merged page by page, page numbers right after merging, no
blank pages, accepted updates only (others only by choice, marked), stored when published."""

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader, PdfWriter

from board.agendas import pack, papers, publishing, services
from board.agendas.files import check_paper
from board.agendas.models import AgendaPack
from board.extensions import db
from board.people.models import Organisation
from board.seed.agendas import tiny_pdf
from board.submissions import services as update_services
from board.submissions.models import DEFAULT_FIGURES

TITLE = "Strategic Board, January 2030"
FOOTER = f"{TITLE}, Tuesday 15 January 2030"  # the meeting's name and day, on every page


def two_page_pdf(first: str, second: str) -> bytes:
    """A PDF of two pages (the second landscape), each showing one line."""
    writer = PdfWriter()
    for line in (first, second):
        writer.append(PdfReader(io.BytesIO(tiny_pdf(line))))
    writer.pages[1].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def tiny_docx() -> bytes:
    """The smallest Word document the upload check accepts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def attach(item, title, filename, data, by):
    papers.add_paper(item, title, check_paper(filename, data, 10**7), data, by=by)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def body_lines(text: str) -> list[str]:
    """A page's lines without the running header and footer."""
    return [
        line
        for line in (x.strip() for x in text.splitlines())
        if line and not line.startswith(FOOTER) and not re.fullmatch(r"Page \d+ of \d+", line)
    ]


@pytest.fixture
def agenda(staff, meeting):
    """The January 2030 Board agenda from the standing items, with a two-page PDF paper on the
    minutes item and a Word paper on the action log item."""
    services.start_agenda(meeting, by=staff)
    items = services.load_items(meeting)
    minutes = next(i for i in items if i.kind == "minutes")
    attach(
        minutes, "Minutes of July 2029", "minutes.pdf", two_page_pdf("Minutes first page", "Minutes second page"), staff
    )
    action_log = next(i for i in items if i.kind == "action_log")
    attach(action_log, "Action log commentary", "commentary.docx", tiny_docx(), staff)
    db.session.commit()
    return meeting


def publish(client, meeting):
    response = client.post(f"/meetings/{meeting.id}/agenda/publish", data={"csrf_token": client.csrf_token()})
    assert response.status_code == 302
    return response


def test_published_pack_merges_papers_with_page_numbers_and_no_blank_pages(secretariat, client_as, agenda):
    """Members: one printable PDF: cover, contents with page numbers, each PDF paper's pages after
    its item, a page for the Word paper, "Page X of Y" and the meeting on every page, no blank page."""
    publish(secretariat, agenda)
    response = client_as("member@example.org").get(f"/meetings/{agenda.id}/agenda/pack.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "no-store" in response.headers["Cache-Control"]
    if os.environ.get("PACK_PDF_OUT"):
        Path(os.environ["PACK_PDF_OUT"]).write_bytes(response.data)  # to look at it
    texts = page_texts(response.data)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text, f"page {number}: {text!r}"
        if number > 1:
            assert FOOTER in text, f"page {number} lacks the meeting's name"
        lines = body_lines(text)
        assert len(lines) >= 2, f"page {number} is blank but for {lines!r}"
    assert "Contents" in texts[1]
    first = next(n for n, t in enumerate(texts, start=1) if "Minutes first page" in t)
    second = next(n for n, t in enumerate(texts, start=1) if "Minutes second page" in t)
    assert second == first + 1
    assert "Paper: Minutes of July 2029 · page 1 of 2" in texts[first - 1]
    # the contents give the paper's first page
    contents = texts[1]
    assert re.search(rf"Paper: Minutes of July 2029.*?\b{first}\b", contents, re.S), contents
    word = next(n for n, t in enumerate(texts, start=1) if "This paper is a Word document" in t)
    assert "commentary.docx" in texts[word - 1] and "bytes" in texts[word - 1]
    assert word > second


def test_pack_is_rendered_when_published_and_served_from_storage(secretariat, client_as, agenda, monkeypatch):
    """The PDF is made once, at publishing, stored with its SHA-256, and a download only reads it."""
    publish(secretariat, agenda)
    publication = publishing.latest_publication(agenda)
    stored = db.session.scalar(sa.select(AgendaPack).where(AgendaPack.publication_id == publication.id))
    assert stored is not None and stored.page_count >= 5
    data = pack.pack_bytes(stored)
    assert hashlib.sha256(data).hexdigest() == stored.sha256 and stored.size_bytes == len(data)

    def no_rendering(*args, **kwargs):
        raise AssertionError("a download must not render the pack")

    monkeypatch.setattr(pack, "render_pack_pdf", no_rendering)
    response = client_as("member@example.org").get(f"/meetings/{agenda.id}/agenda/pack.pdf")
    assert response.status_code == 200 and response.data == data


def test_republishing_renders_a_new_pack(secretariat, agenda, staff):
    """Re-publishing stores a new pack for the new version (the old one stays with its publication)."""
    publish(secretariat, agenda)
    services.add_item(
        agenda, {"title": "Nitazene early warning", "purpose": "information", "duration_minutes": 5}, by=staff
    )
    db.session.commit()
    publish(secretariat, agenda)
    packs = db.session.scalars(sa.select(AgendaPack).order_by(AgendaPack.id)).all()
    assert len(packs) == 2
    latest = pack.pack_bytes(packs[-1])
    assert any("Nitazene early warning" in t for t in page_texts(latest))
    assert not any("Nitazene early warning" in t for t in page_texts(pack.pack_bytes(packs[0])))


def test_a_publication_without_a_stored_pack_gets_one_on_first_download(client_as, agenda, staff):
    """Agendas published before packs were stored: the first download renders and keeps the PDF."""
    publishing.publish_agenda(agenda, by=staff, notify=False)
    db.session.commit()
    member = client_as("member@example.org")
    first = member.get(f"/meetings/{agenda.id}/agenda/pack.pdf")
    assert first.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaPack)) == 1
    assert member.get(f"/meetings/{agenda.id}/agenda/pack.pdf").data == first.data


def test_storing_a_pack_twice_keeps_one_row(agenda, staff):
    """Rendering a publication's pack again replaces it: one stored pack per publication."""
    publication = publishing.publish_agenda(agenda, by=staff, notify=False)
    pack.store_pack(publication, by=staff)
    pack.store_pack(publication, by=staff)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaPack)) == 1


# --- partner updates in the pack ---------------------------------------------------------


def _org(short):
    return db.session.scalar(sa.select(Organisation).where(Organisation.short_name == short))


@pytest.fixture
def updates(agenda, staff):
    """Leeds resubmitted (never accepted) and Wakefield accepted, for the January 2030 meeting."""
    start, end = update_services.default_period(agenda)
    round_ = update_services.open_round(
        agenda,
        organisations=[_org("Leeds"), _org("Wakefield")],
        deadline=update_services.default_deadline(agenda),
        period_from=start,
        period_to=end,
        figures=list(DEFAULT_FIGURES),
        actor=staff,
        notify=False,
    )
    texts = {
        "Leeds": ("resubmitted", "Leeds progress unaccepted"),
        "Wakefield": ("accepted", "Wakefield progress accepted"),
    }
    for update in round_.updates:
        status, words = texts[update.organisation.short_name]
        update.status, update.progress, update.progress_html = status, words, f"<p>{words}</p>"
    db.session.commit()
    return {u.organisation.short_name: u for u in round_.updates}


def test_pack_prints_accepted_updates_only(secretariat, client_as, agenda, updates):
    """An update marked "(resubmitted)" that the secretariat never accepted stays out of the pack;
    the accepted one is in, on the page and in the PDF."""
    publish(secretariat, agenda)
    member = client_as("member@example.org")
    page = member.get(f"/meetings/{agenda.id}/agenda/pack").get_data(as_text=True)
    assert "Wakefield progress accepted" in page
    assert "Leeds progress unaccepted" not in page and "resubmitted" not in page
    pdf = "\n".join(page_texts(member.get(f"/meetings/{agenda.id}/agenda/pack.pdf").data))
    assert "Wakefield progress accepted" in pdf and "Leeds progress unaccepted" not in pdf


def test_secretariat_may_include_an_unaccepted_update_marked_as_such(secretariat, client_as, agenda, updates):
    """Secretariat: choosing to print a not-yet-accepted update re-renders the pack with the
    update under a "Not yet accepted" notice; the choice carries to the next publication."""
    publish(secretariat, agenda)
    builder = secretariat.get(f"/meetings/{agenda.id}/agenda/build").get_data(as_text=True)
    assert "Leeds" in builder and "not yet accepted" in builder
    response = secretariat.post(
        f"/meetings/{agenda.id}/agenda/pack/updates",
        data={"csrf_token": secretariat.csrf_token(), "update_ids": [str(updates["Leeds"].id)]},
    )
    assert response.status_code == 302
    member = client_as("member@example.org")
    pdf = "\n".join(page_texts(member.get(f"/meetings/{agenda.id}/agenda/pack.pdf").data))
    assert "Leeds progress unaccepted" in pdf and "Not yet accepted" in pdf
    page = member.get(f"/meetings/{agenda.id}/agenda/pack").get_data(as_text=True)
    assert "Leeds progress unaccepted" in page and "Not yet accepted" in page
    # an id that is not one of this meeting's handed-in updates is refused
    bad = secretariat.post(
        f"/meetings/{agenda.id}/agenda/pack/updates",
        data={"csrf_token": secretariat.csrf_token(), "update_ids": ["999999"]},
    )
    assert bad.status_code == 200 and "govuk-error-summary" in bad.get_data(as_text=True)

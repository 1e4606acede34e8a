"""One numbering on screen, in the PDF and in the Word file; the seed paper in the pack; the template's default."""

import io
import re

import pypdf
import pytest
import sqlalchemy as sa
from docx import Document

from board.extensions import db
from board.papers.document import numbered_sections
from board.papers.models import CoverPaper
from tests.conftest import text

SEED_TITLE = "Tackling drugs and alcohol"


@pytest.fixture
def seed_paper(app) -> CoverPaper:
    """The seed document, as the demo's published paper on the Board's last meeting."""
    return db.session.scalar(sa.select(CoverPaper).where(CoverPaper.title == SEED_TITLE))


def test_paragraphs_are_numbered_straight_through_the_sections():
    """Readers: 1, 2 in the first section, 3 for the recommendation, on into the next; lists are not numbered."""
    content = {
        "sections": [
            {"key": "a", "kind": "text", "heading": "Purpose"},
            {"key": "r", "kind": "recommendations", "heading": "Recommendation"},
            {"key": "p", "kind": "plan", "heading": "Plan"},
            {"key": "c", "kind": "contact", "heading": "Contact"},
        ],
        "texts": {"a": "First.\n\nSecond.", "p": "Fourth:\n\n- a list\n- under it\n\nFifth."},
        "recommendations": ["That one."],
        "alignment": [],
        "contact": {"name": "Sam", "email": "sam@example.org"},
    }
    numbered = [(s.heading, b.number, b.text) for s in numbered_sections(content) for b in s.blocks]
    assert numbered == [
        ("Purpose", 1, "First."),
        ("Purpose", 2, "Second."),
        ("Recommendation", 3, "That one."),
        ("Plan", 4, "Fourth:"),
        ("Plan", None, "a list under it"),
        ("Plan", 5, "Fifth."),
    ]


def _screen_numbers(page: str) -> list[tuple[str, str]]:
    return re.findall(r'app-cover-para__number">(\d+)\.</span><div class="[^"]*">\s*<p>(.{0,40})', page)


def test_the_page_the_word_file_and_the_pdf_carry_the_same_numbers(client_as, seed_paper):
    """A member reads the published seed paper: on screen, in .docx (real headings) and in the PDF, paragraph N is the same."""
    member = client_as("member@example.org")
    page = member.get(f"/cover-papers/{seed_paper.id}").get_data(as_text=True)
    on_screen = _screen_numbers(page)
    assert on_screen[0][0] == "1" and on_screen[0][1].startswith("The attached report outlines work")
    assert on_screen[2][0] == "3" and on_screen[2][1].startswith("That the Mayor and the DMPC")

    response = member.get(f"/cover-papers/{seed_paper.id}/cover-paper.docx")
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"].endswith('-v1.docx"')
        or "-v1.docx" in response.headers["Content-Disposition"]
    )
    document = Document(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == [
        "Purpose of the report produced by West Yorkshire Police",
        "Recommendation",
        "Police and Crime Plan 2024–28",
        "Key information",
    ]
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [SEED_TITLE]
    numbered = [p.text for p in document.paragraphs if re.match(r"\d+\.\t", p.text)]
    assert [n.split(".\t")[0] for n in numbered] == [str(i) for i in range(1, len(numbered) + 1)]
    assert len(numbered) == len(on_screen)
    for (number, start), paragraph in zip(on_screen, numbered, strict=True):
        assert paragraph.startswith(f"{number}.\t{start[:20]}")
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert (
        "Keeping People Safe" in bullets and "Equity, Diversity and Inclusion" in bullets
    )  # the plan alignment, as a list

    pdf = member.get(f"/cover-papers/{seed_paper.id}/cover-paper.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    words = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Purpose of the report produced by West Yorkshire Police" in words
    for number, start in on_screen:
        assert f"{number}. {' '.join(start.split()[:3])}" in words


def test_the_seed_paper_is_in_the_published_pack_in_item_order(client_as, seed_paper):
    """Members: the past Board meeting's pack carries the cover paper under its item."""
    pack = text(client_as("member@example.org").get(f"/meetings/{seed_paper.item.meeting_id}/agenda/pack"))
    at = pack.index("Cover paper: Tackling drugs and alcohol")
    assert pack.rfind("Tackling drugs and alcohol: West Yorkshire Police report", 0, at) != -1
    assert "3. That the Mayor and the DMPC use the report" in pack[at:]
    assert "Sam Whitworth – sam.whitworth@example.org" in pack[at:]


def test_a_draft_downloads_as_a_draft_for_its_author(client_as, app):
    """The Leeds lead's draft: the Word file says DRAFT."""
    draft = db.session.scalar(sa.select(CoverPaper).where(CoverPaper.status == "draft"))
    response = client_as("lead.leeds@example.org").get(f"/cover-papers/{draft.id}/cover-paper.docx")
    document = Document(io.BytesIO(response.data))
    assert "DRAFT – not yet cleared" in [p.text for p in document.paragraphs]


def test_the_published_agenda_links_each_item_to_its_cover_paper(client_as, seed_paper):
    """Members: the agenda's Papers column opens the cover paper they were sent."""
    page = client_as("member@example.org").get(f"/meetings/{seed_paper.item.meeting_id}/agenda")
    assert f'href="/cover-papers/{seed_paper.id}">Cover paper' in page.get_data(as_text=True)

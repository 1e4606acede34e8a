"""Each unique constraint of the cover papers area has a check in front of it: a clear
message (or the existing record), never a 500."""

from io import BytesIO

import sqlalchemy as sa

from board.decisions.models import Decision
from board.extensions import db
from board.papers import services
from board.papers.models import (
    CoverAttachmentVersion,
    CoverPaper,
    CoverPaperRevision,
    CoverPaperVersion,
    GlossaryTerm,
    RecommendationOutcome,
)
from board.seed.agendas import tiny_pdf
from tests.conftest import messages, text
from tests.papers.conftest import attach_pdf, form_data, start_paper, user


def _count(model, **where) -> int:
    query = sa.select(sa.func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def test_starting_a_second_cover_paper_for_an_item_is_refused(secretariat, item):
    """A second Start opens the paper already there; the service refuses a second paper outright."""
    paper = start_paper(secretariat, item)
    again = secretariat.post_form(f"/agenda-items/{item.id}/cover-paper", {"author": paper.author_id, "copy_from": 0})
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/cover-papers/{paper.id}")
    assert _count(CoverPaper, item_id=item.id) == 1
    try:
        services.start_paper(item, author=paper.author, by=user("secretariat@example.org"))
    except services.PaperError as error:
        assert str(error) == "This item already has a cover paper"
    else:
        raise AssertionError("a second paper was started")


def test_saving_the_same_form_twice_numbers_one_revision(secretariat, client_as, item):
    """A double-clicked Save: one revision; the second post is told someone saved after it."""
    paper = start_paper(secretariat, item)
    lead = client_as("lead.leeds@example.org")
    data = form_data(paper)
    assert lead.post_form(f"/cover-papers/{paper.id}/edit", data).status_code == 302
    again = lead.post_form(f"/cover-papers/{paper.id}/edit", data)
    assert again.status_code == 200 and "Nothing was saved" in text(again)
    assert _count(CoverPaperRevision, paper_id=paper.id) == 2


def _ready(secretariat, client_as, item) -> CoverPaper:
    paper = start_paper(secretariat, item)
    lead = client_as("lead.leeds@example.org")
    attach_pdf(lead, paper)
    lead.post_form(f"/cover-papers/{paper.id}/edit", form_data(paper))
    assert lead.post_form(f"/cover-papers/{paper.id}/submit").status_code == 302
    return paper


def test_clearing_twice_makes_one_version(secretariat, client_as, item):
    paper = _ready(secretariat, client_as, item)
    assert secretariat.post_form(f"/cover-papers/{paper.id}/review", {"clear": "Clear"}).status_code == 302
    again = secretariat.post_form(f"/cover-papers/{paper.id}/review", {"clear": "Clear"})
    assert again.status_code == 200 and "Only a paper ready for review can be cleared" in messages(again)[0]
    assert _count(CoverPaperVersion, paper_id=paper.id) == 1


def test_replacing_an_attachment_twice_numbers_each_version(secretariat, client_as, item):
    paper = start_paper(secretariat, item)
    lead = client_as("lead.leeds@example.org")
    attach_pdf(lead, paper)
    db.session.expire_all()
    attachment = paper.attachments[0]
    for _ in range(2):
        response = lead.post_form(
            f"/cover-attachments/{attachment.id}/replace",
            {"file": (BytesIO(tiny_pdf("Again")), "report.pdf")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
    numbers = db.session.scalars(
        sa.select(CoverAttachmentVersion.number).where(CoverAttachmentVersion.attachment_id == attachment.id)
    ).all()
    assert sorted(numbers) == [1, 2, 3]


def test_recording_a_recommendation_twice_is_refused(secretariat, client_as, item):
    """A double-clicked Record: one outcome, one decision in the register."""
    paper = _ready(secretariat, client_as, item)
    secretariat.post_form(f"/cover-papers/{paper.id}/review", {"clear": "Clear"})
    before = _count(Decision)
    first = secretariat.post_form(f"/cover-papers/{paper.id}/outcomes", {"number": 1, "outcome": "agreed"})
    assert first.status_code == 302
    again = secretariat.post_form(f"/cover-papers/{paper.id}/outcomes", {"number": 1, "outcome": "noted"})
    assert again.status_code == 200 and "Recommendation 1 already has an outcome recorded" in text(again)
    assert _count(RecommendationOutcome, paper_id=paper.id) == 1
    assert _count(Decision) == before + 1


def test_adding_an_acronym_twice_is_refused(secretariat):
    """DMPC is in the glossary: adding it again, in any letter case, is refused on the form."""
    for typed in ("DMPC", "dmpc"):
        response = secretariat.post_form("/cover-papers/glossary", {"acronym": typed, "meaning": "Again"})
        assert response.status_code == 200
        assert "DMPC is already in the glossary" in text(response)
    assert _count(GlossaryTerm, acronym="DMPC") == 1

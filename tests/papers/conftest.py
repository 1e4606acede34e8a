"""Fixtures for the cover papers tests: a Board meeting of our own in 2030 with an item,
and helpers that act through the pages as people do."""

from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa

from board.agendas import services as agenda_services
from board.agendas.models import AgendaItem
from board.extensions import db
from board.meetings.models import Meeting
from board.papers.models import CoverPaper
from board.people.models import Body, User
from board.seed.agendas import tiny_pdf


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


@pytest.fixture
def board(app) -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == "board"))


@pytest.fixture
def meeting(board) -> Meeting:
    """A Board meeting in 2030 (after every demo meeting), with the standing items."""
    day = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)
    made = Meeting(body=board, title="Strategic Board, March 2030", starts_at=day, ends_at=day + timedelta(hours=2))
    db.session.add(made)
    db.session.flush()
    agenda_services.start_agenda(made, by=user("secretariat@example.org"))
    db.session.commit()
    return made


@pytest.fixture
def item(meeting) -> AgendaItem:
    made = agenda_services.add_item(
        meeting,
        {"title": "Tackling drugs and alcohol", "purpose": "discussion", "duration_minutes": 20, "kind": "other"},
        by=user("secretariat@example.org"),
    )
    db.session.commit()
    return made


def start_paper(secretariat, item: AgendaItem, author_email: str = "lead.leeds@example.org", **extra) -> CoverPaper:
    """The secretariat starts the item's cover paper through the page, naming its author."""
    response = secretariat.post_form(
        f"/agenda-items/{item.id}/cover-paper", {"author": user(author_email).id, "copy_from": 0, **extra}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    db.session.expire_all()
    return db.session.scalar(sa.select(CoverPaper).where(CoverPaper.item_id == item.id))


def section_key(paper: CoverPaper, heading: str) -> str:
    return next(s["key"] for s in paper.content["sections"] if s["heading"] == heading)


GOOD_TEXTS = {
    "Purpose of the report": "The attached report sets out the work of West Yorkshire Police on drugs.\n\nIt comes to the Board for scrutiny.",
    "Police and Crime Plan 2024–28": "Drugs and alcohol drive serious violence.\n\n- homicide\n- knife crime",
    "Key information": "The Deputy Mayor for Policing and Crime (DMPC) chairs the Board.",
    "Equality, diversity and inclusion": "Marginalised people are at greater risk.",
}


def form_data(paper: CoverPaper, texts: dict | None = None, **overrides) -> dict:
    """A whole, valid paper as the form posts it (texts by section heading)."""
    data = {
        "title": "Tackling drugs and alcohol",
        "produced_by": "West Yorkshire Police",
        "recommendations": "That the Board uses the report to scrutinise performance.",
        "priorities": ["keeping_people_safe"],
        "themes": ["reducing_vulnerability"],
        "contact_name": "Sam Whitworth",
        "contact_email": "sam.whitworth@example.org",
        "base_revision": paper.revision,
        "save": "Save draft",
    }
    for heading, text in {**GOOD_TEXTS, **(texts or {})}.items():
        data[f"section_{section_key(paper, heading)}"] = text
    data.update(overrides)
    return data


def attach_pdf(client, paper: CoverPaper, title: str = "Chief Constable's report"):
    return client.post_form(
        f"/cover-papers/{paper.id}/attachments",
        {"title": title, "file": (BytesIO(tiny_pdf("Report")), "report.pdf")},
        content_type="multipart/form-data",
    )

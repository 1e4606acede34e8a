"""A Board meeting of the tests' own with every kind of record a public site must sort:
public items and papers, a confidential item with a paper, a non-public item, a
non-public paper of a public item, minutes with a confidential section, a confidential
decision. Whatever must never be public carries MARKER."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from board.agendas import papers, publishing
from board.agendas import services as agendas
from board.agendas.files import check_paper
from board.agendas.models import AgendaItem, Paper
from board.decisions.models import Decision
from board.decisions.services import create_decision
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes import services as minutes_services
from board.minutes.models import Minutes, MinutesStatus
from board.papers import services as cover_services
from board.papers.models import CoverPaper
from board.papers.plan import PRIORITY_KEYS
from board.people.models import Body, User
from board.seed import papers as seed_papers
from board.seed.agendas import tiny_pdf

MARKER = "ZQXJMARKER"


@dataclass
class Made:
    meeting: Meeting
    public_item: AgendaItem
    public_paper: Paper
    hidden_paper: Paper
    confidential_item: AgendaItem
    confidential_paper: Paper
    private_item: AgendaItem
    minutes: Minutes
    decision: Decision
    confidential_decision: Decision
    cover: CoverPaper
    private_cover: CoverPaper


@pytest.fixture
def board(app) -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == "board"))


@pytest.fixture
def sog(app) -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == "synthetic-opioids"))


@pytest.fixture
def staff(app) -> User:
    return db.session.scalar(sa.select(User).where(User.email == "secretariat@example.org"))


def _paper(item: AgendaItem, title: str, filename: str, *lines: str, by) -> Paper:
    data = tiny_pdf(title, *lines)
    return papers.add_paper(item, title, check_paper(filename, data, papers.max_paper_bytes()), data, by=by)


@pytest.fixture
def made(board, staff) -> Made:
    """A Board meeting in 2031 (after any demo meeting), its agenda published, nothing public yet."""
    start = datetime(2031, 3, 4, 10, 0, tzinfo=UTC)
    meeting = Meeting(
        body=board,
        title="Strategic Board, March 2031",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Wellington House, Wakefield",
        join_url=f"https://teams.example.org/j/{MARKER.lower()}",
        notes=f"Internal note {MARKER}",
    )
    db.session.add(meeting)
    db.session.flush()
    agendas.start_agenda(meeting, by=staff)
    public_item = agendas.add_item(
        meeting, {"title": "Naloxone supply across the county", "description": "Open to all."}, by=staff
    )
    confidential_item = agendas.add_item(
        meeting,
        {"title": f"Staffing case {MARKER}", "description": f"Named individuals {MARKER}", "is_confidential": True},
        by=staff,
    )
    private_item = agendas.add_item(
        meeting, {"title": f"Draft budget {MARKER}", "description": f"Not for release {MARKER}"}, by=staff
    )
    db.session.flush()
    public_paper = _paper(public_item, "Naloxone report", "naloxone.pdf", "Naloxone in every district", by=staff)
    hidden_paper = _paper(public_item, f"Working notes {MARKER}", f"notes-{MARKER}.pdf", MARKER, by=staff)
    confidential_paper = _paper(confidential_item, f"Case file {MARKER}", f"case-{MARKER}.pdf", MARKER, by=staff)
    _paper(private_item, f"Budget {MARKER}", f"budget-{MARKER}.pdf", MARKER, by=staff)
    cover = _cover(public_item, "Naloxone cover paper", by=staff)
    private_cover = _cover(private_item, f"Budget cover {MARKER}", by=staff)
    publishing.publish_agenda(meeting, by=staff, notify=False)
    # After publishing, the cover paper is reopened: its new draft is nobody's but its author's.
    cover_services.return_to_draft(cover, by=staff)
    keys = {s["heading"]: s["key"] for s in cover.content["sections"]}
    values = {
        "title": f"Redraft {MARKER}",
        "texts": {keys["Purpose of the report"]: f"Redrafted {MARKER}."},
        "contact_name": "Sam Whitworth",
        "contact_email": "sam.whitworth@example.org",
    }
    cover_services.save_draft(cover, values, base_revision=cover.revision, by=staff)

    minutes = minutes_services.start_minutes(meeting, actor=staff)
    number = {item.id: n for n, item in enumerate(agendas.load_items(meeting), start=1)}
    source = (
        f"## {number[public_item.id]}. {public_item.title}\n\nThe Board discussed naloxone supply.\n\n"
        f"## {number[confidential_item.id]}. {confidential_item.title}\n\nConfidential discussion {MARKER}.\n\n"
    )
    minutes_services.save_minutes(
        minutes, source=source, declarations="None declared.", base_revision=minutes.revision, actor=staff
    )
    day = date(2031, 3, 4)
    decision = create_decision(
        board, "Naloxone supply agreed", "Every district stocks naloxone.", day, meeting, actor=staff
    )
    confidential_decision = create_decision(
        board, f"Settlement {MARKER}", f"Terms {MARKER}", day, meeting, actor=staff, is_confidential=True
    )
    db.session.commit()
    return Made(
        meeting,
        public_item,
        public_paper,
        hidden_paper,
        confidential_item,
        confidential_paper,
        private_item,
        minutes,
        decision,
        confidential_decision,
        cover,
        private_cover,
    )


def approve_as_if_at_a_meeting(minutes: Minutes) -> None:
    """The minutes marked approved as approval leaves them, version for wider circulation
    stored (the approval flow itself, at a later meeting that has started, is tested in tests/minutes)."""
    minutes.status = MinutesStatus.APPROVED.value
    minutes_services.store_wider_html(minutes)


def _cover(item: AgendaItem, title: str, *, by) -> CoverPaper:
    """A cover paper written, checked and cleared, with one attachment (in the next published agenda)."""
    paper = cover_services.start_paper(item, author=by, by=by)
    paper.title = title
    recommendation = "That the Board notes the report."
    seed_papers._fill(
        paper,
        seed_papers.SEED_TEXTS,
        [recommendation if MARKER not in title else f"That the Board agrees {MARKER}."],
        PRIORITY_KEYS[:1],
        ("Sam Whitworth", "sam.whitworth@example.org"),
        "West Yorkshire Police",
        by,
    )
    seed_papers._attach(paper, "Chief Constable's report" if MARKER not in title else f"Report {MARKER}", by)
    cover_services.submit_for_review(paper, by=by)
    cover_services.clear_paper(paper, by=by)
    return paper

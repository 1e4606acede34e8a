"""The demo data: standing items for both bodies and agendas with real PDF papers."""

import sqlalchemy as sa

from board.agendas import publishing, services
from board.agendas.files import check_paper
from board.agendas.models import AgendaItem, PaperVersion
from board.agendas.papers import paper_bytes
from board.common.models import utcnow
from board.extensions import db
from board.meetings.models import Meeting
from board.seed.agendas import seed_agendas, tiny_pdf
from board.seed.people import seed_people
from tests.conftest import DEMO_PASSWORD


def test_tiny_pdf_is_a_pdf():
    data = tiny_pdf("Naloxone kits issued: 412", "Brackets (and) back\\slash")
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert b"(Naloxone kits issued: 412) '" in data and b"\\(and\\)" in data
    assert check_paper("figures.pdf", data, 10**6).content_type == "application/pdf"


def test_standing_items_seeded(board, sog):
    assert [i.title for i in services.load_template(board)][4:9] == [
        f"{d} district update" for d in ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield")
    ]
    assert "Naloxone roll-out" in [i.title for i in services.load_template(sog)]


def test_demo_meetings_have_agendas_with_pdf_papers(app):
    """Every demo meeting that exists has an agenda; its papers are valid PDFs; seeding again adds nothing."""
    meetings = db.session.scalars(sa.select(Meeting).where(Meeting.status != "cancelled")).all()
    for meeting in meetings:
        assert services.load_items(meeting), f"{meeting} has no agenda"
    for version in db.session.scalars(sa.select(PaperVersion)).all():
        assert paper_bytes(version).startswith(b"%PDF-")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItem))
    assert seed_agendas(seed_people(DEMO_PASSWORD)) == {"template_items": 0, "agendas": 0, "papers": 0}
    db.session.flush()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItem)) == before
    now = utcnow()
    past = [m for m in meetings if m.starts_at < now]
    assert past and any(m.starts_at >= now for m in meetings), "the demo has past and future meetings"
    carried = db.session.scalars(sa.select(AgendaItem).where(AgendaItem.carried_from_id.is_not(None))).all()
    assert carried and all(i.meeting.starts_at >= now for i in carried)
    assert all(publishing.latest_publication(m) for m in past)

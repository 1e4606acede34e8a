"""What an upload and the papers page cost the database (issue 16: readers waited on
PostgreSQL while papers were uploaded)."""

import io
import re

import pytest

from board.agendas import papers, services
from board.agendas.files import check_paper
from board.extensions import db
from board.seed.agendas import tiny_pdf
from tests.conftest import count_queries, statements, text


@pytest.fixture
def item(staff, meeting):
    services.start_agenda(meeting, by=staff)
    db.session.commit()
    return next(i for i in services.load_items(meeting) if i.kind == "minutes")


def _add(item, staff, first: int, last: int) -> None:
    for i in range(first, last + 1):
        data = tiny_pdf(f"Paper {i}")
        papers.add_paper(item, f"Paper {i}", check_paper(f"paper-{i}.pdf", data, 10**6), data, by=staff)
    db.session.commit()


def test_the_papers_page_costs_the_same_queries_however_many_papers(secretariat, item, staff):
    """Secretariat: an item's papers page takes as many queries with eight papers as with one."""
    url = f"/agenda-items/{item.id}/papers"
    _add(item, staff, 1, 1)
    secretariat.get(url)  # warm up
    with count_queries() as one:
        assert secretariat.get(url).status_code == 200
    _add(item, staff, 2, 8)
    with count_queries() as eight:
        page = text(secretariat.get(url))
    assert "Paper 8" in page and "paper-8.pdf" in page and staff.name in page
    assert eight() == one(), (one(), eight())


def test_an_upload_leaves_the_items_search_document_alone(secretariat, item):
    """Secretariat: uploading a paper writes no search document (the item's words did not change)."""
    data = tiny_pdf("A paper")
    with statements() as seen:
        response = secretariat.post_form(
            f"/agenda-items/{item.id}/papers",
            {"title": "Naloxone pilot report", "file": (io.BytesIO(data), "report.pdf")},
            content_type="multipart/form-data",
        )
    assert response.status_code == 302
    assert not [s for s in seen if re.match(r"\s*(INSERT INTO|UPDATE|DELETE FROM) search_document\b", s)]

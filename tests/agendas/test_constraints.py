"""Agenda items and standing items refuse, on the form, a duration the database would refuse.

``agenda_item.duration`` and ``agenda_template_item.duration`` (1 to 480 minutes) are
guarded by ``ItemForm.duration_minutes`` (NumberRange 1..MAX_MINUTES), which both the
agenda and the standing-item pages use.

Values no form sets, and who guarantees them:
- ``agenda_paper_version (paper, number)``: ``papers._add_version`` numbers from the
  paper's highest version, in the request that uploads it;
- ``agenda_publication (meeting, revision)``: ``publishing.publish_agenda`` numbers from
  the latest publication, and refuses to publish when nothing has changed.
"""

import io

import pytest
import sqlalchemy as sa

from board.agendas import services
from board.agendas.models import AgendaItem, AgendaPublication, AgendaTemplateItem, PaperVersion
from board.extensions import db
from board.seed.agendas import tiny_pdf
from tests.conftest import field_value, messages

DURATION_MESSAGE = "Duration must be between 1 minute and 8 hours (480 minutes)"


def _item_form(minutes: str) -> dict:
    return {
        "title": "Nitazene early warning",
        "purpose": "discussion",
        "duration_minutes": minutes,
        "kind": "other",
        "presenter_user_id": "",
        "presenter_organisation_id": "",
    }


@pytest.fixture
def item(staff, meeting) -> AgendaItem:
    services.start_agenda(meeting, by=staff)
    db.session.commit()
    return services.load_items(meeting)[0]


@pytest.mark.parametrize("minutes", ["0", "481", "-15"])
def test_an_agenda_item_outside_1_to_480_minutes_is_refused(secretariat, meeting, minutes):
    """Secretariat: adding an item of 0, 481 or -15 minutes is refused on the form, what was typed kept."""
    page = secretariat.post_form(f"/meetings/{meeting.id}/agenda/items/new", _item_form(minutes))
    assert page.status_code == 200
    assert any(DURATION_MESSAGE in m for m in messages(page))
    assert field_value(page, "duration_minutes") == minutes
    assert db.session.scalar(sa.select(AgendaItem.id).where(AgendaItem.meeting_id == meeting.id)) is None


def test_changing_an_items_duration_beyond_480_minutes_is_refused(secretariat, item):
    """Secretariat: editing an item to last 600 minutes is refused on the form and the item keeps its duration."""
    before = item.duration_minutes
    page = secretariat.post_form(f"/agenda-items/{item.id}/edit", _item_form("600"))
    assert page.status_code == 200
    assert any(DURATION_MESSAGE in m for m in messages(page))
    assert db.session.get(AgendaItem, item.id).duration_minutes == before


@pytest.mark.parametrize("minutes", ["0", "481"])
def test_a_standing_item_outside_1_to_480_minutes_is_refused(secretariat, board, minutes):
    """Secretariat: a standing item of 0 or 481 minutes is refused on the form."""
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AgendaTemplateItem))
    page = secretariat.post_form("/bodies/board/agenda-template/new", _item_form(minutes))
    assert page.status_code == 200
    assert any(DURATION_MESSAGE in m for m in messages(page))
    assert field_value(page, "duration_minutes") == minutes
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaTemplateItem)) == before


def test_changing_a_standing_items_duration_to_zero_is_refused(secretariat, board):
    """Secretariat: editing a standing item to last 0 minutes is refused and the item is unchanged."""
    standing = services.load_template(board)[0]
    before = standing.duration_minutes
    page = secretariat.post_form(f"/agenda-template-items/{standing.id}/edit", _item_form("0"))
    assert page.status_code == 200
    assert any(DURATION_MESSAGE in m for m in messages(page))
    assert db.session.get(AgendaTemplateItem, standing.id).duration_minutes == before


def test_replacing_a_paper_twice_numbers_each_version(secretariat, item):
    """Secretariat: uploading two new versions one after the other numbers them 2 and 3, without an error."""

    def upload(url, name):
        return secretariat.post_form(
            url, {"title": "", "file": (io.BytesIO(tiny_pdf(name)), f"{name}.pdf")}, content_type="multipart/form-data"
        )

    assert upload(f"/agenda-items/{item.id}/papers", "v1").status_code == 302
    paper_id = db.session.scalar(
        sa.select(PaperVersion.paper_id).join(PaperVersion.paper).where(PaperVersion.filename == "v1.pdf")
    )
    for name in ("v2", "v3"):
        assert upload(f"/papers/{paper_id}/replace", name).status_code == 302
    numbers = db.session.scalars(
        sa.select(PaperVersion.number).where(PaperVersion.paper_id == paper_id).order_by(PaperVersion.number)
    ).all()
    assert numbers == [1, 2, 3]


def test_publishing_twice_keeps_one_revision(secretariat, item, meeting):
    """Secretariat: a double-clicked 'Publish' publishes once; the second says nothing has changed."""
    first = secretariat.post_form(f"/meetings/{meeting.id}/agenda/publish", follow_redirects=True)
    assert any("Agenda published" in m for m in messages(first))
    again = secretariat.post_form(f"/meetings/{meeting.id}/agenda/publish", follow_redirects=True)
    assert again.status_code == 200
    assert any("Nothing has changed since the agenda was last published" in m for m in messages(again))
    revisions = db.session.scalars(
        sa.select(AgendaPublication.revision).where(AgendaPublication.meeting_id == meeting.id)
    ).all()
    assert revisions == [1]

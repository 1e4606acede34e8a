"""Archive bombs as supporting files: a district lead's upload is checked like an agenda paper (issue 16)."""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from board.common.timeutil import today_london
from board.extensions import db
from board.submissions import services
from board.submissions.models import DEFAULT_FIGURES, UpdateFile
from tests import archives
from tests.conftest import text
from tests.submissions.conftest import make_meeting, update_of, user


@pytest.fixture
def leeds_update(app):
    """Leeds' update in an open round, with dates given outright (so the test does not depend on today)."""
    meeting = make_meeting(42, title="Strategic Board (test)")
    today = today_london()
    round_ = services.open_round(
        meeting,
        organisations=services.default_organisations(meeting.body),
        deadline=today + timedelta(days=28),
        period_from=today - timedelta(days=60),
        period_to=today + timedelta(days=28),
        figures=list(DEFAULT_FIGURES),
        actor=user("secretariat@example.org"),
        notify=False,
    )
    db.session.commit()
    return update_of(round_, "Leeds")


def upload(client, update_id, name, data, progress):
    """Save the update's draft with the progress typed and a file chosen, as its one form posts."""
    return client.post_form(
        f"/updates/{update_id}/edit",
        {"version": "0", "action": "draft", "progress": progress, "new_files": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def files_of(update) -> int:
    return db.session.scalar(sa.select(sa.func.count(UpdateFile.id)).where(UpdateFile.update_id == update.id))


@pytest.mark.parametrize(
    ("name", "factory", "message"),
    [
        ("pilot.odt", archives.odt_mimetype_bomb, "more than 100 times its size"),
        ("pilot.docx", archives.docx_bomb, "more than 100 times its size"),
        ("pilot.docx", archives.many_entries, "more than 5,000 parts"),
    ],
)
def test_lead_uploading_a_bomb_sees_why_on_the_update_page_and_nothing_is_saved(
    client_as, leeds_update, name, factory, message
):
    """District lead: the edit page again with the GOV.UK error summary on the file field, the text typed kept."""
    response = upload(client_as("lead.leeds@example.org"), leeds_update.id, name, factory(), "Naloxone pilot")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in page and 'href="#new_files"' in page and page.count(message) >= 2
    assert ">Naloxone pilot</textarea>" in page
    assert files_of(leeds_update) == 0


@pytest.mark.parametrize(("name", "factory"), [("pilot.docx", archives.real_docx), ("pilot.odt", archives.real_odt)])
def test_lead_can_still_attach_a_real_document(client_as, leeds_update, name, factory):
    lead = client_as("lead.leeds@example.org")
    response = upload(lead, leeds_update.id, name, factory(), "Naloxone pilot")
    assert response.status_code == 302
    assert name in text(lead.get(response.headers["Location"]))
    assert files_of(leeds_update) == 1

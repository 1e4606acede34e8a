"""Meeting pages through HTTP: scheduling, editing, cancelling, answering, permissions."""

from datetime import date, time

import sqlalchemy as sa

from board.common.outbox import OutboxMessage
from board.common.timeutil import london_to_utc
from board.extensions import db
from board.meetings.models import Attendance, Meeting
from tests.conftest import text
from tests.meetings.conftest import user

FORM = {
    "title": "Strategic Board", "day": ["30", "3", "2027"], "starts": "10:00", "ends": "12:00",
    "venue": "Wellington House, Wakefield", "join_url": "", "notes": "Papers follow.",
}


def test_secretariat_schedules_a_meeting_and_members_are_invited(secretariat):
    """Secretariat: the form creates the meeting in UTC and queues one invitation per member."""
    response = secretariat.post_form("/bodies/board/meetings/new", FORM)
    assert response.status_code == 302
    meeting = db.session.scalar(sa.select(Meeting).order_by(Meeting.id.desc()))
    assert meeting.starts_at == london_to_utc(date(2027, 3, 30), time(10))
    assert meeting.starts_at.hour == 9  # BST: 10:00 in London is 09:00 UTC
    invited = {a.user.email for a in meeting.attendances}
    assert "chair@example.org" in invited and "former.member@example.org" not in invited
    rows = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "meeting_request")).all()
    assert len(rows) == len(invited)
    assert all("," not in r.recipients for r in rows)
    page = secretariat.get(response.headers["Location"])
    assert "Wellington House" in text(page) and "Not answered" in text(page)


def test_bad_input_is_refused_and_nothing_changes(secretariat):
    """Secretariat: end before start, a non-web link and 31 February each get a clear message."""
    before = db.session.scalar(sa.select(sa.func.count(Meeting.id)))
    cases = [
        ({"ends": "09:00"}, "The end time must be after the start time"),
        ({"join_url": "javascript:alert(1)"}, "joining link that starts with https://"),
        ({"day": ["31", "2", "2027"]}, "Enter a real date"),
        ({"starts": "25:00"}, "as a real time"),
        ({"venue": "", "join_url": ""}, "Enter a venue, an online joining link, or both"),
    ]
    for change, message in cases:
        response = secretariat.post_form("/bodies/board/meetings/new", {**FORM, **change})
        assert response.status_code == 200
        assert message in text(response), message
        assert "There is a problem" in text(response)
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == before


def test_meeting_page_includes_other_areas_partials_in_order():
    """The meeting page includes agendas, submissions, actions and minutes partials in that order."""
    from pathlib import Path

    source = (Path(__file__).parents[2] / "templates/meetings/meeting.html").read_text()
    names = ["agendas/_on_meeting.html", "submissions/_on_meeting.html", "actions/_on_meeting.html",
             "minutes/_on_meeting.html"]
    positions = [source.index(f'{{% include "{n}" ignore missing %}}') for n in names]
    assert positions == sorted(positions)

"""Meeting pages through HTTP: scheduling, editing, cancelling, answering, permissions."""

from datetime import date, time

import sqlalchemy as sa

from board.common.outbox import OutboxMessage
from board.common.timeutil import london_to_utc, today_london
from board.extensions import db
from board.meetings.models import Meeting
from tests.conftest import text

FORM = {
    "title": "Strategic Board",
    "day": ["30", "3", "2027"],
    "starts": "10:00",
    "ends": "12:00",
    "venue": "Wellington House, Wakefield",
    "join_url": "",
    "notes": "Papers follow.",
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
    names = [
        "agendas/_on_meeting.html",
        "submissions/_on_meeting.html",
        "actions/_on_meeting.html",
        "minutes/_on_meeting.html",
    ]
    positions = [source.index(f'{{% include "{n}" ignore missing %}}') for n in names]
    assert positions == sorted(positions)


def test_demo_meetings_pages_and_query_counts(secretariat, client_as):
    """Secretariat and members: the seeded lists and pages render; queries do not grow with rows."""
    from board.meetings.models import MeetingStatus
    from tests.conftest import count_queries

    sog_past = db.session.scalars(
        sa.select(Meeting).join(Meeting.body).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.starts_at)
    ).all()
    assert len(sog_past) >= 10
    upcoming = db.session.scalars(sa.select(Meeting).where(Meeting.status == MeetingStatus.SCHEDULED)).all()
    assert {m.body.slug for m in upcoming} == {"board", "synthetic-opioids"}
    assert any(a.has_answered for m in upcoming for a in m.attendances)
    with count_queries() as n:
        page = secretariat.get("/bodies/synthetic-opioids/meetings")
    assert page.status_code == 200 and "Past" in text(page)
    assert n() < 25
    with count_queries() as n:
        page = secretariat.get(f"/meetings/{upcoming[0].id}")
    assert page.status_code == 200 and "Attendance" in text(page)
    assert n() < 40
    assert client_as("chair@example.org").get("/meetings").status_code == 200
    body_page = client_as("chair@example.org").get("/bodies/board")
    assert "/bodies/board/meetings" in body_page.get_data(as_text=True)


def test_held_meeting_cannot_be_edited(secretariat, make_meeting):
    """Secretariat: marks a started meeting held; after that an edit is refused and nothing changes."""
    from datetime import timedelta

    past_day = today_london() - timedelta(days=3)
    meeting = make_meeting(day=past_day)
    early = make_meeting(day=today_london() + timedelta(days=30))
    secretariat.post_form(f"/meetings/{early.id}/held")
    db.session.refresh(early)
    assert early.status == "scheduled"  # not started yet
    secretariat.post_form(f"/meetings/{meeting.id}/held")
    db.session.refresh(meeting)
    assert meeting.status == "held"
    response = secretariat.post_form(f"/meetings/{meeting.id}/edit", {**FORM, "title": "Changed"})
    assert "has been held and can no longer be changed" in text(response)
    db.session.refresh(meeting)
    assert meeting.title == "Strategic Board"


def test_a_time_skipped_by_the_clock_change_is_refused(secretariat):
    """Secretariat: 01:30 on 28 March 2027 does not exist in the UK; the form says so."""
    response = secretariat.post_form(
        "/bodies/board/meetings/new", {**FORM, "day": ["28", "3", "2027"], "starts": "1:30am", "ends": "3:00am"}
    )
    assert "That time does not exist in the UK on that day" in text(response)


def test_meetings_in_the_navigation(client_as):
    """Anyone signed in sees Meetings in the navigation."""
    page = client_as("coroner@example.org").get("/")
    assert 'href="/meetings"' in page.get_data(as_text=True)


def test_secretariat_pages_render(secretariat, make_meeting):
    """Secretariat: every form page renders for a scheduled meeting."""
    meeting = make_meeting()
    for url in (
        f"/meetings/{meeting.id}/edit",
        f"/meetings/{meeting.id}/cancel",
        f"/meetings/{meeting.id}/guests",
        "/bodies/board/meetings/new",
        "/bodies/board/meetings",
        "/meetings",
        f"/meetings/{meeting.id}",
    ):
        response = secretariat.get(url)
        assert response.status_code == 200, url
    assert 'value="10:00"' in secretariat.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)

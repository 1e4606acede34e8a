"""Attendance over time: per body and per member, from the minutes' record (or the
invitation answers where there are no minutes), over a chosen period, with a CSV."""

import csv
import io

import sqlalchemy as sa

from board.common.models import utcnow
from board.common.timeutil import to_london
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus, Response
from board.minutes.models import Minutes, MinutesAttendee, Presence
from board.people.models import Body, User
from tests.conftest import messages, text


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def _last_held_board_meeting():
    body = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
    return db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.body_id == body.id, Meeting.starts_at < utcnow(), Meeting.status != MeetingStatus.CANCELLED.value
        )
        .order_by(Meeting.starts_at.desc())
    ).first()


def _period(meeting):
    day = to_london(meeting.starts_at).date()
    return {
        "date_from": [str(day.day), str(day.month), str(day.year)],
        "date_to": [str(day.day), str(day.month), str(day.year)],
    }


def _query(period):
    return "&".join(f"{k}={v}" for k, values in period.items() for v in values)


def _set(minutes, email, presence, deputising_for=""):
    user = _user(email)
    row = next((a for a in minutes.attendees if a.user_id == user.id), None)
    if row is None:
        row = MinutesAttendee(minutes=minutes, user=user, name=user.name)
        db.session.add(row)
    row.presence, row.deputising_for = presence, deputising_for


def _csv_rows(client, meeting):
    response = client.get(f"/bodies/board/attendance.csv?{_query(_period(meeting))}")
    return {r["Name"]: r for r in csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))}


def test_the_minutes_record_gives_attended_apologies_and_deputies(client_as):
    """A member of the Board: the minutes' attendance record over one day, on the page and in the CSV."""
    meeting = _last_held_board_meeting()
    minutes = db.session.scalar(sa.select(Minutes).where(Minutes.meeting_id == meeting.id))
    member = _user("member@example.org")
    for row in list(minutes.attendees):
        if row.deputising_for == member.name:
            row.deputising_for = ""
    _set(minutes, "lead.leeds@example.org", Presence.PRESENT.value)
    _set(minutes, "lead.bradford@example.org", Presence.APOLOGIES.value)
    _set(minutes, "member@example.org", Presence.APOLOGIES.value)
    _set(minutes, "deputy.wyp@example.org", Presence.PRESENT.value, deputising_for=member.name)
    db.session.commit()
    client = client_as("lead.wakefield@example.org")
    rows = _csv_rows(client, meeting)
    assert (rows["Rachel Whitaker"]["Meetings"], rows["Rachel Whitaker"]["Attended"]) == ("1", "1")
    assert rows["Imran Qureshi"]["Apologies"] == "1" and rows["Imran Qureshi"]["Rate (%)"] == "0"
    assert rows[member.name]["Sent a deputy"] == "1" and rows[member.name]["Rate (%)"] == "100"
    page = text(client.get(f"/bodies/board/attendance?{_query(_period(meeting))}"))
    assert "1 meeting held" in page and "Rachel Whitaker" in page
    mine = text(client.get(f"/bodies/board/attendance/{member.id}?{_query(_period(meeting))}"))
    assert "Sent a deputy" in mine and "Minutes" in mine


def test_without_minutes_the_invitation_answers_count(client_as):
    """Where a meeting has no minutes yet, the answers to its invitation stand in."""
    meeting = _last_held_board_meeting()
    db.session.delete(db.session.scalar(sa.select(Minutes).where(Minutes.meeting_id == meeting.id)))
    leeds = _user("lead.leeds@example.org")
    meeting.attendance_of(leeds).response = Response.APOLOGIES.value
    db.session.commit()
    rows = _csv_rows(client_as("chair@example.org"), meeting)
    assert rows["Rachel Whitaker"]["Apologies"] == "1" and rows["Rachel Whitaker"]["Attended"] == "0"


def test_a_period_that_ends_before_it_starts_is_refused(client_as):
    """Bad input: a period ending before it starts shows a clear message, not figures or an error page."""
    response = client_as("chair@example.org").get(
        "/bodies/board/attendance?date_from=5&date_from=6&date_from=2026&date_to=1&date_to=6&date_to=2026"
    )
    assert response.status_code == 200
    assert any("on or after its start" in m for m in messages(response))
    impossible = client_as("chair@example.org").get("/bodies/board/attendance?date_from=31&date_from=2&date_from=2026")
    assert impossible.status_code == 200 and any("real date" in m for m in messages(impossible))


def test_only_the_bodys_members_and_the_secretariat_see_attendance(client_as, secretariat):
    """Members of the body and the secretariat; a Sub-group-only member is refused the Board's record."""
    assert client_as("coroner@example.org").get("/bodies/board/attendance").status_code == 403
    assert client_as("coroner@example.org").get("/bodies/synthetic-opioids/attendance").status_code == 200
    assert secretariat.get("/bodies/board/attendance.csv").status_code == 200

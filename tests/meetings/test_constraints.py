"""The meetings pages refuse, on the form, every combination the database would refuse.

``meeting.ends_after_start`` is guarded by ``MeetingForm.validate_ends`` (and the plan
form's) and again by ``services._check``; ``meeting_attendance.meeting_user`` by
``GuestForm.validate_user_id`` (people already invited are not offered, and named if
posted) and by ``services.add_guest`` and
``services.answer`` (a deputy already invited in their own right).
"""

from datetime import timedelta

import sqlalchemy as sa

from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Attendance, Meeting
from tests.conftest import field_value, messages
from tests.meetings.conftest import user


def _meeting_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Meeting))


def _invited(meeting_id: int, email: str) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Attendance)
        .where(Attendance.meeting_id == meeting_id, Attendance.user_id == user(email).id)
    )


def _meeting_form(starts: str, ends: str) -> dict:
    day = today_london() + timedelta(days=60)
    return {
        "title": "Strategic Board",
        "day": [str(day.day), str(day.month), str(day.year)],
        "starts": starts,
        "ends": ends,
        "venue": "Wellington House, Wakefield",
    }


def test_a_meeting_that_ends_before_it_starts_is_refused(secretariat):
    """Secretariat: scheduling a meeting from 2pm to 10am is refused on the form, times kept."""
    before = _meeting_count()
    page = secretariat.post_form("/bodies/board/meetings/new", _meeting_form("2pm", "10:00"))
    assert page.status_code == 200
    assert any("The end time must be after the start time" in m for m in messages(page))
    assert (field_value(page, "starts"), field_value(page, "ends")) == ("2pm", "10:00")
    assert _meeting_count() == before


def test_a_meeting_that_ends_when_it_starts_is_refused(secretariat):
    """Secretariat: a meeting from 10:00 to 10:00 is refused on the form."""
    before = _meeting_count()
    page = secretariat.post_form("/bodies/board/meetings/new", _meeting_form("10:00", "10am"))
    assert page.status_code == 200
    assert any("The end time must be after the start time" in m for m in messages(page))
    assert _meeting_count() == before


def test_moving_a_meetings_end_before_its_start_is_refused(secretariat, make_meeting):
    """Secretariat: editing a meeting so it ends before it starts is refused and the meeting is unchanged."""
    meeting = make_meeting(day=today_london() + timedelta(days=30))
    ends_at = meeting.ends_at
    page = secretariat.post_form(f"/meetings/{meeting.id}/edit", _meeting_form("11:00", "09:30"))
    assert page.status_code == 200
    assert any("The end time must be after the start time" in m for m in messages(page))
    assert db.session.get(Meeting, meeting.id).ends_at == ends_at


def test_planning_meetings_that_end_before_they_start_is_refused(secretariat):
    """Secretariat: planning a year of meetings from 12:00 to 10:00 creates none."""
    before = _meeting_count()
    day = today_london() + timedelta(days=40)
    page = secretariat.post_form(
        "/bodies/board/meetings/plan",
        {
            "title": "Strategic Board",
            "starts": "12:00",
            "ends": "10:00",
            "venue": "Wellington House",
            "dates-0": day.strftime("%d/%m/%Y"),
            "create": "1",
        },
    )
    assert page.status_code == 200
    assert any("The end time must be after the start time" in m for m in messages(page))
    assert _meeting_count() == before


def test_adding_a_member_already_invited_as_a_guest_is_refused(secretariat, make_meeting):
    """Secretariat: adding as a guest someone the meeting already invites is refused on the form."""
    meeting = make_meeting(day=today_london() + timedelta(days=30))
    page = secretariat.post_form(f"/meetings/{meeting.id}/guests", {"user_id": str(user("chair@example.org").id)})
    assert page.status_code == 200
    assert any("Helen Ashworth is already invited to this meeting" in m for m in messages(page))
    assert _invited(meeting.id, "chair@example.org") == 1


def test_adding_the_same_guest_twice_invites_them_once(secretariat, make_meeting):
    """Secretariat: a double-clicked 'Invite' adds the guest once; the second post is refused on the form."""
    meeting = make_meeting(day=today_london() + timedelta(days=30))
    guest = str(user("coroner@example.org").id)
    assert secretariat.post_form(f"/meetings/{meeting.id}/guests", {"user_id": guest}).status_code == 302
    again = secretariat.post_form(f"/meetings/{meeting.id}/guests", {"user_id": guest})
    assert again.status_code == 200
    assert any("Margaret Lumb is already invited to this meeting" in m for m in messages(again))
    assert _invited(meeting.id, "coroner@example.org") == 1


def test_sending_as_deputy_someone_already_invited_is_refused(client_as, make_meeting):
    """Member: naming as deputy someone already invited in their own right is refused on the form."""
    meeting = make_meeting(day=today_london() + timedelta(days=30))
    mine = db.session.scalar(
        sa.select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.user_id == user("member@example.org").id
        )
    )
    member = client_as("member@example.org")
    page = member.post_form(
        f"/meetings/{meeting.id}/attendance/{mine.id}", {"response": "deputy", "deputy_email": "Chair@Example.org"}
    )
    assert page.status_code == 200
    assert any("Helen Ashworth is already invited to this meeting" in m for m in messages(page))
    assert field_value(page, "deputy_email") == "Chair@Example.org"
    assert _invited(meeting.id, "chair@example.org") == 1
    assert db.session.get(Attendance, mine.id).response == "no_answer"


def test_sending_the_same_deputy_twice_invites_them_once(client_as, make_meeting):
    """Member: answering 'sending a deputy' twice with the same deputy invites the deputy once."""
    meeting = make_meeting(day=today_london() + timedelta(days=30))
    mine = db.session.scalar(
        sa.select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.user_id == user("hmpps@example.org").id
        )
    )
    hmpps = client_as("hmpps@example.org")
    for _ in range(2):
        response = hmpps.post_form(
            f"/meetings/{meeting.id}/attendance/{mine.id}",
            {"response": "deputy", "deputy_email": "probation@example.org"},
        )
        assert response.status_code == 302
    assert _invited(meeting.id, "probation@example.org") == 1


def test_a_guest_id_that_is_not_a_person_is_refused(secretariat, make_meeting):
    """Secretariat: a forged guest id (a superscript digit, an unknown id) gets 'Choose a person', not an error."""
    meeting = make_meeting(day=today_london() + timedelta(days=30))
    for forged in ("²", "999999", "x"):
        page = secretariat.post_form(f"/meetings/{meeting.id}/guests", {"user_id": forged})
        assert page.status_code == 200
        assert any("Choose a person" in m for m in messages(page))

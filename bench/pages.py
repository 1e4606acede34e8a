"""The main pages the benchmark drives and the query-count test checks, on any data set."""

from datetime import UTC, datetime

import sqlalchemy as sa

from board.agendas.models import AgendaPublication
from board.extensions import db
from board.meetings import feed
from board.meetings.models import Meeting, MeetingStatus
from board.minutes.models import Minutes, MinutesStatus
from board.people.models import Body, User
from board.submissions.models import UpdateRound

ROLES = {
    "secretariat": "secretariat@example.org",
    "chair": "chair@example.org",
    "member": "member@example.org",
    "lead": "lead.leeds@example.org",
}


def main_pages() -> list[tuple[str, str, str | None]]:
    """(label, path, role) for each main page; call inside an app context (makes a feed token).

    The path uses the demo data's own next Board meeting, its round and the latest
    minutes, so the same pages are found on the small and the large data set.
    """
    board = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
    now = datetime.now(UTC)
    next_meeting = db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.body_id == board.id, Meeting.starts_at > now, Meeting.status == MeetingStatus.SCHEDULED.value)
        .where(Meeting.id.in_(sa.select(AgendaPublication.meeting_id)))
        .order_by(Meeting.starts_at)
    )
    round_id = db.session.scalar(sa.select(UpdateRound.id).where(UpdateRound.meeting_id == next_meeting.id))
    minutes_id = db.session.scalar(
        sa.select(Minutes.id)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Meeting.body_id == board.id, Minutes.status != MinutesStatus.DRAFT.value)
        .order_by(Meeting.starts_at.desc())
    )
    member = db.session.scalar(sa.select(User).where(User.email == ROLES["member"]))
    token = feed.new_calendar_token(member, actor=member)
    db.session.commit()
    return [
        ("home (secretariat)", "/", "secretariat"),
        ("home (chair)", "/", "chair"),
        ("home (member)", "/", "member"),
        ("home (district lead)", "/", "lead"),
        ("meeting page", f"/meetings/{next_meeting.id}", "member"),
        ("agenda pack", f"/meetings/{next_meeting.id}/agenda/pack", "member"),
        ("action log", "/actions", "secretariat"),
        ("action log, filtered", "/actions?body=board&status=open&overdue=y", "secretariat"),
        ("decisions register", "/decisions", "member"),
        ("update tracker", f"/rounds/{round_id}", "secretariat"),
        ("minutes", f"/minutes/{minutes_id}", "member"),
        ("search", "/search?q=naloxone", "member"),
        ("personal calendar feed", f"/calendar/{token}.ics", None),
        ("meeting .ics", f"/meetings/{next_meeting.id}.ics", "member"),
    ]

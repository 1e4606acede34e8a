"""Who actually attended a meeting, marked by the secretariat on the day: a tick per invitee,
and people there who were not invited (an officer in attendance, a deputy). Distinct from
the answers to the invitation, which say what people meant to do. Never commits.
"""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.audit.services import record
from board.common.timeutil import to_london, today_london
from board.extensions import db
from board.meetings.models import Attendance, DayAttendee, Meeting, Response
from board.people.models import User

PRESENCES = {"present": "Present (a voting place, for example a deputy)", "in_attendance": "In attendance"}


class AttendedError(ValueError):
    """A change to the attendance record refused for a reason the person can fix."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def invitees(meeting: Meeting) -> list[Attendance]:
    """Everyone invited, with their people loaded, by name."""
    rows = db.session.scalars(
        sa.select(Attendance)
        .where(Attendance.meeting_id == meeting.id)
        .options(
            selectinload(Attendance.user).selectinload(User.organisation),
            selectinload(Attendance.deputy_for).selectinload(Attendance.user),
            selectinload(Attendance.deputy),
        )
    ).all()
    return sorted(rows, key=lambda a: (a.user.name.lower(), a.id))


def day_attendees(meeting: Meeting) -> list[DayAttendee]:
    return db.session.scalars(
        sa.select(DayAttendee).where(DayAttendee.meeting_id == meeting.id).order_by(DayAttendee.id)
    ).all()


def is_marked(meeting: Meeting) -> bool:
    """Whether the secretariat has marked the attendance on the day (anyone ticked or not, or added)."""
    ticked = db.session.scalar(
        sa.select(sa.func.count(Attendance.id)).where(
            Attendance.meeting_id == meeting.id, Attendance.attended.is_not(None)
        )
    )
    return bool(ticked) or bool(day_attendees(meeting))


def expected(attendance: Attendance) -> bool:
    """What the answers to the invitation suggest (the page's starting ticks before anything is marked)."""
    return attendance.response == Response.ATTENDING


def why_closed(meeting: Meeting) -> str | None:
    """Why attendance cannot be marked for this meeting (yet), or None."""
    try:
        _open(meeting)
    except AttendedError as error:
        return str(error)
    return None


def _open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise AttendedError("This meeting was cancelled, so no one attended it")
    if to_london(meeting.starts_at).date() > today_london():
        raise AttendedError(
            f"This meeting is on {to_london(meeting.starts_at):%-d %B %Y}: "
            "mark who attended on the day of the meeting or after it"
        )


def mark_attended(meeting: Meeting, attended_ids: set[int], *, actor) -> int:
    """Secretariat: tick who attended; everyone else invited is marked as not there. Returns how many changed."""
    _open(meeting)
    rows = invitees(meeting)
    unknown = set(attended_ids) - {a.id for a in rows}
    if unknown:
        raise AttendedError("Tick only people invited to this meeting (reload the page: the list has changed)")
    changed = 0
    for row in rows:
        value = row.id in attended_ids
        if row.attended is not value:
            row.attended = value
            changed += 1
    present = sum(1 for r in rows if r.attended)
    record("attendance marked", meeting, actor=actor, changes={"attended": [None, present], "changed": [None, changed]})
    return changed


def add_day_attendee(meeting: Meeting, *, name: str, organisation: str, presence: str, deputising_for: str, actor):
    """Secretariat: add someone who was there but not invited (in attendance, or a deputy)."""
    _open(meeting)
    name, organisation, deputising_for = (
        (name or "").strip(),
        (organisation or "").strip(),
        (deputising_for or "").strip(),
    )
    if not name:
        raise AttendedError("Enter the person's name", "name")
    if presence not in PRESENCES:
        raise AttendedError("Choose present or in attendance", "presence")
    if deputising_for and presence != "present":
        raise AttendedError("A deputy standing in for a member is present, not in attendance", "presence")
    if any(a.name.lower() == name.lower() for a in day_attendees(meeting)):
        raise AttendedError(f"{name} is already on the attendance record", "name")
    extra = DayAttendee(
        meeting=meeting, name=name, organisation=organisation, presence=presence, deputising_for=deputising_for
    )
    db.session.add(extra)
    db.session.flush()
    record("attendance marked", meeting, actor=actor, changes={"added": [None, name]})
    return extra


def remove_day_attendee(extra: DayAttendee, *, actor) -> None:
    """Secretariat: take someone added on the day off the record."""
    meeting = extra.meeting
    db.session.delete(extra)
    record("attendance marked", meeting, actor=actor, changes={"removed": [extra.name, None]})

"""Attendance over time (as ModernGov's attendance statistics): for each person who held a
seat on a body, the meetings they were expected at, attended, sent apologies to, or sent a
deputy to, over a chosen period.

The minutes' attendance record is the record of who came; where a meeting has no minutes
yet, the answers to its invitation stand in for it.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.common.timeutil import london_to_utc, now_utc, to_london
from board.extensions import db
from board.meetings.models import Attendance, Meeting, MeetingStatus, Response
from board.minutes.models import Minutes, Presence
from board.people.models import Body, Membership, Role, User

ATTENDED, APOLOGIES, DEPUTY, ABSENT, NO_RECORD = "attended", "apologies", "deputy", "absent", "no_record"
LABELS = {
    ATTENDED: "Attended",
    APOLOGIES: "Apologies",
    DEPUTY: "Sent a deputy",
    ABSENT: "Absent",
    NO_RECORD: "No record",
}


@dataclass
class PersonRecord:
    """One person's attendance at a body's meetings over the period."""

    user: User
    outcomes: list[tuple[Meeting, str, str]] = field(default_factory=list)  # meeting, outcome, source

    def count(self, outcome: str) -> int:
        return sum(1 for _m, o, _s in self.outcomes if o == outcome)

    @property
    def expected(self) -> int:
        return len(self.outcomes)

    @property
    def rate(self) -> int | None:
        """Meetings attended (in person or by a deputy) as a whole percentage of those expected at."""
        if not self.outcomes:
            return None
        return round(100 * (self.count(ATTENDED) + self.count(DEPUTY)) / self.expected)


def held_meetings(body: Body, start: date, end: date) -> list[Meeting]:
    """The body's meetings that took place (started, not cancelled) between two London days, inclusive."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.body_id == body.id,
                Meeting.status != MeetingStatus.CANCELLED.value,
                Meeting.starts_at >= london_to_utc(start, time(0)),
                Meeting.starts_at < london_to_utc(end + timedelta(days=1), time(0)),
                Meeting.starts_at <= now_utc(),
            )
            .options(selectinload(Meeting.attendances).selectinload(Attendance.user))
            .order_by(Meeting.starts_at)
        )
    )


def _from_minutes(minutes: Minutes, user: User) -> str:
    row = next((a for a in minutes.attendees if a.user_id == user.id), None)
    if row is None:
        return NO_RECORD
    if row.presence in (Presence.PRESENT, Presence.IN_ATTENDANCE):
        return ATTENDED
    if row.presence == Presence.APOLOGIES:
        deputised = any(a.deputising_for == user.name and a.user_id != user.id for a in minutes.attendees)
        return DEPUTY if deputised else APOLOGIES
    return ABSENT


def _from_answers(meeting: Meeting, user: User) -> str:
    answer = meeting.attendance_of(user)
    if answer is None:
        return NO_RECORD
    return {Response.ATTENDING: ATTENDED, Response.APOLOGIES: APOLOGIES, Response.DEPUTY: DEPUTY}.get(
        answer.response, NO_RECORD
    )


def attendance_over(body: Body, start: date, end: date, *, user_id: int | None = None) -> list[PersonRecord]:
    """Each person who held a seat at any of the period's meetings (past members too), by name."""
    meetings = held_meetings(body, start, end)
    minutes = {
        m.meeting_id: m
        for m in db.session.scalars(
            sa.select(Minutes)
            .where(Minutes.meeting_id.in_([m.id for m in meetings]))
            .options(selectinload(Minutes.attendees))
        )
    }
    query = (
        sa.select(Membership)
        .where(Membership.body_id == body.id)
        .options(selectinload(Membership.user).selectinload(User.organisation))
    )
    if user_id is not None:
        query = query.where(Membership.user_id == user_id)
    seats = db.session.scalars(query).all()
    records: dict[int, PersonRecord] = {}
    for meeting in meetings:
        day = to_london(meeting.starts_at).date()
        for seat in seats:
            if not seat.is_current(day) or seat.role == Role.SECRETARIAT:
                continue
            record = records.setdefault(seat.user_id, PersonRecord(seat.user))
            if any(m.id == meeting.id for m, _o, _s in record.outcomes):
                continue  # two seats on one day count once
            if meeting.id in minutes:
                record.outcomes.append((meeting, _from_minutes(minutes[meeting.id], seat.user), "minutes"))
            else:
                record.outcomes.append((meeting, _from_answers(meeting, seat.user), "invitation answers"))
    return sorted(records.values(), key=lambda r: r.user.name)


def attendance_csv_rows(records: list[PersonRecord]) -> tuple[list[str], list[list]]:
    header = [
        "Name",
        "Organisation",
        "Meetings",
        "Attended",
        "Apologies",
        "Sent a deputy",
        "Absent",
        "No record",
        "Rate (%)",
    ]
    rows = [
        [
            r.user.name,
            r.user.organisation.short_name if r.user.organisation else "",
            r.expected,
            r.count(ATTENDED),
            r.count(APOLOGIES),
            r.count(DEPUTY),
            r.count(ABSENT),
            r.count(NO_RECORD),
            "" if r.rate is None else r.rate,
        ]
        for r in records
    ]
    return header, rows

"""Scheduling meetings and recording answers. Services never commit."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from board.audit.services import apply_changes, record
from board.auth.services import normalise_email
from board.common.models import lock_row, utcnow
from board.common.timeutil import to_london
from board.extensions import db
from board.meetings import invitations
from board.meetings.models import AnswerSource, Attendance, Meeting, MeetingStatus, Response
from board.people.models import VOTING_ROLES, Body, Role, User
from board.people.seats import current_memberships

# Changing any of these changes the meeting in people's calendars: SEQUENCE rises and
# everyone gets the updated invitation. Changing the time also asks everyone to answer again.
SIGNIFICANT = ("starts_at", "ends_at", "venue", "join_url", "title", "notes")
MOVES = ("starts_at", "ends_at")
FIELD_LABELS = {
    "starts_at": "start time",
    "ends_at": "end time",
    "venue": "venue",
    "join_url": "joining link",
    "title": "title",
    "notes": "notes",
}


class MeetingError(Exception):
    """A change the rules refuse; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _check(values: dict) -> None:
    if values["ends_at"] <= values["starts_at"]:
        raise MeetingError("The end time must be after the start time", "ends")
    if not values.get("venue") and not values.get("join_url"):
        raise MeetingError("Enter a venue, an online joining link, or both", "venue")


def _must_be_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise MeetingError("This meeting has been cancelled and can no longer be changed")
    if meeting.is_held:
        raise MeetingError("This meeting has been held and can no longer be changed")


def create_meeting(body: Body, *, actor, send: bool = True, **values) -> Meeting:
    """Schedule a meeting, invite the body's current members and e-mail their invitations."""
    if body.closed_on is not None:
        raise MeetingError(f"The {body.short_name} was closed on {body.closed_on:%-d %B %Y}; it has no more meetings")
    _check(values)
    meeting = Meeting(body=body, created_by=actor, **values)
    db.session.add(meeting)
    for seat in current_memberships(body, to_london(meeting.starts_at).date()):
        if meeting.attendance_of(seat.user) is None:
            meeting.attendances.append(Attendance(user=seat.user))
    db.session.flush()
    record("created", meeting, actor=actor, changes={"starts_at": [None, meeting.starts_at.isoformat()]})
    if send:
        chair = invitations.chair_of(meeting)
        for attendance in meeting.attendances:
            invitations.send_request(meeting, attendance, chair=chair)
    return meeting


def update_meeting(meeting: Meeting, *, actor, **values) -> dict:
    """Change a scheduled meeting; moving it raises SEQUENCE and re-sends the invitations."""
    _must_be_open(meeting)
    _check(values)
    changes = apply_changes(meeting, values)
    changed = [f for f in SIGNIFICANT if f in changes]
    moved = any(f in changes for f in MOVES)
    if changed:
        meeting.sequence += 1
        changes["sequence"] = [meeting.sequence - 1, meeting.sequence]
    if moved:
        meeting.answers_sequence = meeting.sequence
    if changes:
        record("updated", meeting, actor=actor, changes=changes)
    if moved:
        _ask_again(meeting, actor)
    if changed:
        note = "This meeting has changed: new " + ", ".join(FIELD_LABELS[f] for f in changed) + "."
        if moved:
            note += " Please answer again."
        chair = invitations.chair_of(meeting)
        for attendance in meeting.attendances:
            invitations.send_request(meeting, attendance, change_note=note, chair=chair)
    return changes


def _ask_again(meeting: Meeting, actor) -> None:
    """The meeting moved: every answer goes back to 'not answered' (the audit trail keeps the old one).

    A deputy named by a member stays invited and stays on the member's row, so the member
    can confirm the same deputy again; the deputy is asked again too.
    """
    for attendance in meeting.attendances:
        if not attendance.has_answered:
            continue
        changes = apply_changes(
            attendance,
            {
                "response": Response.NO_ANSWER.value,
                "responded_at": None,
                "answered_via": "",
            },
        )
        record("answer asked again", meeting, actor=actor, changes=changes, label=str(attendance))


def cancel_meeting(meeting: Meeting, *, reason: str, actor) -> None:
    """Call off a meeting and send every invitee a cancellation for their calendar."""
    _must_be_open(meeting)
    if not reason:
        raise MeetingError("Enter the reason for cancelling the meeting", "reason")
    changes = apply_changes(meeting, {"status": MeetingStatus.CANCELLED.value, "cancel_reason": reason})
    meeting.sequence += 1
    record("cancelled", meeting, actor=actor, changes=changes)
    chair = invitations.chair_of(meeting)
    for attendance in meeting.attendances:
        invitations.send_cancel(meeting, attendance, chair=chair)


def mark_held(meeting: Meeting, *, actor, now: datetime | None = None) -> None:
    """Record that a meeting that has started took place."""
    _must_be_open(meeting)
    if meeting.starts_at > (now or utcnow()):
        raise MeetingError("A meeting can only be marked as held once it has started")
    changes = apply_changes(meeting, {"status": MeetingStatus.HELD.value})
    record("held", meeting, actor=actor, changes=changes)


def add_guest(meeting: Meeting, user: User, *, actor) -> Attendance:
    """Invite someone who is not a member (a presenter, an observer) and e-mail them."""
    _must_be_open(meeting)
    if not user.is_enabled:
        raise MeetingError("This person's account has been deactivated", "user_id")
    lock_row(meeting)  # then ask the database, which holds what a concurrent request committed
    if meeting.attendance_of(user) is not None or db.session.scalar(
        sa.select(Attendance.id).where(Attendance.meeting_id == meeting.id, Attendance.user_id == user.id)
    ):
        raise MeetingError(f"{user.name} is already invited to this meeting", "user_id")
    attendance = Attendance(user=user, is_guest=True)
    meeting.attendances.append(attendance)
    db.session.flush()
    record("guest added", meeting, actor=actor, changes={"guest": [None, user.name]})
    invitations.send_request(meeting, attendance)
    return attendance


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def answer(attendance: Attendance, *, response: str, actor, deputy_email: str = "", comment: str = "") -> None:
    """A person's own answer on the website: attending, apologies, or a named deputy (who is then invited)."""
    if actor is None or attendance.user_id != actor.id:
        raise MeetingError("You can only answer for yourself")
    response = Response(response)
    deputy = None
    if response == Response.DEPUTY:
        if not deputy_email:
            raise MeetingError("Enter your deputy's email address", "deputy_email")
        deputy = find_user_by_email(deputy_email)
    record_answer(
        attendance,
        response=response,
        deputy=deputy,
        comment=comment,
        actor=actor,
        at=utcnow(),
        via=AnswerSource.WEBSITE,
    )


def record_answer(
    attendance: Attendance,
    *,
    response: Response,
    deputy: User | None,
    comment: str,
    actor,
    at: datetime,
    via: AnswerSource,
) -> dict:
    """Record an answer given at ``at`` (on the website, or by a calendar reply) and invite a named deputy.

    Returns the changes (empty when the answer was already held). The audit entry says
    how the answer came.
    """
    meeting = attendance.meeting
    _must_be_open(meeting)
    if response == Response.DEPUTY:
        _check_deputy(attendance, deputy)
    else:
        deputy = None
    previous_deputy = attendance.deputy
    changes = apply_changes(
        attendance,
        {
            "response": response.value,
            "deputy": deputy,
            "comment": comment or "",
            "answered_via": via.value,
        },
    )
    attendance.responded_at = at
    action = "answered by calendar reply" if via == AnswerSource.CALENDAR else "answered"
    if changes or via == AnswerSource.WEBSITE:
        record(action, meeting, actor=actor, changes=changes, label=str(attendance))
    if previous_deputy is not None and previous_deputy != deputy:
        _withdraw_deputy(meeting, attendance, previous_deputy)
    if deputy is not None and meeting.attendance_of(deputy) is None:
        deputy_row = Attendance(user=deputy, deputy_for=attendance)
        meeting.attendances.append(deputy_row)
        db.session.flush()
        invitations.send_request(meeting, deputy_row)
    return changes


def _check_deputy(attendance: Attendance, deputy: User | None) -> None:
    if attendance.deputy_for_id is not None:
        raise MeetingError("You are invited as a deputy, so you cannot send a deputy yourself", "response")
    if deputy is None or not deputy.is_enabled:
        raise MeetingError(
            "There is no one with that email address here; ask the secretariat to add your deputy", "deputy_email"
        )
    if deputy.id == attendance.user_id:
        raise MeetingError("Your deputy must be someone other than you", "deputy_email")
    existing = attendance.meeting.attendance_of(deputy)
    if existing is not None and existing.deputy_for_id != attendance.id:
        raise MeetingError(f"{deputy.name} is already invited to this meeting", "deputy_email")


def _withdraw_deputy(meeting: Meeting, attendance: Attendance, deputy: User) -> None:
    row = meeting.attendance_of(deputy)
    if row is not None and row.deputy_for_id == attendance.id:
        invitations.send_cancel(meeting, row, personal=True)
        meeting.attendances.remove(row)
        db.session.flush()


@dataclass(frozen=True)
class Quorum:
    present: int
    needed: int
    needs_chair: bool
    chair_present: bool

    @property
    def is_quorate(self) -> bool:
        return self.present >= self.needed and (self.chair_present or not self.needs_chair)


def seats_on_the_day(meeting: Meeting) -> list:
    """The body's seats held on the meeting's day (for the quorum and the attendance table)."""
    return current_memberships(meeting.body, to_london(meeting.starts_at).date())


def quorum(meeting: Meeting, seats: list | None = None) -> Quorum:
    """Expected quorum from the answers: voting members attending or sending a deputy."""
    seats = seats_on_the_day(meeting) if seats is None else seats
    roles = {seat.user_id: seat.role for seat in seats}
    present = chair = 0
    for a in meeting.attendances:
        role = roles.get(a.user_id)
        if role in VOTING_ROLES and a.response in (Response.ATTENDING, Response.DEPUTY):
            present += 1
            if role in (Role.CHAIR, Role.VICE_CHAIR) and a.response == Response.ATTENDING:
                chair += 1
    body = meeting.body
    return Quorum(present, body.quorum_members, body.quorum_needs_chair, chair > 0)

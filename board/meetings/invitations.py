"""Calendar invitations by e-mail: one message per person, iTIP REQUEST or CANCEL.

Each message is ``multipart/alternative`` (text, HTML, ``text/calendar; method=...``)
with the same calendar attached as an ``.ics`` file. The MIME ``method`` parameter is
always the calendar's own METHOD.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import render_template
from sqlalchemy.orm import selectinload

from board.common.filters import london_datetime
from board.common.mail import queue_mail
from board.common.models import utcnow
from board.common.timeutil import to_london
from board.extensions import db
from board.meetings.ical import CANCEL, PARTSTAT, REQUEST, Person, meeting_calendar, meeting_url, site
from board.meetings.models import Attendance, Meeting, MeetingStatus, Response
from board.people.mail_choices import wants_mail
from board.people.models import User
from board.people.seats import body_chair


def _person(attendance: Attendance) -> Person:
    """The attendee: a member who sent a deputy says to whom, a deputy says for whom."""
    delegated_to = attendance.deputy.email if attendance.response == Response.DEPUTY and attendance.deputy else ""
    delegated_from = attendance.deputy_for.user.email if attendance.deputy_for is not None else ""
    return Person(
        attendance.user.name,
        attendance.user.email,
        PARTSTAT[attendance.response],
        delegated_to=delegated_to,
        delegated_from=delegated_from,
    )


def _delegator(attendance: Attendance) -> Person | None:
    """For a deputy's invitation: the member they stand in for (PARTSTAT=DELEGATED)."""
    member = attendance.deputy_for
    if member is None:
        return None
    return Person(member.user.name, member.user.email, "DELEGATED", delegated_to=attendance.user.email)


def chair_of(meeting: Meeting) -> Person | None:
    """The chair as a calendar attendee (ROLE=CHAIR); look it up once per batch of messages."""
    chair = body_chair(meeting.body, to_london(meeting.starts_at).date())
    if chair is None:
        return None
    attendance = meeting.attendance_of(chair)
    return Person(chair.name, chair.email, PARTSTAT[attendance.response] if attendance else "NEEDS-ACTION")


_UNSET = object()


def _send(
    meeting: Meeting, attendance: Attendance, method: str, template: str, subject: str, chair=_UNSET, **context
) -> None:
    ics = meeting_calendar(
        meeting,
        method,
        site(),
        now=utcnow(),
        attendee=_person(attendance),
        chair=chair_of(meeting) if chair is _UNSET else chair,
        change_note=context.get("change_note", ""),
        delegator=_delegator(attendance),
    )
    context.update(
        meeting=meeting,
        attendance=attendance,
        user=attendance.user,
        url=meeting_url(meeting.id, site()),
        when=london_datetime(meeting.starts_at),
    )
    queue_mail(
        [(attendance.user.name, attendance.user.email)],
        subject,
        render_template(f"emails/{template}.txt", **context),
        render_template(f"emails/{template}.html", **context),
        kind=f"meeting_{method.lower()}",
        alternatives=[("text/calendar", ics, {"method": method})],
        attachments=[("meeting.ics" if method == REQUEST else "cancellation.ics", "application/ics", ics)],
    )


def send_request(meeting: Meeting, attendance: Attendance, change_note: str = "", chair=_UNSET) -> None:
    """E-mail one invitee a calendar invitation (or an updated one, saying what changed)."""
    prefix = "Updated invitation" if change_note else "Invitation"
    subject = f"{prefix}: {meeting.body.short_name}, {meeting.title}, {london_datetime(meeting.starts_at)}"
    _send(meeting, attendance, REQUEST, "meeting_invitation", subject, chair=chair, change_note=change_note)


def send_cancel(meeting: Meeting, attendance: Attendance, personal: bool = False, chair=_UNSET) -> None:
    """E-mail one invitee a cancellation: the meeting was called off, or they are no longer invited.

    ``personal`` withdraws only this person's invitation (a deputy no longer needed):
    the calendar still says CANCEL, with a SEQUENCE above the last invitation's.
    """
    if personal:
        meeting.sequence += 1  # the withdrawal must outrank the invitation it replaces
        subject = f"No longer needed: {meeting.body.short_name}, {meeting.title}, {london_datetime(meeting.starts_at)}"
        _send(meeting, attendance, CANCEL, "meeting_cancelled", subject, personal=True)
        return
    subject = f"Cancelled: {meeting.body.short_name}, {meeting.title}, {london_datetime(meeting.starts_at)}"
    _send(meeting, attendance, CANCEL, "meeting_cancelled", subject, chair=chair, personal=False)


def remind_unanswered(now: datetime) -> int:
    """Remind invitees who have not answered, a week before the meeting; once each."""
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at > now,
            Meeting.starts_at <= now + timedelta(days=7),
        )
        .options(
            selectinload(Meeting.attendances).selectinload(Attendance.user).selectinload(User.mail_opt_outs),
            selectinload(Meeting.body),
        )
    ).all()
    sent = 0
    for meeting in meetings:
        for attendance in meeting.attendances:
            user: User = attendance.user
            if attendance.response != Response.NO_ANSWER or not user.is_enabled:
                continue
            if not wants_mail(user, "meeting_reminder"):  # turned off on their account page
                continue
            context = {
                "meeting": meeting,
                "user": user,
                "url": meeting_url(meeting.id, site()),
                "when": london_datetime(meeting.starts_at),
            }
            row = queue_mail(
                [(user.name, user.email)],
                f"Please reply: {meeting.body.short_name}, {meeting.title}, {london_datetime(meeting.starts_at)}",
                render_template("emails/meeting_reminder.txt", **context),
                render_template("emails/meeting_reminder.html", **context),
                kind="meeting_reminder",
                dedupe_key=f"meeting-answer-reminder:{meeting.id}:{user.id}",
            )
            sent += row is not None
    return sent

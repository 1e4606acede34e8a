"""Demo meetings: two years of past Board and Sub-group meetings, the next ones, answers.

Dates are relative to today (Tuesdays, moved off bank holidays). Safe to run again: a
body that already has meetings is left as it is.
"""

import random
from datetime import date, time, timedelta

import sqlalchemy as sa

from board.common.models import utcnow
from board.common.timeutil import london_to_utc, today_london
from board.common.workdays import is_working_day
from board.extensions import db
from board.meetings import services
from board.meetings.models import Attendance, Meeting, MeetingStatus, Response

BOARD_VENUE = "Wellington House, 40-50 Wellington Street, Leeds LS1 2DE"
SOG_LINK = "https://teams.example.org/l/meetup-join/sub-group"


def _tuesday(day: date) -> date:
    """The Tuesday of that week, or the next working day if it is a bank holiday."""
    day = day - timedelta(days=day.weekday()) + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _days(today: date, every_weeks: int, past: int, future: int, first_ahead_days: int) -> list[date]:
    first = today + timedelta(days=first_ahead_days)
    step = timedelta(weeks=every_weeks)
    days = [first + step * i for i in range(-past, future)]
    return [_tuesday(d) for d in days]


def _answer(meeting: Meeting, rng: random.Random, is_past: bool, users: dict) -> None:
    """Fill in answers (directly: demo data sends no mail)."""
    deputies = {"member@example.org": "deputy.wyp@example.org", "hmpps@example.org": "probation@example.org"}
    for attendance in list(meeting.attendances):
        email = attendance.user.email
        roll = rng.random()
        if not is_past and roll < 0.35:
            continue  # not answered yet
        if email in deputies and roll < 0.55 and meeting.attendance_of(users[deputies[email]]) is None:
            deputy = users[deputies[email]]
            attendance.response, attendance.deputy = Response.DEPUTY.value, deputy
            meeting.attendances.append(_deputy_row(attendance, deputy, is_past))
        elif roll < 0.8 or email in {"chair@example.org", "vicechair@example.org"}:
            attendance.response = Response.ATTENDING.value
        else:
            attendance.response = Response.APOLOGIES.value
            attendance.comment = rng.choice(["Annual leave", "Clash with a Home Office meeting", "Unwell", ""])
        attendance.responded_at = min(utcnow(), meeting.starts_at - timedelta(days=rng.randint(2, 20)))


def _deputy_row(attendance, deputy, is_past):
    return Attendance(
        user=deputy, deputy_for=attendance, response=Response.ATTENDING.value if is_past else Response.NO_ANSWER.value
    )


def seed_meetings(ctx: dict) -> dict:
    """Past (held) and upcoming meetings for both bodies, with answers; returns counts."""
    today = today_london()
    actor = ctx["users"]["secretariat@example.org"]
    plans = [
        # body, every (weeks), past, future, first ahead (days), title, times, venue, link
        (ctx["board"], 26, 4, 2, 45, "Strategic Board", (time(10), time(12, 30)), BOARD_VENUE, ""),
        (ctx["sog"], 7, 14, 4, 12, "Synthetic Opioids Sub-group", (time(14), time(15, 30)), "", SOG_LINK),
    ]
    made = 0
    for body, every, past, future, ahead, title, (start, end), venue, link in plans:
        if db.session.scalar(sa.select(Meeting.id).where(Meeting.body_id == body.id).limit(1)):
            continue
        rng = random.Random(body.slug)
        for day in _days(today, every, past, future, ahead):
            meeting = services.create_meeting(
                body,
                actor=actor,
                send=False,
                title=title,
                venue=venue,
                join_url=link,
                notes="Papers will be circulated a week before the meeting.",
                starts_at=london_to_utc(day, start),
                ends_at=london_to_utc(day, end),
            )
            is_past = day < today
            _answer(meeting, rng, is_past, ctx["users"])
            if is_past:
                meeting.status = MeetingStatus.HELD.value
            made += 1
    db.session.flush()
    return {"meetings": made}

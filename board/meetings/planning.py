"""Planning a body's year of meetings: proposed dates and warnings (never refusals)."""

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.common.timeutil import LONDON, to_london
from board.common.workdays import bank_holiday_name, is_weekend
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.people.models import Body, Membership


def meetings_per_year(body: Body) -> int:
    return max(1, round(52 / max(1, body.cadence_weeks)))


def default_first_day(body: Body, today: date) -> date:
    """One cadence after the body's latest meeting (same weekday), or a cadence from today."""
    latest = db.session.scalar(
        sa.select(Meeting.starts_at)
        .where(Meeting.body_id == body.id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    step = timedelta(weeks=body.cadence_weeks)
    day = to_london(latest).date() + step if latest else today + step
    while day <= today:
        day += step
    return day


def propose_dates(body: Body, first: date, count: int | None = None) -> list[date]:
    """Dates at the body's cadence from ``first``: the secretariat adjusts them."""
    count = count or meetings_per_year(body)
    return [first + timedelta(weeks=body.cadence_weeks * i) for i in range(count)]


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(UTC)
    return start, end


def _member_ids(body_id: int, on: date, seats: dict) -> set[int]:
    return {m.user_id for m in seats.get(body_id, []) if m.is_current(on)}


def date_warnings(body: Body, days: list[date], exclude_meeting_id: int | None = None) -> dict[date, list[str]]:
    """For each day: weekend, bank holiday, and clashes with meetings sharing members.

    One query for the meetings across all the days and one for the seats, however
    many days are checked.
    """
    warnings: dict[date, list[str]] = {day: [] for day in days}
    if not days:
        return warnings
    lo, _ = _day_bounds(min(days))
    _, hi = _day_bounds(max(days))
    query = (
        sa.select(Meeting)
        .where(Meeting.starts_at >= lo, Meeting.starts_at < hi, Meeting.status != MeetingStatus.CANCELLED)
        .options(selectinload(Meeting.body))
    )
    if exclude_meeting_id:
        query = query.where(Meeting.id != exclude_meeting_id)
    others = db.session.scalars(query).all()
    seats: dict[int, list[Membership]] = {}
    for m in db.session.scalars(sa.select(Membership)).all():
        seats.setdefault(m.body_id, []).append(m)
    by_day: dict[date, list[Meeting]] = {}
    for other in others:
        by_day.setdefault(to_london(other.starts_at).date(), []).append(other)
    for day in days:
        if is_weekend(day):
            warnings[day].append(f"{day:%A} is a weekend day")
        holiday = bank_holiday_name(day)
        if holiday:
            warnings[day].append(f"{holiday} is a bank holiday in England and Wales")
        ours = _member_ids(body.id, day, seats)
        for other in by_day.get(day, []):
            if other.body_id == body.id:
                warnings[day].append(f"The {body.short_name} already meets that day ({other.title})")
                continue
            shared = ours & _member_ids(other.body_id, day, seats)
            if shared:
                n = len(shared)
                warnings[day].append(
                    f"Clashes with {other.body.short_name}: {other.title} ({n} shared member{'s' if n != 1 else ''})"
                )
    return warnings

"""Read-only meeting lists, read as rows: the pages list a date, a title and a status.

A body's past meetings grow by a dozen a year, so they are paged, newest first; the
meetings still to come are few (a year is planned at most) and are shown in full.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from board.common.models import utcnow
from board.extensions import db
from board.meetings.models import Attendance, Meeting, MeetingStatus
from board.people.models import Body

PAST_PER_PAGE = 20


@dataclass(frozen=True)
class MeetingRow:
    """One line of a meeting list."""

    id: int
    title: str
    starts_at: datetime
    status: str
    body_short_name: str

    def __str__(self) -> str:
        return Meeting.label(self.title, self.body_short_name)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD


def _rows(query) -> list[MeetingRow]:
    return [MeetingRow(*row) for row in db.session.execute(query)]


def _select():
    return sa.select(Meeting.id, Meeting.title, Meeting.starts_at, Meeting.status, Body.short_name).join(
        Body, Body.id == Meeting.body_id
    )


def upcoming_for(user_id: int, body_ids: list[int]) -> list[MeetingRow]:
    """Meetings still to start of the given bodies or that the user is invited to, soonest first."""
    invited = sa.select(Attendance.meeting_id).where(Attendance.user_id == user_id)
    return _rows(
        _select()
        .where(Meeting.starts_at >= utcnow(), sa.or_(Meeting.body_id.in_(body_ids), Meeting.id.in_(invited)))
        .order_by(Meeting.starts_at, Meeting.id)
    )


def not_cancelled_from_now(without) -> list[MeetingRow]:
    """Meetings still to start and not cancelled, soonest first, but those whose id ``without``
    (a subquery) selects."""
    return _rows(
        _select()
        .where(
            Meeting.starts_at >= utcnow(), Meeting.status != MeetingStatus.CANCELLED.value, Meeting.id.not_in(without)
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )


def body_meetings(
    body_id: int, page: int, per_page: int = PAST_PER_PAGE
) -> tuple[list[MeetingRow], list[MeetingRow], int]:
    """A body's meetings not yet over (soonest first), one page of its past ones (newest
    first) and how many past ones there are."""
    now = utcnow()
    mine = Meeting.body_id == body_id
    upcoming = _rows(_select().where(mine, Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id))
    total = db.session.scalar(sa.select(sa.func.count(Meeting.id)).where(mine, Meeting.ends_at < now))
    past = _rows(
        _select()
        .where(mine, Meeting.ends_at < now)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return upcoming, past, total

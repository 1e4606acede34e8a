"""Read-only lists of the submissions area, read as rows and a page at a time.

The rounds index grows by a round a meeting for as long as the board meets, so it is
paged (newest meeting first) and read as plain rows: no ORM objects are built for a
list that only shows a label, two dates and some counts.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from board.common.workdays import working_days_until
from board.extensions import db
from board.meetings.models import Meeting
from board.meetings.queries import MeetingRow, not_cancelled_from_now
from board.people.models import Body
from board.submissions.models import WRITING, PartnerUpdate, UpdateRound, UpdateStatus

ROUNDS_PER_PAGE = 20
# A deadline this many working days away or fewer is shown amber ("due soon").
SOON_WORKING_DAYS = 5
DONE_SHOWN = 5


@dataclass(frozen=True)
class RoundRow:
    """One line of the rounds table."""

    id: int
    meeting: str
    starts_at: datetime
    deadline: date
    is_locked: bool
    counts: list[tuple[str, int]]


def pages_for(total: int, per_page: int) -> int:
    """How many pages ``total`` rows fill (at least one)."""
    return max((total + per_page - 1) // per_page, 1)


def rounds_page(page: int, per_page: int = ROUNDS_PER_PAGE) -> tuple[list[RoundRow], int]:
    """One page of update rounds, newest meeting first, and the number of rounds (3 queries)."""
    total = db.session.scalar(sa.select(sa.func.count(UpdateRound.id)))
    rows = db.session.execute(
        sa.select(
            UpdateRound.id,
            UpdateRound.deadline,
            UpdateRound.is_locked,
            Meeting.title,
            Meeting.starts_at,
            Body.short_name,
        )
        .join(Meeting, Meeting.id == UpdateRound.meeting_id)
        .join(Body, Body.id == Meeting.body_id)
        .order_by(Meeting.starts_at.desc(), UpdateRound.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    counts: dict[int, dict[str, int]] = {row.id: {} for row in rows}
    if counts:
        for round_id, status, n in db.session.execute(
            sa.select(PartnerUpdate.round_id, PartnerUpdate.status, sa.func.count())
            .where(PartnerUpdate.round_id.in_(counts))
            .group_by(PartnerUpdate.round_id, PartnerUpdate.status)
        ):
            counts[round_id][status] = n
    return [
        RoundRow(
            id=row.id,
            meeting=Meeting.label(row.title, row.short_name),
            starts_at=row.starts_at,
            deadline=row.deadline,
            is_locked=row.is_locked,
            counts=[(s.label, counts[row.id][s.value]) for s in UpdateStatus if counts[row.id].get(s.value)],
        )
        for row in rows
    ], total


def meetings_not_asked() -> list[MeetingRow]:
    """Meetings still to come, not cancelled, that no round asks updates for yet."""
    return not_cancelled_from_now(sa.select(UpdateRound.meeting_id))


def contact_updates_page(
    org_ids: list[int], page: int, per_page: int = ROUNDS_PER_PAGE
) -> tuple[list[PartnerUpdate], int]:
    """One page of the updates of the given organisations, newest meeting first, and how many there are."""
    if not org_ids:
        return [], 0
    where = PartnerUpdate.organisation_id.in_(org_ids)
    total = db.session.scalar(sa.select(sa.func.count(PartnerUpdate.id)).where(where))
    updates = db.session.scalars(
        sa.select(PartnerUpdate)
        .join(UpdateRound)
        .join(Meeting)
        .join(Meeting.body)
        .where(where)
        .options(
            joinedload(PartnerUpdate.organisation),
            contains_eager(PartnerUpdate.round).contains_eager(UpdateRound.meeting).contains_eager(Meeting.body),
        )
        .order_by(Meeting.starts_at.desc(), PartnerUpdate.organisation_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return list(updates), total


@dataclass(frozen=True)
class OwedUpdate:
    """One line of a contact's to-do list: an update, and how close its deadline is."""

    update: PartnerUpdate
    working_days_left: int  # after today, up to the deadline (0 on the day and after)
    days_overdue: int  # calendar days past the deadline (0 until it passes)

    @property
    def is_writing(self) -> bool:
        """Still the organisation's to write (not started, a draft, or returned)."""
        return self.update.status in WRITING

    @property
    def urgency(self) -> str:
        """'overdue' (red), 'soon' (amber: within SOON_WORKING_DAYS working days) or ''."""
        if not self.is_writing:
            return ""
        if self.days_overdue:
            return "overdue"
        return "soon" if self.working_days_left <= SOON_WORKING_DAYS else ""


def open_updates_of(org_ids):
    """The updates of these organisations in rounds still open, for meetings not called off."""
    return (
        sa.select(PartnerUpdate)
        .join(UpdateRound)
        .join(Meeting)
        .join(Meeting.body)
        .where(
            PartnerUpdate.organisation_id.in_(org_ids),
            UpdateRound.is_locked.is_(False),
            Meeting.status != "cancelled",
        )
        .options(
            joinedload(PartnerUpdate.organisation),
            contains_eager(PartnerUpdate.round).contains_eager(UpdateRound.meeting).contains_eager(Meeting.body),
        )
        .order_by(UpdateRound.deadline, Meeting.starts_at, PartnerUpdate.organisation_id)
    )


def owed(update: PartnerUpdate, today: date) -> OwedUpdate:
    deadline = update.round.deadline
    return OwedUpdate(
        update=update,
        working_days_left=working_days_until(today, deadline),
        days_overdue=max((today - deadline).days, 0),
    )


def to_do(org_ids, today: date) -> tuple[list[OwedUpdate], list[PartnerUpdate]]:
    """An update contact's list (one query): open updates soonest deadline first, then the
    accepted ones ("Done", newest meeting first, the latest few)."""
    if not org_ids:
        return [], []
    updates = db.session.scalars(open_updates_of(list(org_ids))).all()
    open_ = [owed(u, today) for u in updates if u.status != UpdateStatus.ACCEPTED]
    done = [u for u in updates if u.status == UpdateStatus.ACCEPTED]
    done.sort(key=lambda u: u.round.meeting.starts_at, reverse=True)
    return open_, done[:DONE_SHOWN]

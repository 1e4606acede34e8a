"""The home pages' data. Every function runs a fixed number of queries, whatever the
amount of data (one per kind of thing shown, never one per row); the tests hold us to it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.actions.models import OWED_STATUSES, Action
from board.agendas.models import AgendaItem, AgendaPublication, Paper, Purpose
from board.audit.models import AuditEntry
from board.common.models import utcnow
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Attendance, Meeting, MeetingStatus
from board.meetings.services import Quorum, quorum
from board.minutes.models import Minutes, MinutesStatus
from board.people.models import Body, Organisation, Role, User
from board.submissions.models import HANDED_IN, PartnerUpdate, UpdateRound

AUDIT_ROWS = 10
MEMBER_MEETINGS = 6


def next_meetings(body_ids=None, now: datetime | None = None) -> list[Meeting]:
    """The next scheduled meeting of each body (one query, plus eager loads)."""
    now = now or utcnow()
    first = (
        sa.select(Meeting.body_id, sa.func.min(Meeting.starts_at).label("starts_at"))
        .where(Meeting.status == MeetingStatus.SCHEDULED.value, Meeting.starts_at >= now)
        .group_by(Meeting.body_id).subquery()
    )
    query = (
        sa.select(Meeting)
        .join(first, sa.and_(first.c.body_id == Meeting.body_id, first.c.starts_at == Meeting.starts_at))
        .where(Meeting.status == MeetingStatus.SCHEDULED.value)
        .options(selectinload(Meeting.body), selectinload(Meeting.attendances))
        .order_by(Meeting.body_id, Meeting.id)
    )
    if body_ids is not None:
        query = query.where(Meeting.body_id.in_(body_ids))
    seen, meetings = set(), []
    for m in db.session.scalars(query):
        if m.body_id not in seen:  # two meetings at the same minute: keep the first
            seen.add(m.body_id)
            meetings.append(m)
    return meetings


def previous_meetings(body_ids, now: datetime | None = None) -> dict[int, Meeting]:
    """The last meeting (held or scheduled, not cancelled) before now, per body."""
    now = now or utcnow()
    last = (
        sa.select(Meeting.body_id, sa.func.max(Meeting.starts_at).label("starts_at"))
        .where(Meeting.status != MeetingStatus.CANCELLED.value, Meeting.starts_at < now,
               Meeting.body_id.in_(body_ids))
        .group_by(Meeting.body_id).subquery()
    )
    rows = db.session.scalars(
        sa.select(Meeting).join(last, sa.and_(last.c.body_id == Meeting.body_id,
                                              last.c.starts_at == Meeting.starts_at))
        .where(Meeting.status != MeetingStatus.CANCELLED.value)
    ).all()
    return {m.body_id: m for m in rows}


@dataclass
class Readiness:
    """How ready one body's next meeting is, for the secretariat's home page."""

    meeting: Meeting
    item_count: int = 0
    paper_count: int = 0
    published_revision: int | None = None
    asked: int = 0
    received: int = 0
    late: list[str] = field(default_factory=list)
    deadline: date | None = None
    has_round: bool = False
    answered: int = 0
    invited: int = 0
    quorum: Quorum | None = None
    previous: Meeting | None = None
    previous_minutes: Minutes | None = None


def readiness(now: datetime | None = None, today: date | None = None) -> list[Readiness]:
    """For the next meeting of each body: agenda, papers, updates, answers, quorum, minutes."""
    today = today or today_london()
    meetings = next_meetings(now=now)
    if not meetings:
        return []
    ids = [m.id for m in meetings]
    items = dict(db.session.execute(
        sa.select(AgendaItem.meeting_id, sa.func.count(AgendaItem.id))
        .where(AgendaItem.meeting_id.in_(ids)).group_by(AgendaItem.meeting_id)
    ).all())
    papers = dict(db.session.execute(
        sa.select(AgendaItem.meeting_id, sa.func.count(Paper.id)).join(Paper, Paper.item_id == AgendaItem.id)
        .where(AgendaItem.meeting_id.in_(ids)).group_by(AgendaItem.meeting_id)
    ).all())
    published = dict(db.session.execute(
        sa.select(AgendaPublication.meeting_id, sa.func.max(AgendaPublication.revision))
        .where(AgendaPublication.meeting_id.in_(ids)).group_by(AgendaPublication.meeting_id)
    ).all())
    rounds = {r.meeting_id: r for r in db.session.scalars(
        sa.select(UpdateRound).where(UpdateRound.meeting_id.in_(ids))
        .options(selectinload(UpdateRound.updates).selectinload(PartnerUpdate.organisation))
    )}
    previous = previous_meetings([m.body_id for m in meetings], now=now)
    minutes = {mi.meeting_id: mi for mi in db.session.scalars(
        sa.select(Minutes).where(Minutes.meeting_id.in_([p.id for p in previous.values()]))
    )} if previous else {}
    out = []
    for m in meetings:
        r = Readiness(meeting=m, item_count=items.get(m.id, 0), paper_count=papers.get(m.id, 0),
                      published_revision=published.get(m.id))
        round_ = rounds.get(m.id)
        if round_ is not None:
            r.has_round, r.deadline, r.asked = True, round_.deadline, len(round_.updates)
            r.received = sum(1 for u in round_.updates if u.status in HANDED_IN)
            r.late = sorted(u.organisation.short_name for u in round_.updates
                            if u.status not in HANDED_IN and round_.deadline < today)
        r.invited = sum(1 for a in m.attendances if not a.is_guest)
        r.answered = sum(1 for a in m.attendances if not a.is_guest and a.has_answered)
        r.quorum = quorum(m)  # one query per body: the body's seats on the day
        r.previous = previous.get(m.body_id)
        r.previous_minutes = minutes.get(r.previous.id) if r.previous else None
        out.append(r)
    return out


def overdue_by_organisation(today: date | None = None) -> list[tuple[str, int]]:
    """Owed actions past their due date, counted by the owner's organisation (most first)."""
    today = today or today_london()
    rows = db.session.execute(
        sa.select(sa.func.coalesce(Organisation.short_name, "No organisation"), sa.func.count(Action.id))
        .join(User, User.id == Action.owner_id).outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(Action.status.in_([s.value for s in OWED_STATUSES]), Action.due_on < today)
        .group_by(Organisation.short_name)
    ).all()
    return sorted(((name, n) for name, n in rows), key=lambda r: (-r[1], r[0]))


def latest_changes(limit: int = AUDIT_ROWS) -> list[AuditEntry]:
    """The newest audit entries, with who made them."""
    return db.session.scalars(
        sa.select(AuditEntry).options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    ).all()


def my_next_meetings(user, now: datetime | None = None, limit: int = MEMBER_MEETINGS) -> list[Attendance]:
    """The user's invitations to meetings still to come, soonest first, with their answer."""
    now = now or utcnow()
    return db.session.scalars(
        sa.select(Attendance).join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.user_id == user.id, Meeting.starts_at >= now,
               Meeting.status == MeetingStatus.SCHEDULED.value)
        .options(selectinload(Attendance.meeting).selectinload(Meeting.body),
                 selectinload(Attendance.deputy))
        .order_by(Meeting.starts_at, Meeting.id).limit(limit)
    ).all()


def chaired_body_ids(user, today: date | None = None) -> set[int]:
    today = today or today_london()
    return {m.body_id for m in user.memberships
            if m.is_current(today) and m.role in (Role.CHAIR, Role.VICE_CHAIR)}


def minutes_awaiting_approval(body_ids) -> list[Minutes]:
    """Circulated minutes of the given bodies' meetings, waiting for the next meeting's approval."""
    if not body_ids:
        return []
    return db.session.scalars(
        sa.select(Minutes).join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Meeting.body_id.in_(body_ids), Minutes.status == MinutesStatus.CIRCULATED.value)
        .options(selectinload(Minutes.meeting).selectinload(Meeting.body))
        .order_by(Meeting.starts_at)
    ).all()


def decisions_due_at_next_board(now: datetime | None = None) -> tuple[Meeting | None, list[dict] | None]:
    """The next Board meeting and the items for decision on its published agenda.

    Members (chairs included) see only the published agenda, so this reads the latest
    publication's snapshot; None means the agenda is not published yet.
    """
    board = db.session.scalar(sa.select(Body.id).where(Body.slug == "board"))
    meetings = next_meetings([board], now=now) if board else []
    if not meetings:
        return None, []
    snapshot = db.session.scalar(
        sa.select(AgendaPublication.snapshot).where(AgendaPublication.meeting_id == meetings[0].id)
        .order_by(AgendaPublication.revision.desc()).limit(1)
    )
    if snapshot is None:
        return meetings[0], None
    rows = (snapshot or {}).get("items", [])
    return meetings[0], [
        {"number": n, **row} for n, row in enumerate(rows, start=1) if row.get("purpose") == Purpose.DECISION.value
    ]

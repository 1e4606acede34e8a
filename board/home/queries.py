"""The home pages' data. Every function runs a fixed number of queries, whatever the
amount of data (one per kind of thing shown, never one per row); the tests hold us to it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import defer, joinedload, load_only, selectinload

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


def _next_meetings_query():
    first = (
        sa.select(Meeting.body_id, sa.func.min(Meeting.starts_at).label("starts_at"))
        .where(Meeting.status == MeetingStatus.SCHEDULED.value, Meeting.starts_at >= sa.bindparam("now"))
        .group_by(Meeting.body_id)
        .subquery()
    )
    return (
        sa.select(Meeting)
        .join(first, sa.and_(first.c.body_id == Meeting.body_id, first.c.starts_at == Meeting.starts_at))
        .where(Meeting.status == MeetingStatus.SCHEDULED.value)
        .order_by(Meeting.body_id, Meeting.id)
    )


# The home pages' statements are built once, with parameters, and only executed per request:
# building a statement (and its loader options) cost more than running it.
_NEXT_MEETINGS = _next_meetings_query()
_NEXT_MEETINGS_WITH_ATTENDANCES = _NEXT_MEETINGS.options(joinedload(Meeting.body), selectinload(Meeting.attendances))


def next_meetings(body_ids=None, now: datetime | None = None, *, with_attendances: bool = True) -> list[Meeting]:
    """The next scheduled meeting of each body (one query, plus eager loads of the body and
    the invitations unless ``with_attendances`` is false)."""
    query = _NEXT_MEETINGS_WITH_ATTENDANCES if with_attendances else _NEXT_MEETINGS
    if body_ids is not None:
        query = query.where(Meeting.body_id.in_(body_ids))
    seen, meetings = set(), []
    for m in db.session.scalars(query, {"now": now or utcnow()}):
        if m.body_id not in seen:  # two meetings at the same minute: keep the first
            seen.add(m.body_id)
            meetings.append(m)
    return meetings


def previous_meetings(body_ids, now: datetime | None = None) -> dict[int, Meeting]:
    """The last meeting (held or scheduled, not cancelled) before now, per body."""
    now = now or utcnow()
    last = (
        sa.select(Meeting.body_id, sa.func.max(Meeting.starts_at).label("starts_at"))
        .where(Meeting.status != MeetingStatus.CANCELLED.value, Meeting.starts_at < now, Meeting.body_id.in_(body_ids))
        .group_by(Meeting.body_id)
        .subquery()
    )
    rows = db.session.scalars(
        sa.select(Meeting)
        .join(last, sa.and_(last.c.body_id == Meeting.body_id, last.c.starts_at == Meeting.starts_at))
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
    counts = _agenda_counts(ids)
    rounds = _rounds(ids)
    previous, minutes = _previous_with_minutes([m.body_id for m in meetings], now=now)
    out = []
    for m in meetings:
        item_count, paper_count, published_revision = counts.get(m.id, (0, 0, None))
        r = Readiness(
            meeting=m, item_count=item_count or 0, paper_count=paper_count or 0, published_revision=published_revision
        )
        if m.id in rounds:
            deadline, updates = rounds[m.id]
            r.has_round, r.deadline, r.asked = True, deadline, len(updates)
            r.received = sum(1 for status, _name in updates if status in HANDED_IN)
            r.late = sorted(name for status, name in updates if status not in HANDED_IN and deadline < today)
        r.invited = sum(1 for a in m.attendances if not a.is_guest)
        r.answered = sum(1 for a in m.attendances if not a.is_guest and a.has_answered)
        r.quorum = quorum(m)  # one query per body: the body's seats on the day
        r.previous = previous.get(m.body_id)
        r.previous_minutes = minutes.get(r.previous.id) if r.previous else None
        out.append(r)
    return out


def _agenda_counts_query():
    items = sa.select(sa.func.count(AgendaItem.id)).where(AgendaItem.meeting_id == Meeting.id).scalar_subquery()
    papers = (
        sa.select(sa.func.count(Paper.id))
        .join(AgendaItem, AgendaItem.id == Paper.item_id)
        .where(AgendaItem.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    published = (
        sa.select(sa.func.max(AgendaPublication.revision))
        .where(AgendaPublication.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    return sa.select(Meeting.id, items, papers, published).where(Meeting.id.in_(sa.bindparam("ids", expanding=True)))


_AGENDA_COUNTS = _agenda_counts_query()


def _agenda_counts(meeting_ids) -> dict[int, tuple[int, int, int | None]]:
    """Per meeting: agenda items, papers attached, latest published revision (one query)."""
    rows = db.session.execute(_AGENDA_COUNTS, {"ids": list(meeting_ids)})
    return {meeting_id: (n_items, n_papers, revision) for meeting_id, n_items, n_papers, revision in rows}


# Plain columns: the updates' long texts are not needed to count them.
_ROUNDS = (
    sa.select(UpdateRound.meeting_id, UpdateRound.deadline, PartnerUpdate.status, Organisation.short_name)
    .outerjoin(PartnerUpdate, PartnerUpdate.round_id == UpdateRound.id)
    .outerjoin(Organisation, Organisation.id == PartnerUpdate.organisation_id)
    .where(UpdateRound.meeting_id.in_(sa.bindparam("ids", expanding=True)))
)


def _rounds(meeting_ids) -> dict[int, tuple[date, list[tuple[str, str]]]]:
    """Per meeting with an update round: its deadline and each update's (status, organisation)."""
    out: dict[int, tuple[date, list[tuple[str, str]]]] = {}
    for meeting_id, deadline, status, short_name in db.session.execute(_ROUNDS, {"ids": list(meeting_ids)}):
        updates = out.setdefault(meeting_id, (deadline, []))[1]
        if status is not None:
            updates.append((status, short_name))
    return out


def _previous_with_minutes_query():
    last = (
        sa.select(Meeting.body_id, sa.func.max(Meeting.starts_at).label("starts_at"))
        .where(
            Meeting.status != MeetingStatus.CANCELLED.value,
            Meeting.starts_at < sa.bindparam("now"),
            Meeting.body_id.in_(sa.bindparam("body_ids", expanding=True)),
        )
        .group_by(Meeting.body_id)
        .subquery()
    )
    return (
        sa.select(Meeting, Minutes)
        .join(last, sa.and_(last.c.body_id == Meeting.body_id, last.c.starts_at == Meeting.starts_at))
        .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Meeting.status != MeetingStatus.CANCELLED.value)
        .options(
            load_only(Meeting.id, Meeting.body_id, Meeting.starts_at, Meeting.status),
            load_only(Minutes.id, Minutes.meeting_id, Minutes.status, Minutes.circulated_at),
        )
    )


_PREVIOUS_WITH_MINUTES = _previous_with_minutes_query()


def _previous_with_minutes(body_ids, now: datetime | None = None) -> tuple[dict[int, Meeting], dict[int, Minutes]]:
    """previous_meetings and their minutes (if written) in one query, reading only what the
    readiness cards show (not the minutes' text)."""
    rows = db.session.execute(_PREVIOUS_WITH_MINUTES, {"now": now or utcnow(), "body_ids": list(body_ids)}).all()
    previous = {m.body_id: m for m, _mi in rows}
    return previous, {mi.meeting_id: mi for _m, mi in rows if mi is not None}


def overdue_by_organisation(today: date | None = None) -> list[tuple[str, int]]:
    """Owed actions past their due date, counted by the owner's organisation (most first)."""
    today = today or today_london()
    rows = db.session.execute(
        sa.select(sa.func.coalesce(Organisation.short_name, "No organisation"), sa.func.count(Action.id))
        .join(User, User.id == Action.owner_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(Action.status.in_([s.value for s in OWED_STATUSES]), Action.due_on < today)
        .group_by(Organisation.short_name)
    ).all()
    return sorted(((name, n) for name, n in rows), key=lambda r: (-r[1], r[0]))


# The list names who did what; each entry's JSON of changes is not shown here.
_LATEST_CHANGES = (
    sa.select(AuditEntry)
    .options(defer(AuditEntry.changes), joinedload(AuditEntry.actor))
    .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    .limit(sa.bindparam("limit"))
)


def latest_changes(limit: int = AUDIT_ROWS) -> list[AuditEntry]:
    """The newest audit entries, with who made them (one query)."""
    return db.session.scalars(_LATEST_CHANGES, {"limit": limit}).all()


def my_next_meetings(user, now: datetime | None = None, limit: int = MEMBER_MEETINGS) -> list[Attendance]:
    """The user's invitations to meetings still to come, soonest first, with their answer."""
    now = now or utcnow()
    return db.session.scalars(
        sa.select(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.user_id == user.id, Meeting.starts_at >= now, Meeting.status == MeetingStatus.SCHEDULED.value)
        # Many-to-one all the way: joined into the one query rather than three more.
        .options(joinedload(Attendance.meeting).joinedload(Meeting.body), joinedload(Attendance.deputy))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(limit)
    ).all()


def chaired_body_ids(user, today: date | None = None) -> set[int]:
    today = today or today_london()
    return {m.body_id for m in user.memberships if m.is_current(today) and m.role in (Role.CHAIR, Role.VICE_CHAIR)}


def minutes_awaiting_approval(body_ids) -> list[Minutes]:
    """Circulated minutes of the given bodies' meetings, waiting for the next meeting's approval."""
    if not body_ids:
        return []
    return db.session.scalars(
        sa.select(Minutes)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Meeting.body_id.in_(body_ids), Minutes.status == MinutesStatus.CIRCULATED.value)
        # The list shows titles and dates, not the minutes' text: leave the long columns,
        # and join the meeting and body (many-to-one) into the one query.
        .options(
            load_only(Minutes.id, Minutes.meeting_id, Minutes.status),
            joinedload(Minutes.meeting).joinedload(Meeting.body),
        )
        .order_by(Meeting.starts_at)
    ).all()


def decisions_due_at_next_board(now: datetime | None = None) -> tuple[Meeting | None, list[dict] | None]:
    """The next Board meeting and the items for decision on its published agenda.

    Members (chairs included) see only the published agenda, so this reads the latest
    publication's snapshot; None means the agenda is not published yet.
    """
    # Only the meeting's id and date are shown: no invitations or body to load with it.
    board = sa.select(Body.id).where(Body.slug == "board")
    meetings = next_meetings(board, now=now, with_attendances=False)
    if not meetings:
        return None, []
    snapshot = db.session.scalar(
        sa.select(AgendaPublication.snapshot)
        .where(AgendaPublication.meeting_id == meetings[0].id)
        .order_by(AgendaPublication.revision.desc())
        .limit(1)
    )
    if snapshot is None:
        return meetings[0], None
    rows = (snapshot or {}).get("items", [])
    return meetings[0], [
        {"number": n, **row} for n, row in enumerate(rows, start=1) if row.get("purpose") == Purpose.DECISION.value
    ]

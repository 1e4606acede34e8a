"""Action log operations: create, change, note, close; queries the pages share. Never commits."""

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from board import permissions
from board.actions import references
from board.actions.models import (
    FINISHED_STATUSES,
    LIVE_STATUSES,
    NOTE_MAX_CHARS,
    OWED_STATUSES,
    RAG_LABELS,
    Action,
    ActionNote,
    ActionStatus,
)
from board.actions.rows import ActionRow, as_rows, to_rows
from board.audit.models import AuditEntry
from board.audit.services import apply_changes, record
from board.common.exports import write_csv, write_xlsx
from board.common.filters import short_date
from board.common.models import utcnow
from board.common.timeutil import to_london, today_london
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.people.models import Body, Organisation, User

UNSET = object()
PER_PAGE = 25


class ActionError(ValueError):
    """A change refused for a reason the person can fix; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- changing actions --------------------------------------------------------------------


def _check_owner(owner) -> None:
    if not isinstance(owner, User):
        raise ActionError("Choose an owner who has an account", "owner")
    if not owner.is_enabled:
        raise ActionError(f"{owner.name}'s account is deactivated: choose another owner", "owner")


def _check_links(body: Body, meeting, agenda_item) -> None:
    if meeting is not None and meeting.body_id != body.id:
        raise ActionError("The meeting must be a meeting of the same body", "meeting")
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.id):
        raise ActionError("The agenda item must belong to the meeting", "agenda_item")


def create_action(
    body: Body,
    description: str,
    owner: User,
    due_on: date,
    meeting: Meeting | None = None,
    agenda_item=None,
    *,
    actor,
    today: date | None = None,
) -> Action:
    """Secretariat (or minutes): add an action to a body's log with the next reference."""
    description = (description or "").strip()
    if not description:
        raise ActionError("Enter what needs to be done", "description")
    _check_owner(owner)
    if due_on is None:
        raise ActionError("Enter the due date", "due_on")
    if due_on < (today or today_london()):
        raise ActionError("The due date must be today or in the future", "due_on")
    _check_links(body, meeting, agenda_item)
    year = to_london(meeting.starts_at).year if meeting is not None else today_london().year
    reference, sequence = references.allocate(body, "action", year)
    action = Action(
        body=body,
        reference=reference,
        year=year,
        sequence=sequence,
        description=description,
        owner=owner,
        due_on=due_on,
        meeting=meeting,
        agenda_item=agenda_item,
        created_by_id=getattr(actor, "id", None),
        status=ActionStatus.OPEN.value,
    )
    db.session.add(action)
    db.session.flush()
    record(
        "created",
        action,
        actor=actor,
        changes={
            "description": [None, description],
            "owner": [None, owner.name],
            "due_on": [None, due_on.isoformat()],
        },
    )
    return action


def _status_values(action: Action, status: str) -> dict:
    values = {"status": status}
    if status in FINISHED_STATUSES and action.status not in FINISHED_STATUSES:
        values["closed_at"] = utcnow()
    elif status not in FINISHED_STATUSES:
        values["closed_at"] = None
    return values


def update_action(
    action: Action,
    *,
    actor,
    description=UNSET,
    owner=UNSET,
    due_on=UNSET,
    status=UNSET,
    meeting=UNSET,
    agenda_item=UNSET,
) -> dict:
    """Secretariat (or minutes): change an action's details; returns the audited changes."""
    values = {}
    if description is not UNSET:
        if not (description or "").strip():
            raise ActionError("Enter what needs to be done", "description")
        values["description"] = description.strip()
    if owner is not UNSET:
        _check_owner(owner)
        values["owner"] = owner
    if due_on is not UNSET:
        if due_on is None:
            raise ActionError("Enter the due date", "due_on")
        values["due_on"] = due_on
    if status is not UNSET:
        if status not in set(ActionStatus):
            raise ActionError("Choose a status", "status")
        values.update(_status_values(action, status))
    if meeting is not UNSET or agenda_item is not UNSET:
        new_meeting = action.meeting if meeting is UNSET else meeting
        new_item = action.agenda_item if agenda_item is UNSET else agenda_item
        if (
            agenda_item is UNSET
            and new_item is not None
            and (new_meeting is None or new_item.meeting_id != new_meeting.id)
        ):
            new_item = None  # moved to another meeting: the old item no longer applies
        _check_links(action.body, new_meeting, new_item)
        values.update(meeting=new_meeting, agenda_item=new_item)
    changes = apply_changes(action, values)
    if changes:
        verb = "reassigned" if "owner" in changes else "updated"
        record(verb, action, actor=actor, changes=changes)
    return changes


def set_status(action: Action, status: str, *, actor) -> dict:
    """Secretariat: close, cancel or reopen an action."""
    return update_action(action, actor=actor, status=status)


def mark_done(action: Action, *, actor) -> dict:
    """Owner: say the action is done, proposing it for closure at the next meeting."""
    if action.status not in OWED_STATUSES:
        raise ActionError("Only an open or in-progress action can be marked as done")
    return update_action(action, actor=actor, status=ActionStatus.DONE.value)


def add_note(action: Action, text: str, *, actor, mark_in_progress: bool = True) -> ActionNote:
    """Owner or secretariat: add a dated progress note (an open action moves to in progress)."""
    text = (text or "").strip()
    if not text:
        raise ActionError("Enter a progress note", "text")
    if len(text) > NOTE_MAX_CHARS:
        raise ActionError(f"A progress note must be {NOTE_MAX_CHARS:,} characters or fewer", "text")
    note = ActionNote(action=action, author=actor if isinstance(actor, User) else None, text=text)
    db.session.add(note)
    changes = {"note": [None, text]}
    if mark_in_progress and action.status == ActionStatus.OPEN:
        changes.update(apply_changes(action, {"status": ActionStatus.IN_PROGRESS.value}))
    record("noted", action, actor=actor, changes=changes)
    return note


def resolve_owner(handle: str) -> User | None:
    """Find an enabled user from '@name' text in minutes: an e-mail, its local part, or a name."""
    handle = (handle or "").strip().lstrip("@").strip()
    if not handle:
        return None
    key = handle.lower()
    users = db.session.scalars(sa.select(User).where(User.is_enabled.is_(True))).all()
    for match in (
        lambda u: u.email.lower() == key,
        lambda u: u.email.lower().split("@")[0] == key,
        lambda u: u.name.lower() == key,
    ):
        found = [u for u in users if match(u)]
        if len(found) == 1:
            return found[0]
    return None


def history(action: Action) -> list[AuditEntry]:
    """The action's audit entries, newest first, for its page."""
    return db.session.scalars(
        sa.select(AuditEntry)
        .options(selectinload(AuditEntry.actor))
        .where(AuditEntry.record_type == Action.__tablename__, AuditEntry.record_id == action.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()


# --- reading the log ---------------------------------------------------------------------

SORTS = {
    "due": (Action.due_on, Action.id),
    "-due": (Action.due_on.desc(), Action.id.desc()),
    "reference": (Action.body_id, Action.year, Action.sequence),
    "-reference": (Action.body_id, Action.year.desc(), Action.sequence.desc()),
    "owner": (User.name, Action.due_on),
    "status": (Action.status, Action.due_on),
}


@dataclass
class LogFilters:
    """What the log, the organisation page and the CSV export are filtered by."""

    body_ids: list[int] = field(default_factory=list)
    status: str = ""  # one status, "live", or "" for all
    organisation_id: int | None = None
    owner_id: int | None = None
    is_overdue: bool = False
    sort: str = "due"


def visible_bodies(user) -> list[Body]:
    """The bodies whose log the user may see."""
    bodies = db.session.scalars(sa.select(Body).order_by(Body.id)).all()
    return [b for b in bodies if permissions.can_view_action_log(user, b)]


def _eager():
    # Many-to-one: joined into the same query rather than one extra query each.
    return (joinedload(Action.owner).joinedload(User.organisation), joinedload(Action.body), joinedload(Action.meeting))


def log_query(filters: LogFilters, today: date | None = None):
    """The select for the filtered, sorted log (owner joined for sorting and filtering)."""
    today = today or today_london()
    query = sa.select(Action).join(User, Action.owner_id == User.id)
    if filters.body_ids:
        query = query.where(Action.body_id.in_(filters.body_ids))
    if filters.status == "live":
        query = query.where(Action.status.in_(LIVE_STATUSES))
    elif filters.status:
        query = query.where(Action.status == filters.status)
    if filters.organisation_id:
        query = query.where(User.organisation_id == filters.organisation_id)
    if filters.owner_id:
        query = query.where(Action.owner_id == filters.owner_id)
    if filters.is_overdue:
        query = query.where(Action.status.in_(OWED_STATUSES), Action.due_on < today)
    return query.order_by(*SORTS.get(filters.sort, SORTS["due"]))


def list_actions(filters: LogFilters, page: int = 1, per_page: int = PER_PAGE) -> tuple[list[ActionRow], int]:
    """One page of the log and the number of matching actions."""
    query = log_query(filters)
    ids = query.with_only_columns(Action.id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(ids.order_by(None).subquery()))
    # Pick the page's ids first (a narrow sort), then join what the rows show onto those
    # 25 only: joining owner, organisation, body and meeting before the sort made the
    # database do it for every action in the log.
    page_ids = ids.limit(per_page).offset((max(page, 1) - 1) * per_page).scalar_subquery()
    return to_rows(db.session.execute(as_rows(query.where(Action.id.in_(page_ids))))), total


def all_actions(filters: LogFilters) -> list[Action]:
    """Every matching action (for the CSV export), with what the export shows."""
    return db.session.scalars(
        log_query(filters).options(*_eager(), joinedload(Action.agenda_item), selectinload(Action.notes))
    ).all()


def my_actions(user, today: date | None = None) -> list[ActionRow]:
    """The user's live actions, overdue first, then by due date (for the home page), as rows."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or today_london()
    rows = to_rows(
        db.session.execute(
            as_rows(
                sa.select(Action)
                .join(User, User.id == Action.owner_id)
                .where(Action.owner_id == user.id, Action.status.in_(LIVE_STATUSES))
                .order_by(Action.due_on, Action.id)
            )
        )
    )
    return sorted(rows, key=lambda a: (not (a.status in OWED_STATUSES and a.due_on < today), a.due_on))


def organisation_actions(organisation: Organisation, status: str = "live") -> list[ActionRow]:
    """Actions owned by an organisation's people."""
    return to_rows(db.session.execute(as_rows(log_query(LogFilters(organisation_id=organisation.id, status=status)))))


@dataclass
class MeetingActions:
    """What a meeting reviews: live actions carried forward, and those closed since last time."""

    previous: sa.Row | None  # id, starts_at
    carried: list[ActionRow]
    closed: list[ActionRow]
    raised: list[ActionRow]


@cache
def _previous_statement():
    """``previous_meeting``'s statement, built once (the meeting page and pack run it on every look)."""
    return (
        sa.select(Meeting.id, Meeting.starts_at)
        .where(
            Meeting.body_id == sa.bindparam("body_id"),
            Meeting.starts_at < sa.bindparam("starts_at"),
            Meeting.status != MeetingStatus.CANCELLED.value,
            Meeting.id != sa.bindparam("meeting_id"),
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


def previous_meeting(meeting: Meeting) -> sa.Row | None:
    """The body's last meeting (not cancelled) before this one: its id and start (what the review prints)."""
    return db.session.execute(
        _previous_statement(), {"body_id": meeting.body_id, "starts_at": meeting.starts_at, "meeting_id": meeting.id}
    ).first()


@cache
def _review_statement(since_previous: bool):
    """The review's one statement, built once per shape (with or without a previous meeting
    to count closures from) on first use, when the mappers are known: building a select with
    three ORs, an alias and its cache key cost about as much as running it.

    Carried: still live (open, in progress, done awaiting closure) and raised before this
    meeting. Closed: closed or cancelled since the body's previous meeting began.
    Raised: actions raised at this meeting.
    """
    raised_at = aliased(Meeting, name="raised_at")
    body_id, meeting_id, starts_at = sa.bindparam("body_id"), sa.bindparam("meeting_id"), sa.bindparam("starts_at")
    # Each branch of the OR names its own index (body and status; body and closing time;
    # the meeting), so the database reads only these rows, not the body's ten years.
    carried = sa.and_(
        Action.body_id == body_id,
        Action.status.in_(LIVE_STATUSES),
        sa.or_(Action.meeting_id.is_(None), Action.meeting_id != meeting_id),
        sa.func.coalesce(raised_at.starts_at, Action.created_at) < starts_at,
    )
    closed = sa.and_(
        Action.body_id == body_id,
        Action.status.in_(FINISHED_STATUSES),
        Action.closed_at < starts_at,
        Action.closed_at >= sa.bindparam("since") if since_previous else sa.true(),
    )
    raised = Action.meeting_id == meeting_id
    # Read as rows (the columns the tables print); the meeting an action was raised at is
    # joined only to place it in time, never printed.
    query = (
        sa.select(Action)
        .join(User, User.id == Action.owner_id)
        .outerjoin(raised_at, Action.meeting_id == raised_at.id)
        .where(sa.or_(carried, closed, raised))
    )
    return as_rows(query).add_columns(carried.label("is_carried"), closed.label("is_closed"))


def meeting_actions(meeting: Meeting) -> MeetingActions:
    """Actions for a meeting's action-log item and its agenda pack, from one query (see
    ``_review_statement``): carried forward, closed since the previous meeting, raised here."""
    previous = previous_meeting(meeting)
    params = {"body_id": meeting.body_id, "meeting_id": meeting.id, "starts_at": meeting.starts_at}
    if previous is not None:
        params["since"] = previous.starts_at
    result = db.session.execute(_review_statement(previous is not None), params)
    carried_rows, closed_rows, raised_rows = [], [], []
    width = len(ActionRow._fields)
    for r in result:
        row = ActionRow._make(r[:width])
        if r.is_carried:
            carried_rows.append(row)
        if r.is_closed:
            closed_rows.append(row)
        if row.meeting_id == meeting.id:
            raised_rows.append(row)
    return MeetingActions(
        previous=previous,
        carried=sorted(carried_rows, key=lambda a: (a.due_on, a.id)),
        closed=sorted(closed_rows, key=lambda a: (a.closed_at, a.id)),
        raised=sorted(raised_rows, key=lambda a: a.sequence),
    )


# --- CSV -----------------------------------------------------------------------------------


def raised_at(action: Action) -> str:
    """Where an action was raised: 'Strategic Board, 3 Mar 2027, item 4: Action log'."""
    if action.meeting is None:
        return action.body.short_name
    parts = [action.body.short_name, short_date(action.meeting.starts_at)]
    if action.agenda_item is not None:
        parts.append(f"item {action.agenda_item.position}: {action.agenda_item.title}")
    return ", ".join(parts)


ACTION_EXPORT_HEADER = [
    "Reference",
    "Body",
    "Description",
    "Owner",
    "Organisation",
    "Due",
    "Status",
    "RAG",
    "Raised at",
    "Latest note",
]


def actions_table(actions: list[Action], today: date | None = None) -> tuple[list[str], list[list]]:
    """The log as rows for a spreadsheet: one per action, with its latest progress note (dates typed)."""
    today = today or today_london()
    rows = [
        [
            a.reference,
            a.body.short_name,
            a.description,
            a.owner.name,
            a.owner.organisation.short_name if a.owner.organisation else "",
            a.due_on,
            a.status_label,
            RAG_LABELS[a.rag(today)],
            raised_at(a),
            a.notes[0].text if a.notes else "",
        ]
        for a in actions
    ]
    return ACTION_EXPORT_HEADER, rows


def actions_csv(actions: list[Action], today: date | None = None) -> str:
    """The log as CSV (UTF-8 with a byte-order mark, CRLF: it opens right in Excel)."""
    return write_csv(*actions_table(actions, today))


def actions_xlsx(actions: list[Action], today: date | None = None) -> bytes:
    """The log as an Excel workbook: due dates as dates, header frozen, filters on."""
    return write_xlsx(*actions_table(actions, today), title="Action log")

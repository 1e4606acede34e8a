"""The forward plan: what each body expects to take, at which meeting, from whom.

Items wait (proposed, deferred) for their target meeting; the agenda builder offers them;
one click makes the agenda item and marks the plan item scheduled; deferring moves it to
the body's next meeting, and every step is kept in the item's history. Never commits.
"""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.agendas import services as agendas
from board.agendas.models import AgendaItem
from board.audit.services import apply_changes, record
from board.bodies.models import WAITING, PlanEvent, PlanItem, PlanStatus
from board.common.models import lock_row
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.people.models import Body


class PlanError(Exception):
    """A change the rules refuse; the message is for the person who asked."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _event(item: PlanItem, what: str, *, actor, from_meeting=None, to_meeting=None, note: str = "") -> None:
    item.events.append(
        PlanEvent(
            what=what,
            actor_id=getattr(actor, "id", None),
            from_meeting_id=getattr(from_meeting, "id", None),
            to_meeting_id=getattr(to_meeting, "id", None),
            note=note[:500],
        )
    )


def _fresh(item: PlanItem) -> None:
    """Hold the item's row lock and read it again, so a check-then-write sees committed changes."""
    lock_row(item)
    db.session.refresh(item)


def body_plan(body: Body) -> list[PlanItem]:
    """The body's forward plan: items by target meeting (undecided last), then as added."""
    return list(
        db.session.scalars(
            sa.select(PlanItem)
            .outerjoin(Meeting, PlanItem.meeting_id == Meeting.id)
            .where(PlanItem.body_id == body.id)
            .options(
                selectinload(PlanItem.meeting),
                selectinload(PlanItem.lead_user),
                selectinload(PlanItem.lead_organisation),
            )
            .order_by(Meeting.starts_at.is_(None), Meeting.starts_at, PlanItem.id)
        )
    )


def planned_for(meeting: Meeting) -> list[PlanItem]:
    """Items waiting for this meeting and not yet on its agenda: what the agenda builder offers."""
    return list(
        db.session.scalars(
            sa.select(PlanItem)
            .where(PlanItem.meeting_id == meeting.id, PlanItem.status.in_(WAITING), PlanItem.agenda_item_id.is_(None))
            .options(selectinload(PlanItem.lead_user), selectinload(PlanItem.lead_organisation))
            .order_by(PlanItem.id)
        )
    )


def _check_meeting(body: Body, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.body_id != body.id:
        raise PlanError(f"Choose a meeting of the {body.short_name}", "meeting_id")


def add_item(body: Body, *, actor, **values) -> PlanItem:
    """Secretariat: put an item on the body's forward plan."""
    if body.is_closed:
        raise PlanError(f"The {body.short_name} is closed")
    _check_meeting(body, values.get("meeting"))
    if values.get("status") == PlanStatus.SCHEDULED:
        raise PlanError("An item becomes scheduled when it is added to an agenda", "status")
    item = PlanItem(body=body, **values)
    db.session.add(item)
    _event(item, "added", actor=actor, to_meeting=values.get("meeting"))
    db.session.flush()
    record("created", item, actor=actor, changes={"title": [None, item.title]})
    return item


def update_item(item: PlanItem, *, actor, **values) -> dict:
    """Secretariat: change an item; a new target meeting or status is kept in its history."""
    _check_meeting(item.body, values.get("meeting"))
    if values.get("status") == PlanStatus.SCHEDULED and item.agenda_item_id is None:
        raise PlanError("An item becomes scheduled when it is added to an agenda", "status")
    before_meeting, before_status = item.meeting, item.status
    changes = apply_changes(item, values)
    if "meeting" in changes or item.meeting_id != getattr(before_meeting, "id", None):
        _event(item, "moved", actor=actor, from_meeting=before_meeting, to_meeting=item.meeting)
    if item.status != before_status:
        _event(item, f"marked {item.status}", actor=actor)
    if changes:
        record("updated", item, actor=actor, changes=changes)
    return changes


def next_meeting_after(meeting: Meeting) -> Meeting | None:
    """The body's next scheduled meeting after this one."""
    return db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.body_id == meeting.body_id,
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at > meeting.starts_at,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def defer_item(item: PlanItem, *, actor, note: str = "") -> Meeting:
    """Secretariat: move an item to the body's next meeting after its target (off the old agenda)."""
    _fresh(item)
    if item.status == PlanStatus.DONE:
        raise PlanError("This item is done; change its status to plan it again")
    if item.meeting is None:
        raise PlanError("This item has no target meeting to defer from; choose one first")
    target = next_meeting_after(item.meeting)
    if target is None:
        raise PlanError(f"There is no later meeting of the {item.body.short_name} to defer to; schedule one first")
    old = item.meeting
    if item.agenda_item is not None and item.agenda_item.meeting_id == old.id:
        agendas.delete_item(item.agenda_item, by=actor)
        item.agenda_item_id = None
    changes = apply_changes(item, {"meeting": target, "status": PlanStatus.DEFERRED.value})
    _event(item, "deferred", actor=actor, from_meeting=old, to_meeting=target, note=note)
    record(
        "deferred",
        item,
        actor=actor,
        changes={"status": changes.get("status", [None, "deferred"]), "meeting": [str(old), str(target)]},
    )
    return target


def schedule_item(item: PlanItem, meeting: Meeting, *, actor) -> AgendaItem:
    """Secretariat: add a planned item to its meeting's agenda (one click in the builder) and mark it scheduled."""
    _fresh(item)  # a double click: the second request waits here, then sees the first one's agenda item
    if item.meeting_id != meeting.id or item.status not in WAITING or item.agenda_item_id is not None:
        raise PlanError(f"“{item.title}” is not waiting for this meeting's agenda")
    description = item.notes
    agenda_item = agendas.add_item(
        meeting,
        {
            "title": item.title,
            "purpose": item.purpose,
            "description": description,
            "presenter_user": item.lead_user,
            "presenter_organisation": item.lead_organisation,
        },
        by=actor,
    )
    db.session.flush()
    item.agenda_item = agenda_item
    item.status = PlanStatus.SCHEDULED.value
    _event(item, "scheduled", actor=actor, to_meeting=meeting)
    record("scheduled", item, actor=actor, changes={"status": ["proposed", "scheduled"]})
    return agenda_item

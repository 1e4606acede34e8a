"""Building agendas: standing items, carry-forward, items, order and timings. Never commits."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from board.agendas.models import CLOSING_KINDS, AgendaItem, AgendaTemplateItem, Paper, PaperVersion
from board.audit.services import apply_changes, record
from board.common.markdown import render_markdown
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.people.models import Body, Organisation, User

# Fields copied from a template item (or an earlier meeting's item) to a new agenda item.
COPIED = (
    "title",
    "description",
    "description_html",
    "purpose",
    "duration_minutes",
    "is_confidential",
    "kind",
    "presenter_user_id",
    "presenter_organisation_id",
)


class AgendaError(ValueError):
    """A change the rules refuse; ``field`` names the form field it belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- reading -----------------------------------------------------------------------


def load_items(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items in order, with presenters and papers (not their bytes) loaded."""
    return list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .options(
                joinedload(AgendaItem.presenter_user),
                joinedload(AgendaItem.presenter_organisation),
                selectinload(AgendaItem.papers).selectinload(Paper.versions),
            )
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


@dataclass(slots=True)
class ReadVersion:
    """A paper's current version as ``read_items`` gives it (the fields a snapshot copies)."""

    id: int
    number: int
    filename: str
    content_type: str
    size_bytes: int


@dataclass(slots=True)
class ReadPaper:
    id: int
    title: str
    current: ReadVersion | None


@dataclass(slots=True)
class ReadItem:
    """An agenda item read as a row, with the attribute names of ``AgendaItem`` that
    ``build_snapshot`` and ``schedule`` use: for pages that only read the draft."""

    id: int
    meeting_id: int
    kind: str
    title: str
    description_html: str | None
    purpose: str
    presenter_label: str
    presenter_user_id: int | None
    presenter_organisation_id: int | None
    duration_minutes: int
    is_confidential: bool
    is_carried_forward: bool
    papers: list[ReadPaper] = field(default_factory=list)


@cache
def _read_statements():
    """``read_items``' two statements, built once (on first use, when the mappers are known)."""
    presenter, organisation = aliased(User), aliased(Organisation)
    items = (
        sa.select(
            AgendaItem.id,
            AgendaItem.meeting_id,
            AgendaItem.kind,
            AgendaItem.title,
            AgendaItem.description_html,
            AgendaItem.purpose,
            presenter.name,
            organisation.short_name,
            AgendaItem.presenter_user_id,
            AgendaItem.presenter_organisation_id,
            AgendaItem.duration_minutes,
            AgendaItem.is_confidential,
            AgendaItem.is_carried_forward,
        )
        .outerjoin(presenter, presenter.id == AgendaItem.presenter_user_id)
        .outerjoin(organisation, organisation.id == AgendaItem.presenter_organisation_id)
        .where(AgendaItem.meeting_id == sa.bindparam("meeting_id"))
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    # Every version of each paper, newest first: the first seen is the current one (as
    # ``Paper.current``); versions hold no bytes, and a paper has a handful.
    papers = (
        sa.select(
            Paper.item_id,
            Paper.id,
            Paper.title,
            PaperVersion.id,
            PaperVersion.number,
            PaperVersion.filename,
            PaperVersion.content_type,
            PaperVersion.size_bytes,
        )
        .join(AgendaItem, AgendaItem.id == Paper.item_id)
        .outerjoin(PaperVersion, PaperVersion.paper_id == Paper.id)
        .where(AgendaItem.meeting_id == sa.bindparam("meeting_id"))
        .order_by(Paper.id, PaperVersion.number.desc())
    )
    return items, papers


def read_items(meeting: Meeting) -> list[ReadItem]:
    """The meeting's items in order with their papers' current versions, as rows (two
    statements, no ORM objects): what the meeting page's agenda panel reads to show the
    draft and to tell whether it differs from the last publication. Not for changing items."""
    items_statement, papers_statement = _read_statements()
    params = {"meeting_id": meeting.id}
    items = []
    by_id = {}
    for row in db.session.execute(items_statement, params):
        (item_id, meeting_id, kind, title, html, purpose, person, org, user_id, org_id, minutes, conf, carried) = row
        item = ReadItem(
            item_id,
            meeting_id,
            kind,
            title,
            html,
            purpose,
            ", ".join(part for part in (person, org) if part is not None),
            user_id,
            org_id,
            minutes,
            conf,
            carried,
        )
        items.append(item)
        by_id[item_id] = item
    seen = set()
    for item_id, paper_id, title, version_id, number, filename, content_type, size in db.session.execute(
        papers_statement, params
    ):
        if paper_id in seen:
            continue
        seen.add(paper_id)
        version = ReadVersion(version_id, number, filename, content_type, size) if version_id is not None else None
        by_id[item_id].papers.append(ReadPaper(paper_id, title, version))
    return items


def load_template(body: Body) -> list[AgendaTemplateItem]:
    """The body's standing items, in order."""
    return list(
        db.session.scalars(
            sa.select(AgendaTemplateItem)
            .where(AgendaTemplateItem.body_id == body.id)
            .options(
                selectinload(AgendaTemplateItem.presenter_user), selectinload(AgendaTemplateItem.presenter_organisation)
            )
            .order_by(AgendaTemplateItem.position, AgendaTemplateItem.id)
        )
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's last meeting before this one that was not cancelled."""
    return db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.body_id == meeting.body_id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.status != MeetingStatus.CANCELLED.value,
            Meeting.id != meeting.id,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


def carry_forward_candidates(meeting: Meeting) -> list[AgendaItem]:
    """Items marked "carry forward" at the previous meeting that are not on this agenda yet."""
    before = previous_meeting(meeting)
    if before is None:
        return []
    already = sa.select(AgendaItem.carried_from_id).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.carried_from_id.is_not(None)
    )
    return list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(
                AgendaItem.meeting_id == before.id,
                AgendaItem.is_carried_forward.is_(True),
                AgendaItem.id.not_in(already),
            )
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


@dataclass
class Row:
    """One line of an agenda as shown: the item, its number and its times."""

    item: object
    number: int
    starts_at: datetime
    ends_at: datetime
    papers: list = field(default_factory=list)
    is_updated: bool = False


@dataclass
class Schedule:
    rows: list[Row]
    ends_at: datetime
    overrun_minutes: int

    @property
    def total_minutes(self) -> int:
        return sum(r.item.duration_minutes for r in self.rows)


def schedule(meeting: Meeting, items) -> Schedule:
    """Number the items in order and work out their times from the meeting's start."""
    rows, at = [], meeting.starts_at
    for number, item in enumerate(items, start=1):
        end = at + timedelta(minutes=item.duration_minutes)
        rows.append(Row(item=item, number=number, starts_at=at, ends_at=end))
        at = end
    overrun = max(0, int((at - meeting.ends_at).total_seconds() // 60))
    return Schedule(rows=rows, ends_at=at, overrun_minutes=overrun)


# --- building ----------------------------------------------------------------------


def _copy(source, **extra) -> dict:
    return {name: getattr(source, name) for name in COPIED} | extra


def _insert_position(items: list) -> int:
    """Where a new item goes: before any other business / date of next meeting, else last."""
    for index, item in enumerate(items):
        if item.kind in CLOSING_KINDS:
            return index
    return len(items)


def _renumber(items: list) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position


def start_agenda(meeting: Meeting, *, by) -> list[AgendaItem]:
    """Secretariat: fill an empty agenda from the body's standing items plus carried items."""
    items = load_items(meeting)
    if items:
        raise AgendaError("This agenda already has items")
    items = [AgendaItem(meeting=meeting, **_copy(t)) for t in load_template(meeting.body)]
    for item in items:
        db.session.add(item)
    carried = _carry_into(meeting, items)
    _renumber(items)
    record("agenda_started", meeting, actor=by, changes={"items": [0, len(items)], "carried_forward": [0, carried]})
    return items


def _carry_into(meeting: Meeting, items: list) -> int:
    """Insert copies of the previous meeting's carry-forward items, before the closing items."""
    sources = carry_forward_candidates(meeting)
    at = _insert_position(items)
    for offset, source in enumerate(sources):
        copy = AgendaItem(meeting=meeting, carried_from_id=source.id, **_copy(source))
        db.session.add(copy)
        items.insert(at + offset, copy)
    return len(sources)


def bring_forward(meeting: Meeting, *, by) -> int:
    """Secretariat: add carry-forward items marked at the previous meeting since this agenda began."""
    items = load_items(meeting)
    carried = _carry_into(meeting, items)
    if carried:
        _renumber(items)
        record("agenda_carried_forward", meeting, actor=by, changes={"carried_forward": [0, carried]})
    return carried


def _item_values(values: dict) -> dict:
    values = dict(values)
    if "description" in values:
        values["description_html"] = str(render_markdown(values["description"] or ""))
    for name in ("presenter_user", "presenter_organisation"):
        if name in values:
            value = values.pop(name)
            values[f"{name}_id"] = value.id if value is not None else None
    return values


def add_item(meeting: Meeting, values: dict, *, by) -> AgendaItem:
    """Secretariat: add an item, placed before any other business."""
    items = load_items(meeting)
    item = AgendaItem(meeting=meeting, **_item_values(values))
    db.session.add(item)
    items.insert(_insert_position(items), item)
    _renumber(items)
    record("created", item, actor=by, changes={"title": [None, item.title]}, label=_label(item))
    return item


def update_item(item: AgendaItem, values: dict, *, by) -> dict:
    """Secretariat: change an item; returns what changed (audited)."""
    changes = apply_changes(item, _item_values(values))
    changes.pop("description_html", None)
    if changes:
        record("updated", item, actor=by, changes=changes, label=_label(item))
    return changes


def delete_item(item: AgendaItem, *, by) -> None:
    """Secretariat: remove an item and its papers; the rest close up."""
    meeting = item.meeting
    record("deleted", item, actor=by, label=_label(item))
    # Items carried from this one keep their place; only the link goes.
    db.session.execute(sa.update(AgendaItem).where(AgendaItem.carried_from_id == item.id).values(carried_from_id=None))
    db.session.delete(item)
    db.session.flush()
    _renumber(load_items(meeting))


def _move(items: list, target, direction: str) -> bool:
    index = next(i for i, row in enumerate(items) if row.id == target.id)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        return False
    items[index], items[other] = items[other], items[index]
    _renumber(items)
    return True


def move_item(item: AgendaItem, direction: str, *, by) -> bool:
    """Secretariat: swap an item with the one above or below; False at either end."""
    moved = _move(load_items(item.meeting), item, direction)
    if moved:
        record("moved", item, actor=by, changes={"position": [None, item.position]}, label=_label(item))
    return moved


def _label(item: AgendaItem) -> str:
    return f"{item.meeting}: {item.title}"


# --- the body's standing items -----------------------------------------------------------


def add_template_item(body: Body, values: dict, *, by) -> AgendaTemplateItem:
    """Secretariat: add a standing item to the body's template, before any other business."""
    items = load_template(body)
    item = AgendaTemplateItem(body=body, **_item_values(values))
    db.session.add(item)
    items.insert(_insert_position(items), item)
    _renumber(items)
    record("created", item, actor=by, changes={"title": [None, item.title]}, label=f"{body.short_name}: {item.title}")
    return item


def update_template_item(item: AgendaTemplateItem, values: dict, *, by) -> dict:
    """Secretariat: change a standing item (agendas already built keep their copies)."""
    changes = apply_changes(item, _item_values(values))
    changes.pop("description_html", None)
    if changes:
        record("updated", item, actor=by, changes=changes, label=f"{item.body.short_name}: {item.title}")
    return changes


def delete_template_item(item: AgendaTemplateItem, *, by) -> None:
    """Secretariat: drop a standing item from the template."""
    body = item.body
    record("deleted", item, actor=by, label=f"{body.short_name}: {item.title}")
    db.session.delete(item)
    db.session.flush()
    _renumber(load_template(body))


def move_template_item(item: AgendaTemplateItem, direction: str, *, by) -> bool:
    """Secretariat: swap a standing item with its neighbour."""
    moved = _move(load_template(item.body), item, direction)
    if moved:
        record(
            "moved",
            item,
            actor=by,
            changes={"position": [None, item.position]},
            label=f"{item.body.short_name}: {item.title}",
        )
    return moved

"""Decisions register operations and queries. Never commits."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only, raiseload, selectinload

from board.actions import references
from board.actions.models import Action
from board.audit.services import apply_changes, record
from board.common.exports import write_csv, write_xlsx
from board.common.markdown import render_markdown
from board.decisions.models import Decision, DecisionStatus
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body

UNSET = object()
PER_PAGE = 25


class DecisionError(ValueError):
    """A change refused for a reason the person can fix; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _check_links(body: Body, meeting, agenda_item, actions) -> None:
    if meeting is not None and meeting.body_id != body.id:
        raise DecisionError("The meeting must be a meeting of the same body", "meeting")
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.id):
        raise DecisionError("The agenda item must belong to the meeting", "agenda_item")
    for action in actions or ():
        if action.body_id != body.id:
            raise DecisionError(f"{action.reference} is an action of another body", "actions")


def _check_supersedes(body: Body, date: date, old: Decision) -> None:
    if old.body_id != body.id:
        raise DecisionError(f"{old.reference} is a decision of another body: choose one of the same body", "supersedes")
    if old.status != DecisionStatus.IN_FORCE:
        raise DecisionError(f"{old.reference} is {old.status_label.lower()}: choose a decision in force", "supersedes")
    if old.decided_on > date:
        raise DecisionError(
            f"{old.reference} is dated after this decision: a decision can only supersede an earlier one", "supersedes"
        )


def create_decision(
    body: Body,
    title: str,
    text: str,
    date: date,
    meeting: Meeting | None = None,
    agenda_item=None,
    *,
    actor,
    rationale: str = "",
    is_confidential: bool = False,
    actions: list[Action] = (),
    supersedes: Decision | None = None,
) -> Decision:
    """Secretariat (or minutes): record a decision with the next reference (CDP-D-26-03).

    ``supersedes``: a decision in force of the same body that this one replaces; both sides
    are set at once (it becomes superseded by this one).
    """
    title = (title or "").strip()
    if not title:
        raise DecisionError("Enter a short title for the decision", "title")
    if date is None:
        raise DecisionError("Enter the date of the decision", "decided_on")
    _check_links(body, meeting, agenda_item, actions)
    if supersedes is not None:
        _check_supersedes(body, date, supersedes)
    reference, sequence = references.allocate(body, "decision", date.year)
    decision = Decision(
        body=body,
        reference=reference,
        year=date.year,
        sequence=sequence,
        title=title,
        text=text or "",
        text_html=str(render_markdown(text)),
        rationale=(rationale or "").strip(),
        decided_on=date,
        meeting=meeting,
        agenda_item=agenda_item,
        is_confidential=is_confidential,
        status=DecisionStatus.IN_FORCE.value,
        actions=list(actions),
    )
    db.session.add(decision)
    db.session.flush()
    record(
        "created",
        decision,
        actor=actor,
        changes={
            "title": [None, title],
            "decided_on": [None, date.isoformat()],
            **({"supersedes": [None, supersedes.reference]} if supersedes is not None else {}),
        },
    )
    if supersedes is not None:
        supersede(supersedes, decision, actor=actor)
    return decision


def update_decision(
    decision: Decision,
    *,
    actor,
    title=UNSET,
    text=UNSET,
    rationale=UNSET,
    date=UNSET,
    meeting=UNSET,
    agenda_item=UNSET,
    is_confidential=UNSET,
    actions=UNSET,
) -> dict:
    """Secretariat: correct a decision's record; returns the audited changes."""
    values = {}
    if title is not UNSET:
        if not (title or "").strip():
            raise DecisionError("Enter a short title for the decision", "title")
        values["title"] = title.strip()
    if text is not UNSET:
        values["text"] = text or ""
        values["text_html"] = str(render_markdown(text))
    if rationale is not UNSET:
        values["rationale"] = (rationale or "").strip()
    if date is not UNSET:
        if date is None:
            raise DecisionError("Enter the date of the decision", "decided_on")
        values["decided_on"] = date
    if is_confidential is not UNSET:
        values["is_confidential"] = bool(is_confidential)
    new_meeting = decision.meeting if meeting is UNSET else meeting
    new_item = decision.agenda_item if agenda_item is UNSET else agenda_item
    if new_item is not None and (new_meeting is None or new_item.meeting_id != new_meeting.id) and agenda_item is UNSET:
        new_item = None
    _check_links(decision.body, new_meeting, new_item, [] if actions is UNSET else actions)
    values["meeting"] = new_meeting
    values["agenda_item"] = new_item
    changes = apply_changes(decision, values)
    changes.pop("text_html", None)
    if actions is not UNSET:
        before = sorted(a.reference for a in decision.actions)
        after = sorted(a.reference for a in actions)
        if before != after:
            decision.actions = list(actions)
            changes["actions"] = [", ".join(before), ", ".join(after)]
    if changes:
        record("updated", decision, actor=actor, changes=changes)
    return changes


def supersede(decision: Decision, by: Decision, *, actor) -> dict:
    """Secretariat: a later decision of the same body replaces this one."""
    if by.id == decision.id:
        raise DecisionError("A decision cannot supersede itself", "superseded_by")
    if by.body_id != decision.body_id:
        raise DecisionError("The later decision must be of the same body", "superseded_by")
    if by.decided_on < decision.decided_on:
        raise DecisionError("The superseding decision must be dated on or after this one", "superseded_by")
    seen, step = {by.id}, by.superseded_by
    while step is not None and step.id not in seen:  # guard: never follow a loop already stored
        if step.id == decision.id:
            raise DecisionError(
                f"That would make a loop: {by.reference} is itself superseded, through "
                f"later decisions, by {decision.reference}",
                "superseded_by",
            )
        seen.add(step.id)
        step = step.superseded_by
    changes = apply_changes(decision, {"status": DecisionStatus.SUPERSEDED.value, "superseded_by": by})
    if changes:
        record("superseded", decision, actor=actor, changes=changes)
    return changes


def set_status(
    decision: Decision, status: str, *, actor, superseded_by: Decision | None = None, reason: str = ""
) -> dict:
    """Secretariat: in force, superseded (by a named later decision) or rescinded (with an
    optional reason, kept in the audit trail)."""
    if status == DecisionStatus.SUPERSEDED:
        if superseded_by is None:
            raise DecisionError("Choose the later decision that supersedes this one", "superseded_by")
        return supersede(decision, superseded_by, actor=actor)
    if status not in set(DecisionStatus):
        raise DecisionError("Choose a status", "status")
    changes = apply_changes(decision, {"status": status, "superseded_by": None})
    if changes and reason:
        changes["reason"] = [None, reason]
    if changes:
        record("rescinded" if status == DecisionStatus.RESCINDED else "updated", decision, actor=actor, changes=changes)
    return changes


def chain(decision: Decision) -> list[Decision]:
    """The decision's line of succession, oldest first: what it superseded (and what those did),
    itself, and what superseded it since. Stops at a loop rather than following it for ever."""
    earlier, frontier, seen = [], [decision.id], {decision.id}
    while frontier:
        rows = db.session.scalars(sa.select(Decision).where(Decision.superseded_by_id.in_(frontier))).all()
        rows = [d for d in rows if d.id not in seen]
        seen.update(d.id for d in rows)
        earlier.extend(rows)
        frontier = [d.id for d in rows]
    later, step = [], decision.superseded_by
    while step is not None and step.id not in seen:
        seen.add(step.id)
        later.append(step)
        step = step.superseded_by
    return sorted(earlier, key=lambda d: (d.decided_on, d.id)) + [decision] + later


def in_force(body_ids: list[int]) -> list[Decision]:
    """Decisions in force of the bodies, newest first (what a new decision may supersede)."""
    return db.session.scalars(
        sa.select(Decision)
        .where(Decision.body_id.in_(body_ids), Decision.status == DecisionStatus.IN_FORCE.value)
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
    ).all()


def actions_by_reference(body: Body, text: str) -> list[Action]:
    """Parse 'CDP-26-01, CDP-26-04' into the body's actions; unknown ones raise."""
    refs = [r.strip().upper() for r in (text or "").replace(";", ",").split(",") if r.strip()]
    if not refs:
        return []
    found = {a.reference: a for a in db.session.scalars(sa.select(Action).where(Action.reference.in_(refs)))}
    missing = [r for r in refs if r not in found]
    if missing:
        raise DecisionError(f"No action with the reference {', '.join(missing)}", "actions")
    wrong = [r for r in refs if found[r].body_id != body.id]
    if wrong:
        raise DecisionError(f"{', '.join(wrong)} is an action of another body", "actions")
    return [found[r] for r in dict.fromkeys(refs)]


# --- reading the register --------------------------------------------------------------


@dataclass
class RegisterFilters:
    """What the register and its CSV export are filtered by."""

    body_ids: list[int]
    member_body_ids: list[int]  # bodies whose confidential decisions the reader may see
    status: str = ""
    text: str = ""
    year: int | None = None


def register_query(filters: RegisterFilters):
    """The select for the filtered register, newest first; confidential only for members."""
    query = sa.select(Decision)
    if filters.body_ids:
        query = query.where(Decision.body_id.in_(filters.body_ids))
    query = query.where(
        sa.or_(Decision.is_confidential.is_(False), Decision.body_id.in_(filters.member_body_ids or [-1]))
    )
    if filters.status:
        query = query.where(Decision.status == filters.status)
    if filters.year:
        query = query.where(Decision.year == filters.year)
    if filters.text:
        # Simple LIKE for now; full-text search comes later.
        escaped = filters.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(
            sa.or_(
                *(
                    sa.func.lower(col).like(pattern, escape="\\")
                    for col in (Decision.title, Decision.text, Decision.rationale, Decision.reference)
                )
            )
        )
    return query.order_by(Decision.decided_on.desc(), Decision.id.desc())


def _eager():
    return (
        selectinload(Decision.body),
        selectinload(Decision.meeting),
        selectinload(Decision.superseded_by),
        selectinload(Decision.actions),
    )


def _register_page_columns():
    """What a row of the register page shows, in one query; anything else raises (no lazy loads)."""
    return (
        load_only(
            Decision.id,
            Decision.reference,
            Decision.decided_on,
            Decision.title,
            Decision.is_confidential,
            Decision.status,
            Decision.body_id,
            Decision.superseded_by_id,
            raiseload=True,
        ),
        joinedload(Decision.body).load_only(Body.short_name, raiseload=True),
        joinedload(Decision.superseded_by).load_only(Decision.reference, raiseload=True),
        raiseload("*"),
    )


def list_decisions(filters: RegisterFilters, page: int = 1, per_page: int = PER_PAGE):
    """One page of the register and the number of matching decisions."""
    query = register_query(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(
        query.options(*_register_page_columns()).limit(per_page).offset((max(page, 1) - 1) * per_page)
    ).all()
    return rows, total


def decisions_table(filters: RegisterFilters) -> tuple[list[str], list[list]]:
    """The register as rows for a spreadsheet (dates typed, cells made formula-safe when written)."""
    rows = db.session.scalars(register_query(filters).options(*_eager())).all()
    header = [
        "Reference",
        "Body",
        "Date",
        "Title",
        "Decision",
        "Rationale",
        "Status",
        "Superseded by",
        "Confidential",
        "Meeting",
        "Linked actions",
    ]
    return header, [
        [
            d.reference,
            d.body.short_name,
            d.decided_on,
            d.title,
            d.text,
            d.rationale,
            d.status_label,
            d.superseded_by.reference if d.superseded_by else "",
            "Yes" if d.is_confidential else "No",
            d.meeting.title if d.meeting else "",
            ", ".join(a.reference for a in d.actions),
        ]
        for d in rows
    ]


def decisions_csv(filters: RegisterFilters) -> str:
    """The register as CSV (UTF-8 with a byte-order mark, CRLF: it opens right in Excel)."""
    return write_csv(*decisions_table(filters))


def decisions_xlsx(filters: RegisterFilters) -> bytes:
    """The register as an Excel workbook: dates as dates, header frozen, filters on."""
    return write_xlsx(*decisions_table(filters), title="Decisions register")

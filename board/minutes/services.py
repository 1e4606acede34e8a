"""Minutes: start, save (with revisions and a stale-save guard), restore, attendance. Never commits."""

import difflib
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload, selectinload

from board.agendas.models import AgendaItem
from board.agendas.services import load_items
from board.audit.services import apply_changes, record
from board.common.markdown import render_markdown
from board.common.models import lock_row
from board.extensions import db
from board.interests.declarations import minutes_text as declarations_text
from board.meetings import attended as day_record
from board.meetings.models import Meeting
from board.minutes.attendance import attendance_from_record, initial_attendance
from board.minutes.models import Minutes, MinutesAttendee, MinutesComment, MinutesRevision, MinutesStatus, Presence
from board.minutes.owners import without_emails
from board.minutes.reading import reader_source
from board.minutes.sections import ItemRef, prefill, without_confidential
from board.people.models import User


class MinutesError(ValueError):
    """A change refused for a reason the person can fix; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class MinutesConflict(MinutesError):
    """The text was loaded from an older revision than the latest: nothing was saved."""

    def __init__(self, minutes: Minutes, base_revision: int):
        super().__init__(
            f"Someone saved revision {minutes.revision} after you opened revision {base_revision}. "
            "Nothing was saved: compare the two texts below, then save again.",
            "source",
        )
        self.latest = minutes.revision
        self.base = base_revision


# --- reading -------------------------------------------------------------------------------


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes, if started."""
    return db.session.scalar(sa.select(Minutes).where(Minutes.meeting_id == meeting.id))


def load_minutes(minutes_id: int) -> Minutes | None:
    """Minutes with what their pages show loaded."""
    return db.session.scalar(
        sa.select(Minutes)
        .where(Minutes.id == minutes_id)
        .options(
            # What the page names once (the meeting and its body, the meeting that approved them,
            # who moved it, the decision) comes in the same statement; lists come by selectin.
            joinedload(Minutes.meeting).joinedload(Meeting.body),
            joinedload(Minutes.approved_at_meeting),
            joinedload(Minutes.approval_moved_by),
            joinedload(Minutes.approval_decision),
            selectinload(Minutes.attendees),
            # Every save keeps a whole copy of the text: read a revision's text only when it is asked for.
            selectinload(Minutes.revisions)
            .defer(MinutesRevision.source)
            .defer(MinutesRevision.declarations)
            .joinedload(MinutesRevision.author),
            selectinload(Minutes.comments).joinedload(MinutesComment.author).joinedload(User.organisation),
            selectinload(Minutes.comments).joinedload(MinutesComment.resolved_by),
        )
    )


def agenda_refs(meeting: Meeting) -> list[ItemRef]:
    """The meeting's agenda items as the section rules see them (numbered from 1)."""
    return [
        ItemRef(number, item.title, item.is_confidential, item.id)
        for number, item in enumerate(load_items(meeting), start=1)
    ]


def revision(minutes: Minutes, number: int) -> MinutesRevision | None:
    return next((r for r in minutes.revisions if r.number == number), None)


def locked_changes(minutes: Minutes) -> list[MinutesRevision]:
    """Revisions saved after approval, with their reasons (shown on the minutes page)."""
    return [r for r in minutes.revisions if r.reason]


# --- starting and saving -------------------------------------------------------------------


def max_chars() -> int:
    return current_app.config["MINUTES_MAX_CHARS"]


def refresh_attendance(minutes: Minutes, *, base_revision: int, actor) -> MinutesRevision:
    """Secretariat: replace the minutes' attendance with the record of the day, as a new revision."""
    _attendance_open(minutes)
    meeting = minutes.meeting
    if not day_record.is_marked(meeting):
        raise MinutesError("Who attended has not been marked for this meeting yet: mark it first, then refresh")
    bumped = db.session.execute(
        sa.update(Minutes)
        .where(Minutes.id == minutes.id, Minutes.revision == base_revision)
        .values(revision=base_revision + 1)
        .execution_options(synchronize_session="fetch")
    )
    if bumped.rowcount != 1:
        db.session.refresh(minutes)
        raise MinutesConflict(minutes, base_revision)
    before = len(minutes.attendees)
    minutes.attendees.clear()
    db.session.flush()
    minutes.attendees.extend(attendance_from_record(meeting))
    minutes.attendance_source = "record"
    saved = MinutesRevision(
        minutes=minutes,
        number=base_revision + 1,
        source=minutes.source,
        declarations=minutes.declarations,
        author=actor,
        note="Attendance taken from the record of who attended on the day",
    )
    db.session.add(saved)
    db.session.flush()
    record(
        "attendance refreshed",
        minutes,
        actor=actor,
        changes={"revision": [base_revision, base_revision + 1], "attendees": [before, len(minutes.attendees)]},
    )
    return saved


def _render(minutes: Minutes, source: str, declarations: str, items: list[ItemRef]) -> None:
    """Store the source and the readers' HTML (outcome lines as sentences, no e-mail addresses).

    The wider-circulation HTML is stored only once members can read the minutes: a draft is
    the secretariat's alone, and rendering a long draft twice on every save held a worker
    for about a second (issue 16). ``wider_html`` renders a draft's when it is asked for.
    """
    minutes.source = source
    readable = reader_source(source, _body_id(minutes))
    minutes.html = str(render_markdown(readable))
    minutes.public_html = "" if minutes.is_draft else str(render_markdown(without_confidential(readable, items)))
    minutes.declarations = declarations
    minutes.declarations_html = str(render_markdown(without_emails(declarations)))


def _body_id(minutes: Minutes) -> int | None:
    return minutes.meeting.body_id if minutes.meeting is not None else None


def store_wider_html(minutes: Minutes) -> None:
    """Render and store the wider-circulation HTML: when the minutes leave draft (circulated, approved)."""
    readable = reader_source(minutes.source, _body_id(minutes))
    minutes.public_html = str(render_markdown(without_confidential(readable, agenda_refs(minutes.meeting))))


def wider_html(minutes: Minutes) -> str:
    """The wider-circulation HTML (confidential sections withheld): stored once the minutes
    have left draft; a draft's (the secretariat's preview) rendered from its current text."""
    if not minutes.is_draft:
        return minutes.public_html
    readable = reader_source(minutes.source, _body_id(minutes))
    return str(render_markdown(without_confidential(readable, agenda_refs(minutes.meeting))))


def render_all() -> int:
    """Store every minutes' readers' HTML again from its unchanged source (no new revision); returns how many."""
    rows = db.session.scalars(sa.select(Minutes).options(selectinload(Minutes.meeting))).all()
    for minutes in rows:
        _render(minutes, minutes.source, minutes.declarations, agenda_refs(minutes.meeting))
    return len(rows)


def start_minutes(meeting: Meeting, *, actor) -> Minutes:
    """Secretariat: open the minutes, prefilled with a heading per agenda item and the attendance."""
    lock_row(meeting)  # a double-clicked Start: the second opens what the first made
    existing = minutes_of(meeting)
    if existing is not None:
        return existing
    if meeting.is_cancelled:
        raise MinutesError("This meeting was cancelled, so it has no minutes")
    minutes = Minutes(meeting=meeting, status=MinutesStatus.DRAFT.value, revision=1)
    _render(minutes, prefill(agenda_refs(meeting)), declarations_text(meeting), agenda_refs(meeting))
    minutes.attendance_source, minutes.attendees = initial_attendance(meeting)
    minutes.revisions.append(
        MinutesRevision(
            number=1,
            source=minutes.source,
            declarations=minutes.declarations,
            author=actor,
            note="Started from the agenda",
        )
    )
    db.session.add(minutes)
    db.session.flush()
    record("created", minutes, actor=actor)
    return minutes


def save_minutes(
    minutes: Minutes, *, source: str, declarations: str, base_revision: int, actor, reason: str = "", note: str = ""
) -> MinutesRevision | None:
    """Secretariat: save the text as a new revision; refuses a save over a newer revision.

    Returns None when nothing changed. After approval a reason is required and kept.
    """
    source, declarations, reason = source or "", declarations or "", (reason or "").strip()
    if len(source) > max_chars():
        raise MinutesError(f"The minutes must be {max_chars():,} characters or fewer", "source")
    if minutes.is_locked and not reason:
        raise MinutesError("These minutes are approved: give the reason for the change", "reason")
    if source == minutes.source and declarations == minutes.declarations:
        if base_revision != minutes.revision:
            raise MinutesConflict(minutes, base_revision)
        return None
    # One guarded UPDATE: of two saves from the same revision, exactly one wins.
    bumped = db.session.execute(
        sa.update(Minutes)
        .where(Minutes.id == minutes.id, Minutes.revision == base_revision)
        .values(revision=base_revision + 1)
        .execution_options(synchronize_session="fetch")
    )
    if bumped.rowcount != 1:
        db.session.refresh(minutes)
        raise MinutesConflict(minutes, base_revision)
    _render(minutes, source, declarations, agenda_refs(minutes.meeting))
    saved = MinutesRevision(
        minutes=minutes,
        number=base_revision + 1,
        source=source,
        declarations=declarations,
        author=actor,
        note=note[:300],
        reason=reason,
    )
    db.session.add(saved)
    db.session.flush()
    record(
        "revised",
        minutes,
        actor=actor,
        changes={
            "revision": [base_revision, base_revision + 1],
            **({"reason": [None, reason]} if reason else {}),
        },
    )
    return saved


def restore_revision(minutes: Minutes, number: int, *, base_revision: int, actor, reason: str = "") -> MinutesRevision:
    """Secretariat: bring back an earlier revision's text as a new revision."""
    old = revision(minutes, number)
    if old is None:
        raise MinutesError("There is no such revision")
    saved = save_minutes(
        minutes,
        source=old.source,
        declarations=old.declarations,
        base_revision=base_revision,
        actor=actor,
        reason=reason,
        note=f"Restored revision {number}",
    )
    if saved is None:
        raise MinutesError(f"Revision {number} is the same as the current text")
    return saved


# --- attendance ----------------------------------------------------------------------------


def _attendance_open(minutes: Minutes) -> None:
    if minutes.is_locked:
        raise MinutesError("These minutes are approved: the attendance can no longer change")


def update_attendee(attendee: MinutesAttendee, *, presence: str, deputising_for: str, actor) -> dict:
    """Secretariat: correct one person's attendance."""
    _attendance_open(attendee.minutes)
    if presence not in set(Presence):
        raise MinutesError("Choose present, apologies, absent or in attendance", "presence")
    changes = apply_changes(attendee, {"presence": presence, "deputising_for": (deputising_for or "").strip()})
    if changes:
        record("attendance", attendee.minutes, actor=actor, changes=changes, label=f"{attendee.name}")
    return changes


def add_attendee(
    minutes: Minutes, *, name: str, organisation: str, presence: str, deputising_for: str, actor
) -> MinutesAttendee:
    """Secretariat: add someone who was not invited (an officer in attendance, a late deputy)."""
    _attendance_open(minutes)
    if not (name or "").strip():
        raise MinutesError("Enter the person's name", "name")
    if presence not in set(Presence):
        raise MinutesError("Choose present, apologies, absent or in attendance", "presence")
    attendee = MinutesAttendee(
        name=name.strip(),
        organisation=(organisation or "").strip(),
        presence=presence,
        deputising_for=(deputising_for or "").strip(),
        position=len(minutes.attendees),
    )
    minutes.attendees.append(attendee)
    db.session.flush()
    record("attendance", minutes, actor=actor, changes={"added": [None, attendee.name]})
    return attendee


def remove_attendee(attendee: MinutesAttendee, *, actor) -> None:
    """Secretariat: take a line off the attendance record."""
    minutes = attendee.minutes
    _attendance_open(minutes)
    minutes.attendees.remove(attendee)
    record("attendance", minutes, actor=actor, changes={"removed": [attendee.name, None]})


def attendance_groups(minutes: Minutes) -> list[tuple[str, list[MinutesAttendee]]]:
    """Attendees grouped as the minutes print them: present, deputies (present, standing in for
    a member), in attendance, apologies, absent."""
    present = [a for a in minutes.attendees if a.presence == Presence.PRESENT]
    groups = [
        ("Present", [a for a in present if not a.deputising_for]),
        ("Deputies", [a for a in present if a.deputising_for]),
    ] + [
        (p.label, [a for a in minutes.attendees if a.presence == p])
        for p in (Presence.IN_ATTENDANCE, Presence.APOLOGIES, Presence.ABSENT)
    ]
    return [(label, people) for label, people in groups if people]


# --- comparing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same" | "added" | "removed"
    old_no: int | None
    new_no: int | None
    text: str


def diff_lines(old: str, new: str, context: int = 3) -> list[DiffLine | None]:
    """A line-by-line comparison; None marks skipped unchanged lines."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    out: list[DiffLine | None] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if out:
            out.append(None)
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(DiffLine("same", i1 + k + 1, j1 + k + 1, a[i1 + k]) for k in range(i2 - i1))
                continue
            out.extend(DiffLine("removed", i + 1, None, a[i]) for i in range(i1, i2))
            out.extend(DiffLine("added", None, j + 1, b[j]) for j in range(j1, j2))
    return out


def item_by_id(item_id: int | None) -> AgendaItem | None:
    return db.session.get(AgendaItem, item_id) if item_id else None

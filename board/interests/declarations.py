"""Declarations of interest at a meeting: recorded by the secretariat, or made beforehand
by the member; the minutes draft takes them in (``minutes_text``). Never commits."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.agendas.models import AgendaItem
from board.agendas.services import load_items
from board.audit.services import record
from board.common.timeutil import now_utc
from board.extensions import db
from board.interests.models import Declaration, RegisterItem
from board.interests.register import current_version
from board.meetings.models import Meeting
from board.people.models import User


class DeclarationError(ValueError):
    """A declaration refused for a reason the person can fix; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def is_declarations_item(item) -> bool:
    """The standing "Declarations of interest" item of an agenda (found by its title)."""
    return "declaration" in (item.title or "").lower() and "interest" in (item.title or "").lower()


def declarations_of(meeting: Meeting) -> list[Declaration]:
    """The meeting's declarations in agenda order, with who made them."""
    return list(
        db.session.scalars(
            sa.select(Declaration)
            .join(Declaration.agenda_item)
            .where(Declaration.meeting_id == meeting.id)
            .options(
                selectinload(Declaration.user).selectinload(User.organisation),
                selectinload(Declaration.agenda_item),
                selectinload(Declaration.register_item),
            )
            .order_by(AgendaItem.position, AgendaItem.id, Declaration.id)
        )
    )


def declarers(meeting: Meeting) -> list[User]:
    """Who may be recorded as declaring: everyone invited to the meeting."""
    return sorted((a.user for a in meeting.attendances), key=lambda u: u.name)


def register_choices(user: User) -> list[RegisterItem]:
    """The interests on the person's register as it stands, to link a declaration to."""
    version = current_version(user)
    return list(version.items) if version else []


def _check(meeting: Meeting, user: User | None, item: AgendaItem | None, register_item: RegisterItem | None) -> None:
    if meeting.is_cancelled:
        raise DeclarationError("This meeting was cancelled: no declarations can be recorded")
    if item is None:
        raise DeclarationError("Choose the agenda item the interest relates to", "agenda_item")
    if item.meeting_id != meeting.id:
        raise DeclarationError(
            "That agenda item belongs to another meeting: choose an item of this meeting", "agenda_item"
        )
    if user is None or meeting.attendance_of(user) is None:
        raise DeclarationError("Choose someone invited to this meeting", "person")
    if register_item is not None and register_item.id not in {i.id for i in register_choices(user)}:
        raise DeclarationError(f"That register entry is not on {user.name}'s register as it stands", "register_item")


def record_declaration(
    meeting: Meeting,
    *,
    user: User | None,
    item: AgendaItem | None,
    interest: str,
    register_item: RegisterItem | None,
    is_withdrawn: bool,
    actor,
) -> Declaration:
    """Secretariat: record who declared what on which item of this meeting, and whether they withdrew."""
    interest = (interest or "").strip()
    _check(meeting, user, item, register_item)
    if not interest:
        raise DeclarationError("Describe the interest declared", "interest")
    declaration = Declaration(
        meeting=meeting,
        agenda_item=item,
        user=user,
        interest=interest,
        register_item=register_item,
        is_withdrawn=is_withdrawn,
        recorded_by_id=actor.id,
    )
    db.session.add(declaration)
    db.session.flush()
    record("declared", declaration, actor=actor, changes={"item": [None, item.title], "interest": [None, interest]})
    return declaration


def pre_declare(
    meeting: Meeting, *, user: User, item: AgendaItem | None, interest: str, register_item: RegisterItem | None
) -> Declaration:
    """A member, before the meeting starts: declare an interest on one of its items."""
    if meeting.starts_at <= now_utc():
        raise DeclarationError("The meeting has started: declare at the meeting, and the secretariat will record it")
    interest = (interest or "").strip()
    _check(meeting, user, item, register_item)
    if not interest:
        raise DeclarationError("Describe your interest", "interest")
    declaration = Declaration(
        meeting=meeting,
        agenda_item=item,
        user_id=user.id,
        interest=interest,
        register_item=register_item,
        is_pre_declared=True,
        recorded_by_id=user.id,
    )
    db.session.add(declaration)
    db.session.flush()
    record("pre_declared", declaration, actor=user, changes={"item": [None, item.title], "interest": [None, interest]})
    return declaration


def delete_declaration(declaration: Declaration, *, actor) -> None:
    """Secretariat (or the member, for their own pre-declaration before the meeting): remove it."""
    record("declaration_removed", declaration, actor=actor, changes={"interest": [declaration.interest, None]})
    db.session.delete(declaration)
    db.session.flush()


def minutes_text(meeting: Meeting) -> str:
    """The declarations as markdown for the minutes draft (empty when there are none)."""
    declarations = declarations_of(meeting)
    if not declarations:
        return ""
    numbers = {item.id: n for n, item in enumerate(load_items(meeting), start=1)}
    lines = []
    for d in declarations:
        org = f" ({d.user.organisation.short_name})" if d.user.organisation else ""
        number = numbers.get(d.agenda_item_id)
        where = f"item {number}, {d.agenda_item.title}" if number else d.agenda_item.title
        withdrew = " They withdrew from the item." if d.is_withdrawn else ""
        lines.append(f"- {d.user.name}{org} declared an interest in {where}: {d.interest.strip()}.{withdrew}")
    return "\n".join(lines) + "\n"

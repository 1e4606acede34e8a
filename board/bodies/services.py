"""Bodies over time: creating, renaming and closing them, their terms of reference, and
seats that reach into the body's meetings. Services take plain values and the acting
user, write the audit trail, queue mail and never commit."""

import re
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.audit.services import record
from board.bodies.models import TermsVersion
from board.common.markdown import render_markdown
from board.common.models import lock_row, utcnow
from board.common.timeutil import to_london
from board.extensions import db
from board.meetings import invitations
from board.meetings.models import Attendance, Meeting, MeetingStatus
from board.meetings.services import cancel_meeting
from board.people import services as people
from board.people.models import Body, Membership, User
from board.people.services import PeopleError

PREFIX = re.compile(r"[A-Z]{2,6}")


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def normalise_prefix(prefix: str) -> str:
    return (prefix or "").strip().upper()


def check_prefix(prefix: str, *, except_id: int | None = None) -> str:
    """A reference prefix: 2 to 6 capital letters, used by no other body (open or closed)."""
    prefix = normalise_prefix(prefix)
    if not PREFIX.fullmatch(prefix):
        raise PeopleError("The reference prefix must be 2 to 6 letters, for example TFG", "reference_prefix")
    used = db.session.scalar(
        sa.select(Body.name).where(sa.func.upper(Body.reference_prefix) == prefix, Body.id != (except_id or -1))
    )
    if used:
        raise PeopleError(f"The prefix {prefix} is already used by the {used}", "reference_prefix")
    return prefix


def _slug_for(name: str) -> str:
    """A unique address for the body's pages, from its short name."""
    base = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:34] or "body"
    if base == "new":  # /bodies/new is the page that sets one up
        base = "new-body"
    taken = set(db.session.scalars(sa.select(Body.slug).where(Body.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _add_terms_version(body: Body, source: str, *, actor) -> TermsVersion | None:
    """Keep a version of the terms of reference when they change (numbered per body)."""
    lock_row(body)
    latest = db.session.scalar(
        sa.select(TermsVersion).where(TermsVersion.body_id == body.id).order_by(TermsVersion.number.desc()).limit(1)
    )
    if latest is not None and latest.source == source:
        return None
    if latest is None and not source:
        return None
    version = TermsVersion(
        body=body,
        number=(latest.number if latest else 0) + 1,
        source=source,
        html=str(render_markdown(source)),
        author_id=getattr(actor, "id", None),
    )
    db.session.add(version)
    return version


def create_body(*, actor, name, short_name, reference_prefix, parent, **settings) -> Body:
    """Secretariat: set up a new body (a task-and-finish group), with its first terms of reference."""
    if any(_same(n, name) for n in db.session.scalars(sa.select(Body.name))):
        raise PeopleError("Another body already has this name", "name")
    prefix = check_prefix(reference_prefix)
    terms = settings.pop("terms_of_reference", "") or ""
    body = Body(
        name=name.strip(),
        short_name=short_name.strip(),
        slug=_slug_for(short_name),
        reference_prefix=prefix,
        parent=parent,
        terms_of_reference=terms,
        terms_of_reference_html=str(render_markdown(terms)),
        **settings,
    )
    db.session.add(body)
    db.session.flush()
    record("created", body, actor=actor, changes={"name": [None, body.name], "reference_prefix": [None, prefix]})
    _add_terms_version(body, terms, actor=actor)
    return body


def update_body(body: Body, *, actor, **values) -> dict:
    """Secretariat: rename a body or change its settings; changed terms of reference become a new version."""
    if body.is_closed:
        raise PeopleError(f"The {body.short_name} was closed on {body.closed_on:%d %B %Y} and can no longer be changed")
    changes = people.update_body(body, actor=actor, **values)
    if "terms_of_reference" in changes:
        _add_terms_version(body, body.terms_of_reference, actor=actor)
    return changes


def terms_versions(body: Body) -> list[TermsVersion]:
    """Every saved version of the body's terms of reference, newest first."""
    return list(
        db.session.scalars(
            sa.select(TermsVersion)
            .where(TermsVersion.body_id == body.id)
            .options(selectinload(TermsVersion.author))
            .order_by(TermsVersion.number.desc())
        )
    )


def future_meetings(body: Body) -> list[Meeting]:
    """The body's scheduled meetings still to come, soonest first."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.body_id == body.id, Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at > utcnow())
            .options(selectinload(Meeting.attendances).selectinload(Attendance.user), selectinload(Meeting.body))
            .order_by(Meeting.starts_at)
        )
    )


def close_body(body: Body, *, actor, on: date, cancel_meetings: bool = False, reason: str = "") -> list[Meeting]:
    """Secretariat: close a body. Its future meetings must be cancelled with it (each invitee
    gets a calendar CANCEL) or the body stays open; its open seats end that day."""
    lock_row(body)
    if body.is_closed:
        raise PeopleError(f"The {body.short_name} is already closed")
    children = db.session.scalars(sa.select(Body.short_name).where(Body.parent_id == body.id, Body.closed_on.is_(None)))
    if open_children := list(children):
        raise PeopleError(f"Close its sub-groups first: {', '.join(open_children)}")
    meetings = future_meetings(body)
    if meetings and not cancel_meetings:
        raise PeopleError(
            f"The {body.short_name} has {len(meetings)} future meeting{'s' if len(meetings) != 1 else ''}: "
            "cancel them to close it, or keep it open",
            "cancel_meetings",
        )
    if meetings and not reason.strip():
        raise PeopleError("Enter the reason for cancelling the meetings", "reason")
    for meeting in meetings:
        cancel_meeting(meeting, reason=reason.strip(), actor=actor)
    ended = 0
    for seat in body.memberships:
        if seat.ends_on is None or seat.ends_on > on:
            people.save_membership(
                seat,
                body=body,
                actor=actor,
                user=seat.user,
                role=seat.role,
                deputy=seat.deputy,
                starts_on=min(seat.starts_on, on) if seat.starts_on else None,
                ends_on=on,
            )
            ended += 1
    body.closed_on = on
    record(
        "closed",
        body,
        actor=actor,
        changes={
            "closed_on": [None, on.isoformat()],
            "meetings_cancelled": [0, len(meetings)],
            "seats_ended": [0, ended],
        },
    )
    return meetings


# --- seats and the body's meetings ---------------------------------------------------------


def _holds_seat_at(membership: Membership, meeting: Meeting) -> bool:
    return membership.is_current(to_london(meeting.starts_at).date())


def save_membership(membership: Membership | None, *, body: Body, actor, **values) -> Membership:
    """Secretariat: add or change a seat. A new member is invited at once to the body's future
    meetings that fall within the seat (with the invitation e-mail); a seat that ends stops
    the invitations to meetings after its end (each withdrawn with a calendar CANCEL)."""
    if body.is_closed:
        raise PeopleError(f"The {body.short_name} was closed on {body.closed_on:%d %B %Y}; its seats cannot change")
    if values.get("user") is not None and not values["user"].is_enabled:
        raise PeopleError("This person's account has been deactivated", "user")
    previous_user = membership.user if membership is not None else None
    membership = people.save_membership(membership, body=body, actor=actor, **values)
    for meeting in future_meetings(body):
        if previous_user is not None and previous_user != membership.user:
            _withdraw(meeting, previous_user, actor=actor)
        if _holds_seat_at(membership, meeting):
            _invite(meeting, membership.user, actor=actor)
        elif not _other_seat_at(membership, meeting):
            _withdraw(meeting, membership.user, actor=actor)
    return membership


def remove_membership(membership: Membership, *, actor) -> None:
    """Secretariat: remove a seat entered in error, and its unanswered invitations to future meetings."""
    body = membership.body
    meetings = future_meetings(body)
    user = membership.user
    people.remove_membership(membership, actor=actor)
    db.session.flush()
    for meeting in meetings:
        if not _other_seat_at(membership, meeting):
            _withdraw(meeting, user, actor=actor)


def _other_seat_at(membership: Membership, meeting: Meeting) -> bool:
    """The person holds another seat on the body at the meeting's date (a second role)."""
    others = db.session.scalars(
        sa.select(Membership).where(
            Membership.body_id == membership.body_id,
            Membership.user_id == membership.user_id,
            Membership.id != (membership.id or -1),
        )
    )
    return any(_holds_seat_at(m, meeting) for m in others)


def _invite(meeting: Meeting, user: User, *, actor) -> None:
    if meeting.attendance_of(user) is not None:
        return
    attendance = Attendance(user=user)
    meeting.attendances.append(attendance)
    db.session.flush()
    record("member invited", meeting, actor=actor, changes={"invited": [None, user.name]})
    invitations.send_request(meeting, attendance)


def _withdraw(meeting: Meeting, user: User, *, actor) -> None:
    """Take back a member's invitation (not a guest's or a deputy's) with a calendar CANCEL."""
    attendance = meeting.attendance_of(user)
    if attendance is None or attendance.is_guest or attendance.deputy_for_id is not None:
        return
    for deputy_row in [a for a in meeting.attendances if a.deputy_for_id == attendance.id]:
        invitations.send_cancel(meeting, deputy_row, personal=True)
        meeting.attendances.remove(deputy_row)
    invitations.send_cancel(meeting, attendance, personal=True)
    meeting.attendances.remove(attendance)
    db.session.flush()
    record("member no longer invited", meeting, actor=actor, changes={"invited": [user.name, None]})

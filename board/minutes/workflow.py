"""Draft → circulated for comment → approved at a later meeting (and locked). Never commits."""

from datetime import datetime

import sqlalchemy as sa
from flask import current_app, render_template

from board.agendas.models import AgendaItem, ItemKind
from board.agendas.publishing import members_to_notify
from board.audit.services import apply_changes, record
from board.common.mail import queue_mail
from board.common.models import utcnow
from board.common.outbox import OutboxMessage
from board.common.timeutil import now_utc, to_london
from board.decisions import services as decisions
from board.decisions.models import Decision, DecisionStatus
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.minutes.inline import meeting_actions_by_owner, plan_outcomes
from board.minutes.models import Minutes, MinutesStatus
from board.minutes.services import MinutesError, store_wider_html
from board.people.models import User
from board.people.seats import current_memberships


def check_circulation(minutes: Minutes) -> None:
    """Why the minutes cannot be circulated now (raises MinutesError), or nothing."""
    if minutes.is_locked:
        raise MinutesError("These minutes are already approved")
    plan = plan_outcomes(minutes)
    if plan.errors or plan.creates:
        raise MinutesError("Confirm or correct the ACTION and DECISION lines before circulating")


def _circulation_key(minutes: Minutes, user_id: int | str) -> str:
    return f"minutes-circulated:{minutes.id}:{minutes.revision}:{user_id}"


def circulation_recipients(minutes: Minutes) -> list[User]:
    """Who circulating the minutes e-mails: the body's members and the owners of the meeting's
    actions, enabled accounts only, by name, leaving out anyone already sent this revision
    (the confirmation page lists exactly these)."""
    people = {u.id: u for u in members_to_notify(minutes.meeting)}
    for owner_id in meeting_actions_by_owner(minutes):
        if owner_id not in people:
            people[owner_id] = db.session.get(User, owner_id)
    sent = set(
        db.session.scalars(
            sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.like(_circulation_key(minutes, "%")))
        )
    )
    return sorted(
        (u for u in people.values() if u is not None and u.is_enabled and _circulation_key(minutes, u.id) not in sent),
        key=lambda u: (u.name, u.id),
    )


def circulate(minutes: Minutes, *, actor) -> int:
    """Secretariat: send the draft to the body's members for comment; owners see their new actions.

    Refused while outcome lines are unconfirmed or wrong, so every action an owner is
    told about exists. Circulating again (after changes) sends again. Returns e-mails queued.
    """
    check_circulation(minutes)
    changes = apply_changes(minutes, {"status": MinutesStatus.CIRCULATED.value, "circulated_at": utcnow()})
    store_wider_html(minutes)  # members may read the minutes from now on
    record("circulated", minutes, actor=actor, changes=changes)
    meeting = minutes.meeting
    by_owner = meeting_actions_by_owner(minutes)
    member_ids = {u.id for u in members_to_notify(meeting)}
    # Built by hand, not with url_for, so the seed and CLI can circulate outside a request.
    link = f"{current_app.config['BOARD_BASE_URL'].rstrip('/')}/minutes/{minutes.id}"
    subject = f"Draft minutes for comment: {meeting.body.short_name}, {meeting.title}"
    sent = 0
    for user in circulation_recipients(minutes):
        context = dict(
            user=user,
            meeting=meeting,
            minutes=minutes,
            link=link,
            actions=by_owner.get(user.id, []),
            is_member=user.id in member_ids,
        )
        row = queue_mail(
            [(user.name, user.email)],
            subject,
            render_template("emails/minutes_circulated.txt", **context),
            render_template("emails/minutes_circulated.html", **context),
            kind="minutes_circulated",
            dedupe_key=_circulation_key(minutes, user.id),
        )
        sent += row is not None
    return sent


def approval_meetings(minutes: Minutes, now: datetime | None = None) -> list[Meeting]:
    """Meetings that may approve these minutes: later meetings of the same body that have
    started and were not cancelled, the next one after the minutes' meeting first."""
    meeting = minutes.meeting
    return db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.body_id == meeting.body_id,
            Meeting.starts_at > meeting.starts_at,
            Meeting.starts_at <= (now or now_utc()),
            Meeting.status != MeetingStatus.CANCELLED.value,
        )
        .order_by(Meeting.starts_at)
    ).all()


def movers(meeting: Meeting) -> list[User]:
    """Who may have moved an approval at a meeting: the body's members that day and those invited."""
    day = to_london(meeting.starts_at).date()
    people = {seat.user_id: seat.user for seat in current_memberships(meeting.body, day)}
    people.update({answer.user_id: answer.user for answer in meeting.attendances})
    return sorted(people.values(), key=lambda u: (u.name.lower(), u.id))


def movers_of(meetings: list[Meeting]) -> list[User]:
    """Everyone who may have moved an approval at any of the meetings (for the form's list)."""
    people = {u.id: u for m in meetings for u in movers(m)}
    return sorted(people.values(), key=lambda u: (u.name.lower(), u.id))


def _long(day) -> str:
    return day.strftime("%-d %B %Y")


def check_approval(
    minutes: Minutes, at_meeting: Meeting, *, moved_by: User | None = None, now: datetime | None = None
) -> None:
    """Why ``at_meeting`` cannot approve the minutes (raises MinutesError), or nothing."""
    meeting = minutes.meeting
    if minutes.is_locked:
        raise MinutesError("These minutes are already approved")
    if minutes.is_draft:
        raise MinutesError("Circulate the draft to members before it is approved")
    if at_meeting.body_id != meeting.body_id:
        raise MinutesError("Minutes can only be approved at a meeting of the same body", "meeting")
    if at_meeting.id == meeting.id or at_meeting.starts_at <= meeting.starts_at:
        raise MinutesError("Minutes can only be approved at a later meeting", "meeting")
    if at_meeting.is_cancelled:
        raise MinutesError("That meeting was cancelled", "meeting")
    if at_meeting.starts_at > (now or now_utc()):
        raise MinutesError(
            f"The meeting of {_long(to_london(at_meeting.starts_at))} has not taken place yet: "
            "minutes are approved at a meeting that has started",
            "meeting",
        )
    if moved_by is not None and moved_by.id not in {u.id for u in movers(at_meeting)}:
        raise MinutesError(
            f"{moved_by.name} was not a member of the {meeting.body.short_name} or invited to that meeting", "moved_by"
        )


def approve(
    minutes: Minutes, at_meeting: Meeting, *, actor, moved_by: User | None = None, now: datetime | None = None
) -> Decision:
    """Secretariat or chair: a later meeting that has taken place approved the minutes as a
    true record; the decision is that meeting's (its date and reference year), and the minutes lock."""
    now = now or now_utc()
    check_approval(minutes, at_meeting, moved_by=moved_by, now=now)
    meeting = minutes.meeting
    day = to_london(meeting.starts_at).date()
    item = db.session.scalar(
        sa.select(AgendaItem)
        .where(AgendaItem.meeting_id == at_meeting.id, AgendaItem.kind == ItemKind.MINUTES.value)
        .order_by(AgendaItem.position)
    )
    moved = f" Moved by {moved_by.name}." if moved_by else ""
    decision = decisions.create_decision(
        meeting.body,
        f"Minutes of {_long(day)} approved",
        f"The minutes of the meeting of {_long(day)} ({meeting.title}) were approved as a true record.{moved}",
        to_london(at_meeting.starts_at).date(),
        meeting=at_meeting,
        agenda_item=item,
        actor=actor,
    )
    changes = apply_changes(
        minutes,
        {
            "status": MinutesStatus.APPROVED.value,
            "approved_at_meeting": at_meeting,
            "approval_decision_id": decision.id,
            "approval_moved_by": moved_by,
            "approval_recorded_at": now,
        },
    )
    store_wider_html(minutes)  # the stored text is final (and circulated minutes may predate it)
    record("approved", minutes, actor=actor, changes=changes)
    return decision


def undo_approval(minutes: Minutes, *, reason: str, actor) -> Decision | None:
    """Secretariat: withdraw an approval recorded in error; the minutes unlock (circulated again).

    The approval decision stays in the register, marked rescinded; the reason goes to the
    audit trail of both the minutes and the decision.
    """
    reason = (reason or "").strip()
    if not minutes.is_locked:
        raise MinutesError("These minutes are not approved, so there is no approval to undo")
    if not reason:
        raise MinutesError("Give the reason for undoing the approval", "reason")
    decision = minutes.approval_decision
    if decision is not None and decision.status != DecisionStatus.RESCINDED:
        decisions.set_status(
            decision, DecisionStatus.RESCINDED.value, actor=actor, reason=f"Approval of the minutes undone: {reason}"
        )
    changes = apply_changes(
        minutes,
        {
            "status": MinutesStatus.CIRCULATED.value,
            "approved_at_meeting": None,
            "approval_decision_id": None,
            "approval_moved_by": None,
            "approval_recorded_at": None,
        },
    )
    record("approval undone", minutes, actor=actor, changes={**changes, "reason": [None, reason]})
    return decision

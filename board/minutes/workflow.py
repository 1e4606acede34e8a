"""Draft → circulated for comment → approved at a later meeting (and locked). Never commits."""

import sqlalchemy as sa
from flask import current_app, render_template

from board.agendas.models import AgendaItem, ItemKind
from board.agendas.publishing import members_to_notify
from board.audit.services import apply_changes, record
from board.common.mail import queue_mail
from board.common.models import utcnow
from board.common.timeutil import to_london
from board.decisions import services as decisions
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.minutes.inline import meeting_actions_by_owner, plan_outcomes
from board.minutes.models import Minutes, MinutesStatus
from board.minutes.services import MinutesError
from board.people.models import User


def circulate(minutes: Minutes, *, actor) -> int:
    """Secretariat: send the draft to the body's members for comment; owners see their new actions.

    Refused while outcome lines are unconfirmed or wrong, so every action an owner is
    told about exists. Circulating again (after changes) sends again. Returns e-mails queued.
    """
    if minutes.is_locked:
        raise MinutesError("These minutes are already approved")
    plan = plan_outcomes(minutes)
    if plan.errors or plan.creates:
        raise MinutesError("Confirm or correct the ACTION and DECISION lines before circulating")
    changes = apply_changes(minutes, {"status": MinutesStatus.CIRCULATED.value, "circulated_at": utcnow()})
    record("circulated", minutes, actor=actor, changes=changes)
    meeting = minutes.meeting
    by_owner = meeting_actions_by_owner(minutes)
    people = {u.id: u for u in members_to_notify(meeting)}
    member_ids = set(people)
    for owner_id in by_owner:
        if owner_id not in people:
            people[owner_id] = db.session.get(User, owner_id)
    # Built by hand, not with url_for, so the seed and CLI can circulate outside a request.
    link = f"{current_app.config['BOARD_BASE_URL'].rstrip('/')}/minutes/{minutes.id}"
    subject = f"Draft minutes for comment: {meeting.body.short_name}, {meeting.title}"
    sent = 0
    for user in sorted(people.values(), key=lambda u: u.name):
        if not user.is_enabled:
            continue
        context = dict(user=user, meeting=meeting, minutes=minutes, link=link, actions=by_owner.get(user.id, []),
                       is_member=user.id in member_ids)
        row = queue_mail([(user.name, user.email)], subject,
                         render_template("emails/minutes_circulated.txt", **context),
                         render_template("emails/minutes_circulated.html", **context),
                         kind="minutes_circulated",
                         dedupe_key=f"minutes-circulated:{minutes.id}:{minutes.revision}:{user.id}")
        sent += row is not None
    return sent


def approval_meetings(minutes: Minutes) -> list[Meeting]:
    """Meetings that may approve these minutes: later, not cancelled, of the same body."""
    meeting = minutes.meeting
    return db.session.scalars(
        sa.select(Meeting).where(Meeting.body_id == meeting.body_id, Meeting.starts_at > meeting.starts_at,
                                 Meeting.status != MeetingStatus.CANCELLED.value)
        .order_by(Meeting.starts_at)
    ).all()


def approve(minutes: Minutes, at_meeting: Meeting, *, actor) -> Decision:
    """Secretariat: the later meeting approved the minutes as a true record; they are then locked."""
    meeting = minutes.meeting
    if minutes.is_locked:
        raise MinutesError("These minutes are already approved")
    if minutes.is_draft:
        raise MinutesError("Circulate the draft to members before it is approved")
    if at_meeting.body_id != meeting.body_id:
        raise MinutesError("Minutes can only be approved at a meeting of the same body", "meeting")
    if at_meeting.starts_at <= meeting.starts_at:
        raise MinutesError("Minutes can only be approved at a later meeting", "meeting")
    if at_meeting.is_cancelled:
        raise MinutesError("That meeting was cancelled", "meeting")
    day = to_london(meeting.starts_at).date()
    item = db.session.scalar(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == at_meeting.id, AgendaItem.kind == ItemKind.MINUTES.value)
        .order_by(AgendaItem.position)
    )
    decision = decisions.create_decision(
        meeting.body, f"Minutes of {day.strftime('%-d %B %Y')} approved",
        f"The minutes of the meeting of {day.strftime('%-d %B %Y')} ({meeting.title}) were approved "
        "as a true record.",
        to_london(at_meeting.starts_at).date(), meeting=at_meeting, agenda_item=item, actor=actor)
    changes = apply_changes(minutes, {"status": MinutesStatus.APPROVED.value, "approved_at_meeting": at_meeting,
                                      "approval_decision_id": decision.id})
    record("approved", minutes, actor=actor, changes=changes)
    return decision

"""Deadlines outside the request: reminder e-mails (send-reminders) and calendar feed events."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from board.common.feeds import FeedEvent
from board.common.sitesettings import calendar_uid_domain
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, Organisation
from board.permissions import update_contact_organisation_ids
from board.submissions.models import WRITING, PartnerUpdate, UpdateRound, UpdateStatus
from board.submissions.services import mail_contacts, today_for

# Days before the deadline (negative: after) on which organisations still writing are reminded.
REMINDER_DAYS = {7: "in 7 days", 2: "in 2 days", -1: "yesterday"}


def send_deadline_reminders(now: datetime) -> int:
    """Remind organisations that have not submitted: 7 and 2 days before the deadline, and the day after."""
    today = today_for(now)
    due = {today + timedelta(days=d): d for d in REMINDER_DAYS}
    updates = db.session.scalars(
        sa.select(PartnerUpdate)
        .join(UpdateRound)
        .where(
            UpdateRound.is_locked.is_(False),
            UpdateRound.deadline.in_(list(due)),
            PartnerUpdate.status.in_([s.value for s in WRITING]),
        )
        .options(
            selectinload(PartnerUpdate.organisation),
            selectinload(PartnerUpdate.round).selectinload(UpdateRound.meeting).selectinload(Meeting.body),
        )
    )
    queued = 0
    for update in updates:
        if update.round.meeting.status == "cancelled":
            continue
        days = due[update.round.deadline]
        when = REMINDER_DAYS[days]
        subject = (
            f"Overdue: your update for {update.round.meeting}"
            if days < 0
            else f"Reminder: your update for {update.round.meeting} is due {when}"
        )
        if mail_contacts(
            update,
            "submission_reminder",
            subject,
            kind="update_reminder",
            dedupe_key=f"update-reminder-{update.id}-{days}",
            days=days,
            when=when,
        ):
            queued += 1
    return queued


def uid_domain() -> str:
    return calendar_uid_domain()  # stored once, so moving the site keeps every UID


def deadline_events(user, since: datetime) -> list[FeedEvent]:
    """All-day events for the update deadlines of the organisations the user writes for (read as rows)."""
    org_ids = update_contact_organisation_ids(user)
    if not org_ids:
        return []
    rows = db.session.execute(
        sa.select(
            PartnerUpdate.id,
            PartnerUpdate.organisation_id,
            PartnerUpdate.status,
            UpdateRound.id.label("round_id"),
            UpdateRound.deadline,
            UpdateRound.updated_at,
            UpdateRound.created_at,
            Organisation.short_name.label("organisation"),
            Meeting.title,
            Body.short_name.label("body"),
        )
        .join(UpdateRound, UpdateRound.id == PartnerUpdate.round_id)
        .join(Organisation, Organisation.id == PartnerUpdate.organisation_id)
        .join(Meeting, Meeting.id == UpdateRound.meeting_id)
        .join(Body, Body.id == Meeting.body_id)
        .where(PartnerUpdate.organisation_id.in_(org_ids), UpdateRound.deadline >= today_for(since))
    ).all()
    domain, base_url = uid_domain(), current_app.config["BOARD_BASE_URL"].rstrip("/")
    events = []
    for row in rows:
        url = f"{base_url}/updates/{row.id}"
        events.append(
            FeedEvent(
                uid=f"update-deadline-{row.round_id}-{row.organisation_id}@{domain}",
                summary=f"{row.organisation} update due: {Meeting.label(row.title, row.body)}",
                start=row.deadline,
                end=row.deadline + timedelta(days=1),
                stamp=row.updated_at or row.created_at,
                description=f"Status: {UpdateStatus(row.status).label}. {url}",
                url=url,
                transp="TRANSPARENT",
            )
        )
    return events

"""Deadlines outside the request: reminder e-mails (send-reminders) and calendar feed events."""

from datetime import datetime, timedelta

import icalendar
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from board.common.sitesettings import calendar_uid_domain
from board.extensions import db
from board.meetings.models import Meeting
from board.permissions import update_contact_organisation_ids
from board.submissions.models import WRITING, PartnerUpdate, UpdateRound
from board.submissions.services import mail_contacts, today_for, update_url

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


def deadline_events(user, since: datetime) -> list[icalendar.Event]:
    """All-day events for the update deadlines of the organisations the user writes for."""
    org_ids = update_contact_organisation_ids(user)
    if not org_ids:
        return []
    updates = db.session.scalars(
        sa.select(PartnerUpdate)
        .join(UpdateRound)
        .where(PartnerUpdate.organisation_id.in_(org_ids), UpdateRound.deadline >= today_for(since))
        .options(
            selectinload(PartnerUpdate.organisation),
            selectinload(PartnerUpdate.round).selectinload(UpdateRound.meeting).selectinload(Meeting.body),
        )
    )
    events = []
    for update in updates:
        round_ = update.round
        event = icalendar.Event()
        event.add("uid", f"update-deadline-{round_.id}-{update.organisation_id}@{uid_domain()}")
        event.add("summary", f"{update.organisation.short_name} update due: {round_.meeting}")
        event.add("dtstart", round_.deadline)
        event.add("dtend", round_.deadline + timedelta(days=1))
        event.add("dtstamp", round_.updated_at or round_.created_at)
        event.add("description", f"Status: {update.status_label}. {update_url(update)}")
        event.add("url", update_url(update))
        event.add("transp", "TRANSPARENT")
        events.append(event)
    return events

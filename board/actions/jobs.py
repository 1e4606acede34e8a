"""The weekly action digest for owners, and due dates in personal calendar feeds."""

from datetime import datetime, timedelta
from itertools import groupby

import sqlalchemy as sa
from flask import current_app, render_template
from sqlalchemy.orm import selectinload

from board.actions.models import AMBER_DAYS, LIVE_STATUSES, OWED_STATUSES, Action
from board.common.feeds import FeedEvent
from board.common.mail import queue_mail
from board.common.sitesettings import calendar_uid_domain
from board.common.timeutil import to_london
from board.extensions import db
from board.people.mail_choices import wants_mail
from board.people.models import User


def digest_key(user: User, day) -> str:
    """Once per owner per ISO week."""
    year, week, _ = day.isocalendar()
    return f"action-digest:{user.id}:{year}-W{week:02d}"


def action_url(action: Action) -> str:
    return f"{current_app.config['BOARD_BASE_URL'].rstrip('/')}/actions/{action.id}"


def send_action_digests(now: datetime) -> int:
    """Each owner: their open actions due within 14 days or overdue, at most once a week."""
    today = to_london(now).date()
    rows = db.session.scalars(
        sa.select(Action)
        .join(User, Action.owner_id == User.id)
        .options(selectinload(Action.owner).selectinload(User.mail_opt_outs), selectinload(Action.body))
        .where(
            Action.status.in_(OWED_STATUSES),
            Action.due_on <= today + timedelta(days=AMBER_DAYS),
            User.is_enabled.is_(True),
        )
        .order_by(Action.owner_id, Action.due_on, Action.id)
    ).all()
    queued = 0
    for _owner_id, group in groupby(rows, key=lambda a: a.owner_id):
        actions = list(group)
        owner = actions[0].owner
        if not wants_mail(owner, "action_digest"):  # weekly, or not at all
            continue
        overdue = [a for a in actions if a.due_on < today]
        soon = [a for a in actions if a.due_on >= today]
        context = dict(user=owner, overdue=overdue, soon=soon, today=today, url=action_url)
        subject = f"Your actions: {len(overdue)} overdue, {len(soon)} due within {AMBER_DAYS} days"
        if queue_mail(
            [(owner.name, owner.email)],
            subject,
            render_template("emails/action_digest.txt", **context),
            render_template("emails/action_digest.html", **context),
            kind="action_digest",
            dedupe_key=digest_key(owner, today),
        ):
            queued += 1
    return queued


def first_words(text: str, limit: int = 60) -> str:
    """The start of an action's description, whole words, for a calendar title."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[: limit + 1].rsplit(" ", 1)[0] or words[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def action_event(action, domain: str, base_url: str) -> FeedEvent:
    """An all-day event on the due date; the UID comes from the row and never changes.

    ``action`` is an Action or a row with the same columns (the feed reads rows).
    """
    url = f"{base_url.rstrip('/')}/actions/{action.id}"
    return FeedEvent(
        uid=f"action-{action.id}@{domain}",
        summary=f"Action {action.reference} due: {first_words(action.description)}",
        start=action.due_on,
        end=action.due_on + timedelta(days=1),
        stamp=action.updated_at or action.created_at,
        description=f"{action.description}\n\n{url}",
        url=url,
        transp="TRANSPARENT",
    )


def action_due_dates(user, since: datetime):
    """The user's live actions whose due date is on or after ``since``, read as rows."""
    day = to_london(since).date() if since.tzinfo else since.date()
    rows = db.session.execute(
        sa.select(Action.id, Action.reference, Action.description, Action.due_on, Action.updated_at, Action.created_at)
        .where(Action.owner_id == user.id, Action.status.in_(LIVE_STATUSES), Action.due_on >= day)
        .order_by(Action.due_on)
    ).all()
    domain, base_url = calendar_uid_domain(), current_app.config["BOARD_BASE_URL"]
    return [action_event(row, domain, base_url) for row in rows]

"""Helpers for the bodies tests: find demo rows, make meetings a few weeks ahead of today."""

import email
import email.policy
from datetime import time, timedelta

import pytest
import sqlalchemy as sa

from board.common.outbox import OutboxMessage
from board.common.timeutil import london_to_utc, today_london
from board.extensions import db
from board.meetings import services as meetings
from board.people.models import Body, User


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def body(slug: str) -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == slug))


def mail_to(email: str, kind: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).where(OutboxMessage.recipients.contains(email)).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def calendar_method(message: OutboxMessage) -> str | None:
    """The iTIP method (REQUEST, CANCEL) of a queued message's calendar part."""
    parsed = email.message_from_bytes(message.raw, policy=email.policy.default)
    part = next((p for p in parsed.walk() if p.get_content_type() == "text/calendar"), None)
    return part.get_param("method") if part is not None else None


@pytest.fixture
def meeting_ahead(app):
    """meeting_ahead(body, days) -> a scheduled meeting that many days after today (no mail sent)."""

    def make(found: Body, days: int, title: str = "Extra meeting"):
        day = today_london() + timedelta(days=days)
        meeting = meetings.create_meeting(
            found,
            actor=user("secretariat@example.org"),
            send=False,
            title=title,
            venue="Wellington House, Leeds",
            join_url="",
            notes="",
            starts_at=london_to_utc(day, time(10)),
            ends_at=london_to_utc(day, time(11)),
        )
        db.session.commit()
        return meeting

    return make

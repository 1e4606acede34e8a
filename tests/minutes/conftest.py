"""Helpers for the minutes tests: a held meeting with an agenda (one item confidential), people."""

from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa

from board.agendas import services as agendas
from board.common.timeutil import london_to_utc, today_london
from board.extensions import db
from board.meetings import services as meetings
from board.minutes import services
from board.people.models import Body, User

ITEMS = [
    ("Welcome and apologies", "standing", False),
    ("Minutes of the last meeting", "minutes", False),
    ("District updates", "district_update", False),
    ("Organised crime group briefing", "other", True),
    ("Any other business", "aob", False),
]


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def body(slug: str) -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == slug))


@pytest.fixture
def make_meeting(app):
    """make_meeting(days_ago, slug="board", items=ITEMS) -> a meeting with an agenda."""

    def make(days_ago: int = 30, slug: str = "board", items=ITEMS):
        day = today_london() - timedelta(days=days_ago)
        secretariat = user("secretariat@example.org")
        meeting = meetings.create_meeting(
            body(slug),
            actor=secretariat,
            send=False,
            title=f"Meeting of {day:%-d %B %Y}",
            starts_at=london_to_utc(day, time(10)),
            ends_at=london_to_utc(day, time(12)),
            venue="Wellington House, Wakefield",
            join_url="",
            notes="",
        )
        for title, kind, confidential in items:
            agendas.add_item(meeting, {"title": title, "kind": kind, "is_confidential": confidential}, by=secretariat)
        db.session.commit()
        return meeting

    return make


@pytest.fixture
def minutes(app, make_meeting):
    """Draft minutes of a Board meeting held 30 days ago."""
    made = services.start_minutes(make_meeting(30), actor=user("secretariat@example.org"))
    db.session.commit()
    return made


def due(days: int = 30) -> date:
    return today_london() + timedelta(days=days)


def save(minutes, source: str, **kw):
    """Save through the service as the secretariat, from the current revision."""
    kw.setdefault("declarations", minutes.declarations)
    saved = services.save_minutes(
        minutes, source=source, base_revision=minutes.revision, actor=user("secretariat@example.org"), **kw
    )
    db.session.commit()
    return saved

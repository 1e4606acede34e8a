"""Fixtures for the agendas tests: Board meetings of our own, so the tests do not lean
on whatever demo meetings another area seeds."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, User


def make_meeting(body: Body, title: str, day: datetime, hours: float = 2, **extra) -> Meeting:
    from datetime import timedelta

    meeting = Meeting(
        body=body,
        title=title,
        starts_at=day,
        ends_at=day + timedelta(hours=hours),
        venue="Wellington House, Wakefield",
        join_url="https://teams.example.org/j/cdp",
        **extra,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


@pytest.fixture
def board(app) -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == "board"))


@pytest.fixture
def sog(app) -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == "synthetic-opioids"))


@pytest.fixture
def staff(app) -> User:
    return db.session.scalar(sa.select(User).where(User.email == "secretariat@example.org"))


@pytest.fixture
def meeting(board) -> Meeting:
    """A Board meeting in 2030 (after any demo meeting), 10:00 to 12:00 London time (UTC in winter)."""
    made = make_meeting(board, "Strategic Board, January 2030", datetime(2030, 1, 15, 10, 0, tzinfo=UTC))
    db.session.commit()
    return made


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))

"""Helpers for the meetings tests: make meetings through the service, find people."""

from datetime import date, time

import pytest
import sqlalchemy as sa

from board.common.timeutil import london_to_utc
from board.extensions import db
from board.meetings import services
from board.people.models import Body, User


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def body(slug: str) -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == slug))


@pytest.fixture
def make_meeting(app):
    """make_meeting("board", date(...), send=False, **overrides) -> a scheduled Meeting."""

    def make(slug="board", day=date(2027, 3, 30), start=time(10), end=time(12), send=False, **values):
        values.setdefault("title", "Strategic Board")
        values.setdefault("venue", "Wellington House, Wakefield")
        values.setdefault("join_url", "")
        values.setdefault("notes", "")
        meeting = services.create_meeting(
            body(slug),
            actor=user("secretariat@example.org"),
            send=send,
            starts_at=london_to_utc(day, start),
            ends_at=london_to_utc(day, end),
            **values,
        )
        db.session.commit()
        return meeting

    return make

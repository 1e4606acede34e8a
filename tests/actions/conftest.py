"""Helpers for the action log tests: people and bodies from the demo data."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from board.actions import services
from board.common.timeutil import today_london
from board.extensions import db
from board.people.models import Body, User


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def body(slug: str) -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == slug))


@pytest.fixture
def make_action(app):
    """make_action(owner="lead.leeds@example.org", due_in=10, body="board", **overrides)."""

    def make(owner="lead.leeds@example.org", due_in=10, body_slug="board", description="Do the thing", **kwargs):
        action = services.create_action(
            body(body_slug),
            description,
            user(owner),
            today_london() + timedelta(days=due_in),
            actor=user("secretariat@example.org"),
            **kwargs,
        )
        db.session.commit()
        return action

    return make

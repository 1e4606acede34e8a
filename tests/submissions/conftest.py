"""Fixtures for partner updates: a Board meeting with an open round, made through the services."""

from datetime import time, timedelta

import pytest
import sqlalchemy as sa

from board.common.timeutil import london_to_utc, today_london
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, Organisation, User
from board.submissions import services
from board.submissions.models import DEFAULT_FIGURES, PartnerUpdate, UpdateRound


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def org(short: str) -> Organisation:
    return db.session.scalar(sa.select(Organisation).where(Organisation.short_name == short))


def body(slug: str = "board") -> Body:
    return db.session.scalar(sa.select(Body).where(Body.slug == slug))


def make_meeting(days_ahead: int, slug: str = "board", title: str = "Test meeting") -> Meeting:
    day = today_london() + timedelta(days=days_ahead)
    meeting = Meeting(
        body=body(slug), title=title, starts_at=london_to_utc(day, time(10)), ends_at=london_to_utc(day, time(12))
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def open_round(meeting: Meeting, *, deadline=None, notify=False) -> UpdateRound:
    start, end = services.default_period(meeting)
    round_ = services.open_round(
        meeting,
        organisations=services.default_organisations(meeting.body),
        deadline=deadline or services.default_deadline(meeting),
        period_from=start,
        period_to=min(end, deadline or end),
        figures=list(DEFAULT_FIGURES),
        actor=user("secretariat@example.org"),
        notify=notify,
    )
    db.session.commit()
    return round_


def update_of(round_: UpdateRound, short: str) -> PartnerUpdate:
    return next(u for u in round_.updates if u.organisation.short_name == short)


def complete_form(round_: UpdateRound, version: int, **overrides) -> dict:
    """Everything a full submission needs, as a browser posts it."""
    data = {
        "version": str(version),
        "action": "submit",
        "progress": "Naloxone now carried by every response officer.",
        "risks": "Funding after March.",
        "asks": "",
        "asks_none": "y",
        "good_practice": "",
        "good_practice_none": "y",
        "priorities": ["keeping_people_safe"],
        "themes": ["reducing_vulnerability"],
    }
    for i, figure in enumerate(round_.figures):
        data[f"fig_{figure.id}-value"] = str(10 + i)
    data.update(overrides)
    return data


@pytest.fixture
def board_round(app):
    """An open round for a Board meeting six weeks away (the five districts and HMPPS asked)."""
    return open_round(make_meeting(42, title="Strategic Board (test)"))

"""Is a meeting's agenda published? The agendas area owns the answer; permissions,
partner updates and search ask it (once per meeting per request)."""

import sqlalchemy as sa
from flask import g

from board.agendas.models import AgendaPublication
from board.extensions import db
from board.meetings.models import Meeting


def agenda_is_published(meeting: Meeting) -> bool:
    """Whether the meeting's agenda has been published to the body's members."""
    cache = g.setdefault("_agenda_published", {})
    if meeting.id not in cache:
        cache[meeting.id] = (
            db.session.scalar(
                sa.select(AgendaPublication.id).where(AgendaPublication.meeting_id == meeting.id).limit(1)
            )
            is not None
        )
    return cache[meeting.id]


def note_agenda_published(meeting: Meeting, publication) -> None:
    """Tell agenda_is_published what a page already read: the meeting's latest publication (or None)."""
    g.setdefault("_agenda_published", {})[meeting.id] = publication is not None


def prime_agenda_published(meeting_ids) -> None:
    """Fill agenda_is_published's request cache for many meetings in one query."""
    cache = g.setdefault("_agenda_published", {})
    published = set(
        db.session.scalars(
            sa.select(AgendaPublication.meeting_id)
            .where(AgendaPublication.meeting_id.in_(meeting_ids or ()))
            .distinct()
        )
    )
    for meeting_id in meeting_ids or ():
        cache[meeting_id] = meeting_id in published

"""Demo public record: the Board publishes; the sub-group does not.

For the Board's meetings of the last two years: every item of the published agenda that
is not confidential, with its papers, the approved minutes and the decisions that are not
confidential are public. Safe to run again.
"""

from datetime import timedelta

import sqlalchemy as sa

from board.agendas.models import AgendaPublication
from board.common.models import utcnow
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes, MinutesStatus
from board.public import services
from board.public.models import PublicKind


def seed_public(ctx) -> dict:
    """Switch the Board's public record on and publish two years of it; returns counts."""
    actor = ctx["users"]["secretariat@example.org"]
    board = ctx["board"]
    services.switch_on(board, shows_venue=True, by=actor)
    now = utcnow()
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.body_id == board.id, Meeting.starts_at < now, Meeting.starts_at >= now - timedelta(days=730))
        .where(Meeting.id.in_(sa.select(AgendaPublication.meeting_id)))
        .order_by(Meeting.starts_at)
    ).all()
    made = 0
    for meeting in meetings:
        chosen = set()
        for candidate in services.meeting_candidates(meeting):
            if candidate.refused:
                continue
            if candidate.kind == PublicKind.MINUTES:
                minutes = db.session.get(Minutes, candidate.object_id)
                if minutes.status != MinutesStatus.APPROVED.value:
                    continue
            if candidate.kind == PublicKind.DECISION and db.session.get(Decision, candidate.object_id).is_confidential:
                continue
            chosen.add(candidate.key)
        added, _withdrawn = services.set_meeting_entries(meeting, chosen, by=actor)
        made += added
    return {"meetings": len(meetings), "entries": made}

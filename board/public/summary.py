"""What the public lists show of each meeting, worked out by the database in one query.

The meetings list says, per meeting, whether an agenda and minutes are public. It asks the
same rules as ``record.public_agendas`` and ``record.public_minutes_ids`` (an item is in the
meeting's latest published agenda, not confidential there nor now, and made public; minutes
are approved and made public), but as SQL over the snapshot's items: no snapshot, minutes
text or list of public entries is read into Python to print a word per meeting.
tests/public/test_public_queries.py checks that both ways agree.
"""

from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa

from board.agendas.models import AgendaItem, AgendaPublication
from board.extensions import db
from board.minutes.models import Minutes, MinutesStatus
from board.public.models import PublicEntry, PublicKind


@dataclass(frozen=True)
class MeetingSummary:
    """What of one meeting the public can read: how many agenda items, and whether minutes."""

    items: int = 0
    has_minutes: bool = False


def _snapshot_items(dialect: str):
    """Each published agenda's items as rows with one JSON column ``value`` (the database's
    own JSON functions: ``json_each`` on SQLite, ``json_array_elements`` on PostgreSQL)."""
    if dialect == "postgresql":
        rows = sa.func.json_array_elements(AgendaPublication.snapshot["items"])
    else:
        rows = sa.func.json_each(AgendaPublication.snapshot, "$.items")
    return rows.table_valued(sa.column("value", sa.JSON)).alias("snapshot_item")


def _made_public(kind: PublicKind, object_id):
    """The secretariat made this record public (EXISTS, so the database looks each one up by
    its unique (kind, object id) index instead of walking every entry of the body)."""
    return (
        sa.select(PublicEntry.id)
        .where(
            PublicEntry.kind == kind.value,
            PublicEntry.object_id == object_id,
            PublicEntry.body_id == sa.bindparam("body_id"),
        )
        .exists()
    )


def _public_item_counts(dialect: str):
    """(meeting id, 'agenda', public items) of each meeting's latest published agenda."""
    newest = (
        sa.select(AgendaPublication.meeting_id, sa.func.max(AgendaPublication.revision).label("revision"))
        .where(AgendaPublication.meeting_id.in_(sa.bindparam("meeting_ids", expanding=True)))
        .group_by(AgendaPublication.meeting_id)
        .subquery()
    )
    item = _snapshot_items(dialect)
    return (
        sa.select(AgendaPublication.meeting_id, sa.literal("agenda"), sa.func.count())
        .join(
            newest,
            sa.and_(
                AgendaPublication.meeting_id == newest.c.meeting_id, AgendaPublication.revision == newest.c.revision
            ),
        )
        .join(item, sa.true())
        .join(AgendaItem, AgendaItem.id == item.c.value["id"].as_integer())
        .where(
            _made_public(PublicKind.ITEM, AgendaItem.id),
            AgendaItem.is_confidential.is_(False),
            sa.func.coalesce(item.c.value["is_confidential"].as_boolean(), False).is_(False),
        )
        .group_by(AgendaPublication.meeting_id)
    )


def _public_minutes():
    """(meeting id, 'minutes', 1) for each meeting whose approved minutes are public."""
    return sa.select(Minutes.meeting_id, sa.literal("minutes"), sa.literal(1)).where(
        Minutes.meeting_id.in_(sa.bindparam("meeting_ids", expanding=True)),
        Minutes.status == MinutesStatus.APPROVED.value,
        _made_public(PublicKind.MINUTES, Minutes.id),
    )


@cache
def _summary_query(dialect: str):
    """The query, built once per database kind: building it costs more than running it."""
    return sa.union_all(_public_item_counts(dialect), _public_minutes())


def meeting_summaries(body_id: int, meeting_ids) -> dict[int, MeetingSummary]:
    """What the public can read of each of the meetings (meetings with nothing public left out)."""
    meeting_ids = list(meeting_ids)
    if not meeting_ids:
        return {}
    query = _summary_query(db.session.get_bind().dialect.name)
    found: dict[int, MeetingSummary] = {}
    for meeting_id, part, count in db.session.execute(query, {"body_id": body_id, "meeting_ids": meeting_ids}):
        seen = found.get(meeting_id, MeetingSummary())
        if part == "agenda":
            found[meeting_id] = MeetingSummary(count, seen.has_minutes)
        else:
            found[meeting_id] = MeetingSummary(seen.items, True)
    return found

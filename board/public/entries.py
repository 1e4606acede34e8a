"""What is public of a body, entry by entry, for the secretariat's list and the Atom feed.

Each entry says whether the public sees it now and, if not, why (the rules are
``record.py``'s). The entries' records are read as rows of the columns the lists show, every
kind in one query: the feed reads a hundred entries on every request.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa

from board.agendas.models import AgendaItem, Paper
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes, MinutesStatus
from board.papers.models import CoverPaper, CoverPaperVersion
from board.people.models import Body
from board.public.models import PublicEntry, PublicKind
from board.public.record import entry_keys, public_agendas


@dataclass(frozen=True)
class EntryMeeting:
    """The meeting a public entry belongs to, as the lists show it."""

    id: int
    title: str
    starts_at: datetime


@dataclass(frozen=True)
class EntryRef:
    """A public entry's columns that the lists show (rows, not ORM objects: the feed reads a hundred)."""

    id: int
    kind: str
    object_id: int
    published_at: datetime

    @property
    def kind_label(self) -> str:
        return PublicKind(self.kind).label


@dataclass
class EntryRow:
    """One public entry as the secretariat's list and the Atom feed show it."""

    entry: EntryRef
    title: str
    meeting: EntryMeeting | None
    shown: bool
    why_not: str = ""
    version_id: int | None = None  # for a paper: the version the public gets
    filename: str = ""  # for a paper: that version's file name


@cache
def _records_query():
    """The records of the entries, every kind in one query of the columns the lists show:
    kind, id, title, ``extra`` (a cover paper's item title, a decision's reference),
    ``held_back`` (an item or decision confidential now, minutes not approved) and the meeting.
    Built once (building it costs more than running it); the ids of each kind are its parameters."""
    meeting = (Meeting.id.label("m_id"), Meeting.title.label("m_title"), Meeting.starts_at.label("m_starts_at"))
    no_text = sa.cast(sa.null(), sa.String)
    item_meeting = Meeting.id == AgendaItem.meeting_id
    query = sa.union_all(
        sa.select(
            sa.literal(PublicKind.ITEM.value).label("kind"),
            AgendaItem.id.label("id"),
            AgendaItem.title.label("title"),
            no_text.label("extra"),
            AgendaItem.is_confidential.label("held_back"),
            *meeting,
        )
        .join(Meeting, item_meeting)
        .where(AgendaItem.id.in_(sa.bindparam("item_ids", expanding=True))),
        sa.select(sa.literal(PublicKind.PAPER.value), Paper.id, Paper.title, no_text, sa.false(), *meeting)
        .join(AgendaItem, AgendaItem.id == Paper.item_id)
        .join(Meeting, item_meeting)
        .where(Paper.id.in_(sa.bindparam("paper_ids", expanding=True))),
        sa.select(
            sa.literal(PublicKind.COVER.value), CoverPaper.id, CoverPaper.title, AgendaItem.title, sa.false(), *meeting
        )
        .join(AgendaItem, AgendaItem.id == CoverPaper.item_id)
        .join(Meeting, item_meeting)
        .where(CoverPaper.id.in_(sa.bindparam("cover_ids", expanding=True))),
        sa.select(
            sa.literal(PublicKind.MINUTES.value),
            Minutes.id,
            Meeting.title,
            no_text,
            Minutes.status != MinutesStatus.APPROVED.value,
            *meeting,
        )
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Minutes.id.in_(sa.bindparam("minutes_ids", expanding=True))),
        sa.select(
            sa.literal(PublicKind.DECISION.value),
            Decision.id,
            Decision.title,
            Decision.reference,
            Decision.is_confidential,
            *meeting,
        )
        .outerjoin(Meeting, Meeting.id == Decision.meeting_id)
        .where(Decision.id.in_(sa.bindparam("decision_ids", expanding=True))),
    )
    return query


def _records(ids: dict[PublicKind, list[int]]) -> dict[tuple[str, int], tuple[sa.Row, EntryMeeting | None]]:
    """The entries' records by (kind, id), each with its meeting (see ``_records_query``)."""
    rows = db.session.execute(_records_query(), {f"{kind.name.lower()}_ids": ids[kind] for kind in PublicKind})
    return {
        (row.kind, row.id): (row, EntryMeeting(row.m_id, row.m_title, row.m_starts_at) if row.m_id else None)
        for row in rows
    }


def describe_entries(body: Body, newest: int | None = None) -> list[EntryRow]:
    """Every entry of the body (or the ``newest`` few), newest first, saying whether the
    public sees it and why not.

    The entries' records are read in one query of the columns shown (the feed lists a
    hundred entries, the secretariat's list every one).
    """
    entries = [
        EntryRef(*row)
        for row in db.session.execute(
            sa.select(PublicEntry.id, PublicEntry.kind, PublicEntry.object_id, PublicEntry.published_at)
            .where(PublicEntry.body_id == body.id)
            .order_by(PublicEntry.published_at.desc(), PublicEntry.id.desc())
            .limit(newest)
        )
    ]
    keys = entry_keys(body.id) if newest is not None else {(e.kind, e.object_id) for e in entries}
    records = _records({kind: [e.object_id for e in entries if e.kind == kind] for kind in PublicKind})
    meeting_ids = {
        meeting.id
        for (kind, _id), (_row, meeting) in records.items()
        if kind in (PublicKind.ITEM, PublicKind.PAPER, PublicKind.COVER)
    }
    agendas = public_agendas(sorted(meeting_ids), keys)
    shown_items = {item.item_id for agenda in agendas.values() for item in agenda}
    shown_papers = {p.paper_id: p for agenda in agendas.values() for item in agenda for p in item.papers}
    shown_covers = {
        item.cover.paper_id: item.cover.version_id for agenda in agendas.values() for item in agenda if item.cover
    }
    cover_titles = (
        dict(
            db.session.execute(
                sa.select(CoverPaperVersion.id, CoverPaperVersion.title).where(
                    CoverPaperVersion.id.in_(shown_covers.values())
                )
            ).all()
        )
        if shown_covers
        else {}
    )

    rows = []
    for entry in entries:
        kind = entry.kind
        if kind == PublicKind.ITEM:
            if (kind, entry.object_id) not in records:
                rows.append(EntryRow(entry, "(deleted agenda item)", None, False, "The item was deleted."))
                continue
            item, meeting = records[kind, entry.object_id]
            why = ""
            if item.id not in shown_items:
                why = (
                    "The item is confidential."
                    if item.held_back
                    else "The item is not in the published agenda yet (publish or re-publish the agenda)."
                )
            rows.append(EntryRow(entry, item.title, meeting, not why, why))
        elif kind == PublicKind.PAPER:
            if (kind, entry.object_id) not in records:
                rows.append(EntryRow(entry, "(deleted paper)", None, False, "The paper was deleted."))
                continue
            paper, meeting = records[kind, entry.object_id]
            shown = shown_papers.get(paper.id)
            why = "" if shown else "Its agenda item is not public, or the paper is not in the published agenda."
            version_id, filename = (shown.version_id, shown.filename) if shown else (None, "")
            rows.append(EntryRow(entry, paper.title, meeting, not why, why, version_id, filename))
        elif kind == PublicKind.COVER:
            if (kind, entry.object_id) not in records:
                rows.append(EntryRow(entry, "(deleted cover paper)", None, False, "The cover paper was deleted."))
                continue
            cover, meeting = records[kind, entry.object_id]
            why = (
                ""
                if cover.id in shown_covers
                else "Its agenda item is not public, or no cleared version is in the published agenda."
            )
            # The public sees the title of the version published, never the live draft's.
            shown_title = cover_titles.get(shown_covers.get(cover.id)) if not why else cover.title
            title = f"Cover paper: {shown_title or cover.extra}"
            rows.append(EntryRow(entry, title, meeting, not why, why))
        elif kind == PublicKind.MINUTES:
            if (kind, entry.object_id) not in records:
                rows.append(EntryRow(entry, "(deleted minutes)", None, False, "The minutes were deleted."))
                continue
            minutes, meeting = records[kind, entry.object_id]
            why = "The minutes are not approved." if minutes.held_back else ""
            rows.append(EntryRow(entry, f"Minutes of {meeting.title}", meeting, not why, why))
        else:
            if (kind, entry.object_id) not in records:
                rows.append(EntryRow(entry, "(deleted decision)", None, False, "The decision was deleted."))
                continue
            d, meeting = records[kind, entry.object_id]
            why = "The decision is confidential." if d.held_back else ""
            rows.append(EntryRow(entry, f"{d.extra} {d.title}", meeting, not why, why))
    return rows

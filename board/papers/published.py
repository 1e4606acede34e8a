"""Which version of a cover paper members read: the one in the latest published agenda.

A cleared paper joins the agenda snapshot (``snapshot_refs``, registered in create_app as
an addition to each published item) and is frozen there; members read that version until
the agenda is published again. The agendas area owns publishing; this module only reads it.
"""

from functools import cache

import sqlalchemy as sa
from flask import g
from sqlalchemy.orm import selectinload

from board.agendas.models import AgendaItem, AgendaPublication
from board.extensions import db
from board.meetings.models import Meeting
from board.papers.models import CoverPaper, CoverPaperVersion


@cache
def _refs_statement():
    """``snapshot_refs``' statement, built once (the secretariat's meeting page runs it on every look)."""
    latest = (
        sa.select(CoverPaperVersion.paper_id, sa.func.max(CoverPaperVersion.number).label("number"))
        .group_by(CoverPaperVersion.paper_id)
        .subquery()
    )
    return (
        sa.select(CoverPaper.item_id, CoverPaper.id, CoverPaperVersion.id, CoverPaperVersion.number)
        .join(latest, latest.c.paper_id == CoverPaper.id)
        .join(
            CoverPaperVersion,
            sa.and_(CoverPaperVersion.paper_id == CoverPaper.id, CoverPaperVersion.number == latest.c.number),
        )
        .where(CoverPaper.item_id.in_(sa.bindparam("ids", expanding=True)))
    )


def snapshot_refs(items: list) -> dict[int, dict]:
    """For build_snapshot: each item's latest cleared cover paper version, by item id."""
    ids = [i.id for i in items if getattr(i, "id", None)]
    if not ids:
        return {}
    rows = db.session.execute(_refs_statement(), {"ids": ids}).all()
    return {
        item_id: {"cover_paper": {"paper_id": paper_id, "version_id": version_id, "version": number}}
        for item_id, paper_id, version_id, number in rows
    }


def latest_snapshot(meeting_id: int) -> dict | None:
    """The meeting's latest published snapshot (once per request), or None."""
    cache = g.setdefault("_cover_latest_snapshot", {})
    if meeting_id not in cache:
        cache[meeting_id] = db.session.scalar(
            sa.select(AgendaPublication.snapshot)
            .where(AgendaPublication.meeting_id == meeting_id)
            .order_by(AgendaPublication.revision.desc())
            .limit(1)
        )
    return cache[meeting_id]


def prime_latest_snapshots(meeting_ids) -> None:
    """Fill latest_snapshot's request cache for many meetings in one query (search hits)."""
    cache = g.setdefault("_cover_latest_snapshot", {})
    wanted = [m for m in set(meeting_ids or ()) if m not in cache]
    if not wanted:
        return
    latest = (
        sa.select(AgendaPublication.meeting_id, sa.func.max(AgendaPublication.revision).label("rev"))
        .where(AgendaPublication.meeting_id.in_(wanted))
        .group_by(AgendaPublication.meeting_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(AgendaPublication.meeting_id, AgendaPublication.snapshot).join(
            latest,
            sa.and_(latest.c.meeting_id == AgendaPublication.meeting_id, latest.c.rev == AgendaPublication.revision),
        )
    ).all()
    found = dict(rows)
    for meeting_id in wanted:
        cache[meeting_id] = found.get(meeting_id)


def published_ref(paper: CoverPaper) -> dict | None:
    """{"paper_id", "version_id", "version"} as members were sent it, or None when not published."""
    item = paper.item
    snapshot = latest_snapshot(item.meeting_id) or {}
    for row in snapshot.get("items", []):
        if row.get("id") == item.id:
            return row.get("cover_paper")
    return None


def published_version(paper: CoverPaper) -> CoverPaperVersion | None:
    ref = published_ref(paper)
    return db.session.get(CoverPaperVersion, ref["version_id"]) if ref else None


def is_published(paper: CoverPaper) -> bool:
    return published_ref(paper) is not None


def published_attachment_ids(paper: CoverPaper) -> set[int]:
    """Attachment versions members may download: those listed in the published version."""
    version = published_version(paper)
    return {a["version_id"] for a in (version.content if version else {}).get("attachments", [])}


def earlier_published(paper: CoverPaper) -> list[int]:
    """Version numbers members were sent in earlier publications of the agenda (oldest first)."""
    snapshots = db.session.scalars(
        sa.select(AgendaPublication.snapshot)
        .where(AgendaPublication.meeting_id == paper.item.meeting_id)
        .order_by(AgendaPublication.revision)
    ).all()
    seen: list[int] = []
    for snapshot in snapshots:
        for row in (snapshot or {}).get("items", []):
            ref = row.get("cover_paper") if row.get("id") == paper.item_id else None
            if ref and ref["version"] not in seen:
                seen.append(ref["version"])
    return seen


def versions_for_pack(meeting: Meeting, publication) -> dict[int, CoverPaperVersion]:
    """item id -> the cover paper version the pack shows: the published one, or for the
    secretariat's draft pack (no publication) the latest cleared one."""
    if publication is not None:
        refs = {
            row["id"]: row["cover_paper"]["version_id"]
            for row in (publication.snapshot or {}).get("items", [])
            if row.get("cover_paper")
        }
    else:
        items = db.session.scalars(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).all()
        refs = {item_id: ref["cover_paper"]["version_id"] for item_id, ref in snapshot_refs(items).items()}
    if not refs:
        return {}
    versions = {
        v.id: v
        for v in db.session.scalars(
            sa.select(CoverPaperVersion)
            .where(CoverPaperVersion.id.in_(refs.values()))
            .options(selectinload(CoverPaperVersion.paper).selectinload(CoverPaper.item))
        )
    }
    return {item_id: versions[vid] for item_id, vid in refs.items() if vid in versions}

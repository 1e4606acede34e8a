"""What of a body is public right now, read for the public pages and the secretariat's list.

An entry says the secretariat chose to publish a record; the rules here say whether it
may still be shown, and are asked on every read:
- the body's public record is switched on;
- an agenda item is in the meeting's latest *published* agenda and is not confidential
  (neither in that snapshot nor now);
- a paper belongs to a shown item, and the version shown is the one in that agenda;
- a cover paper belongs to a shown item, and the version shown is the one in that agenda;
- minutes are approved (their version for wider circulation is what is shown);
- a decision is not confidential.
So marking a record public can never publish something that later became confidential,
and a draft agenda or draft minutes never show.
"""

import re
from dataclasses import dataclass, field
from functools import cache

import sqlalchemy as sa
from flask import abort
from markupsafe import Markup
from sqlalchemy.orm import joinedload

from board.agendas.models import AgendaItem, AgendaPublication, Paper, PaperVersion, Purpose
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes, MinutesStatus
from board.papers.models import CoverPaper, CoverPaperVersion
from board.people.models import Body, Membership, Role, User
from board.public.models import PublicBody, PublicEntry, PublicKind


@dataclass
class PublicPaper:
    paper_id: int
    version_id: int
    title: str
    filename: str
    content_type: str
    size_bytes: int


@dataclass
class PublicCover:
    """A cover paper of a public item: the version frozen in the published agenda."""

    paper_id: int
    version_id: int
    version: int


@dataclass
class PublicItem:
    item_id: int
    number: int
    title: str
    description_html: str
    purpose: str
    papers: list[PublicPaper] = field(default_factory=list)
    cover: PublicCover | None = None

    @property
    def purpose_label(self) -> str:
        try:
            return Purpose(self.purpose).label
        except ValueError:
            return ""


# --- statements ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Statements:
    body: sa.Select
    entry_keys: sa.Select
    snapshots: sa.Select
    live_items: sa.Select


@cache
def _statements() -> _Statements:
    """The statements every public page runs, built once (on first use, when the mappers are
    known) and run with parameters: building them cost more than running them."""
    newest = (
        sa.select(AgendaPublication.meeting_id, sa.func.max(AgendaPublication.revision).label("revision"))
        .where(AgendaPublication.meeting_id.in_(sa.bindparam("meeting_ids", expanding=True)))
        .group_by(AgendaPublication.meeting_id)
        .subquery()
    )
    return _Statements(
        body=sa.select(Body, PublicBody)
        .join(PublicBody, PublicBody.body_id == Body.id)
        .where(Body.slug == sa.bindparam("slug")),
        entry_keys=sa.select(PublicEntry.kind, PublicEntry.object_id).where(
            PublicEntry.body_id == sa.bindparam("body_id")
        ),
        snapshots=sa.select(AgendaPublication.meeting_id, AgendaPublication.snapshot).join(
            newest,
            sa.and_(
                AgendaPublication.meeting_id == newest.c.meeting_id,
                AgendaPublication.revision == newest.c.revision,
            ),
        ),
        live_items=sa.select(AgendaItem.id, AgendaItem.is_confidential).where(
            AgendaItem.id.in_(sa.bindparam("item_ids", expanding=True))
        ),
    )


# --- bodies -------------------------------------------------------------------------


def published_bodies() -> list[tuple[Body, PublicBody]]:
    """Every body whose public record is on, the Board first."""
    rows = db.session.execute(
        sa.select(Body, PublicBody).join(PublicBody, PublicBody.body_id == Body.id).order_by(Body.id)
    )
    return [(b, p) for b, p in rows]


def published_body_or_404(slug: str) -> tuple[Body, PublicBody]:
    """The body at ``slug`` if it publishes; otherwise 404 (a body that does not publish is not there)."""
    row = db.session.execute(_statements().body, {"slug": slug}).first()
    if row is None:
        abort(404)
    return row[0], row[1]


def public_body_of(body: Body) -> PublicBody | None:
    return db.session.get(PublicBody, body.id)


def current_members(body: Body, on) -> list[Membership]:
    """Members by role (chair first) then name, with their organisation: never their address.

    One query: the seats with their people and organisations (the page lists every seat).
    """
    order = {Role.CHAIR.value: 0, Role.VICE_CHAIR.value: 1, Role.MEMBER.value: 2, Role.ADVISER.value: 3}
    seats = db.session.scalars(
        sa.select(Membership)
        .where(Membership.body_id == body.id, Membership.role != Role.SECRETARIAT.value)
        .options(joinedload(Membership.user).joinedload(User.organisation))
    ).all()
    rows = [m for m in seats if m.is_current(on) and m.user is not None and m.user.is_enabled]
    return sorted(rows, key=lambda m: (order.get(m.role, 9), m.user.name))


# --- entries ------------------------------------------------------------------------


def entry_keys(body_id: int) -> set[tuple[str, int]]:
    """(kind, object id) of every record of the body the secretariat made public."""
    rows = db.session.execute(_statements().entry_keys, {"body_id": body_id})
    return {(kind, object_id) for kind, object_id in rows}


def _latest_snapshots(meeting_ids) -> dict[int, dict]:
    """Each meeting's latest published agenda (its snapshot), in one query."""
    if not meeting_ids:
        return {}
    return dict(db.session.execute(_statements().snapshots, {"meeting_ids": list(meeting_ids)}).all())


def _live_items(item_ids) -> dict[int, bool]:
    """Whether each item that still exists is confidential now, in one query."""
    if not item_ids:
        return {}
    return dict(db.session.execute(_statements().live_items, {"item_ids": list(item_ids)}).all())


def public_agendas(meeting_ids, keys: set[tuple[str, int]]) -> dict[int, list[PublicItem]]:
    """The public part of each meeting's latest published agenda (meetings with none left out).

    Items keep their number on the full agenda, so "item 5" means the same to the public
    as in the minutes.
    """
    snapshots = _latest_snapshots(meeting_ids)
    wanted = [
        row["id"]
        for snapshot in snapshots.values()
        for row in snapshot.get("items", [])
        if (PublicKind.ITEM.value, row["id"]) in keys and not row.get("is_confidential")
    ]
    live = _live_items(wanted)  # item id: confidential now
    agendas: dict[int, list[PublicItem]] = {}
    for meeting_id, snapshot in snapshots.items():
        items = []
        for number, row in enumerate(snapshot.get("items", []), start=1):
            if row["id"] not in live or live[row["id"]] or row.get("is_confidential"):
                continue
            if (PublicKind.ITEM.value, row["id"]) not in keys:
                continue
            papers = [
                PublicPaper(
                    p["paper_id"], p["version_id"], p["title"], p["filename"], p["content_type"], p["size_bytes"]
                )
                for p in row.get("papers", [])
                if (PublicKind.PAPER.value, p["paper_id"]) in keys
            ]
            ref = row.get("cover_paper")
            cover = (
                PublicCover(ref["paper_id"], ref["version_id"], ref["version"])
                if ref and (PublicKind.COVER.value, ref["paper_id"]) in keys
                else None
            )
            items.append(
                PublicItem(
                    row["id"], number, row["title"], row.get("description_html", ""), row["purpose"], papers, cover
                )
            )
        if items:
            agendas[meeting_id] = items
    return agendas


def public_minutes_ids(meeting_ids, keys: set[tuple[str, int]]) -> dict[int, Minutes]:
    """Approved minutes the secretariat made public, by meeting."""
    if not meeting_ids:
        return {}
    rows = db.session.scalars(
        sa.select(Minutes).where(Minutes.meeting_id.in_(meeting_ids), Minutes.status == MinutesStatus.APPROVED.value)
    )
    return {m.meeting_id: m for m in rows if (PublicKind.MINUTES.value, m.id) in keys}


def public_minutes(meeting: Meeting, keys: set[tuple[str, int]]) -> Minutes | None:
    return public_minutes_ids([meeting.id], keys).get(meeting.id)


# A confidential item's section in the version for wider circulation: its heading, then the
# withheld note. Members may see the heading; the public sees only the item's number.
_WITHHELD_SECTION = re.compile(
    r"<(h[1-6])([^>]*)>\s*(\d+\.)?[^<]*</\1>(\s*<p><em>This item is confidential and is not included in this version\.</em></p>)"
)


def public_minutes_html(minutes: Minutes) -> Markup:
    """The minutes as the public reads them: the version for wider circulation, with the
    titles of confidential items withheld too."""

    def withhold(match: re.Match) -> str:
        tag, number, note = match.group(1), match.group(3), match.group(4)
        return f"<{tag}>{number + ' ' if number else ''}Confidential item</{tag}>{note}"

    return Markup(_WITHHELD_SECTION.sub(withhold, minutes.public_html or ""))


def public_decisions_query(body: Body):
    """Decisions of the body that are public: made public, and not confidential."""
    return sa.select(Decision).where(
        Decision.body_id == body.id,
        Decision.is_confidential.is_(False),
        Decision.id.in_(
            sa.select(PublicEntry.object_id).where(
                PublicEntry.body_id == body.id, PublicEntry.kind == PublicKind.DECISION.value
            )
        ),
    )


def public_paper_version(body: Body, version_id: int) -> PaperVersion | None:
    """The paper version if the public may download it: it is in its meeting's latest
    published agenda, on a public item, and the paper is public."""
    # The version with its meeting, of this body, in one query (not a load per relationship).
    row = db.session.execute(
        sa.select(PaperVersion, AgendaItem.meeting_id)
        .join(Paper, Paper.id == PaperVersion.paper_id)
        .join(AgendaItem, AgendaItem.id == Paper.item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(PaperVersion.id == version_id, Meeting.body_id == body.id)
    ).first()
    if row is None:
        return None
    version, meeting_id = row
    agenda = public_agendas([meeting_id], entry_keys(body.id)).get(meeting_id, [])
    shown = {p.version_id for item in agenda for p in item.papers}
    return version if version.id in shown else None


def public_cover_version(body: Body, paper_id: int) -> CoverPaperVersion | None:
    """The cover paper's version the public may read: the one in its meeting's latest
    published agenda, on a public item, the paper made public; otherwise None."""
    paper = db.session.get(CoverPaper, paper_id)
    if paper is None or paper.item.meeting.body_id != body.id:
        return None
    agenda = public_agendas([paper.item.meeting_id], entry_keys(body.id)).get(paper.item.meeting_id, [])
    shown = next((item.cover for item in agenda if item.cover and item.cover.paper_id == paper.id), None)
    return db.session.get(CoverPaperVersion, shown.version_id) if shown else None


def public_cover_attachment(body: Body, paper_id: int, version_id: int) -> dict | None:
    """An attachment listed in the public version of the cover paper, or None."""
    version = public_cover_version(body, paper_id)
    listed = (version.content or {}).get("attachments", []) if version else []
    return next((a for a in listed if a.get("version_id") == version_id), None)

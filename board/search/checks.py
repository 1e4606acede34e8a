"""The final per-row check: each hit passes the same permission function its page uses.

The SQL filter already keeps out what a user may not read; this makes the two agree
even where the index cannot say everything (an agenda item added since the agenda was
published is not yet on the members' agenda). The page of hits is bounded, and each
kind found is loaded in one query with its parents joined: a search costs at most one
query per kind (and the agendas' publications) however many hits, and none for a kind
it did not find.
"""

import html
import re
from functools import cache
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only, selectinload

from board import permissions
from board.actions.models import Action
from board.agendas.models import AgendaItem, AgendaPublication
from board.agendas.published import prime_agenda_published
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes
from board.papers.models import CoverPaper, CoverPaperVersion
from board.papers.published import prime_latest_snapshots, published_ref
from board.people.models import Body
from board.submissions.models import PartnerUpdate, UpdateRound

# Only what the permission checks read (ids, owner, status, confidentiality, the parents'
# ids; actions and decisions as plain rows), and for agenda items the words shown: minutes, updates and decisions carry long
# texts the page never shows from here. Anything else read later is still loaded, lazily.
# Built once: making loader options costs more than the queries they shape.
_MEETING = (load_only(Meeting.id, Meeting.body_id), joinedload(Meeting.body).load_only(Body.id))
_UPDATE_COLUMNS = (
    load_only(PartnerUpdate.id, PartnerUpdate.round_id, PartnerUpdate.organisation_id, PartnerUpdate.status),
    joinedload(PartnerUpdate.round).options(
        load_only(UpdateRound.id, UpdateRound.meeting_id), joinedload(UpdateRound.meeting).options(*_MEETING)
    ),
)
_ITEM_COLUMNS = (
    load_only(
        AgendaItem.id, AgendaItem.meeting_id, AgendaItem.title, AgendaItem.description, AgendaItem.description_html
    ),
    joinedload(AgendaItem.meeting).options(*_MEETING),
)


class _Body(NamedTuple):
    id: int


class _Action(NamedTuple):
    """What ``can_view_action`` reads of an action, read as a row (no ORM object per hit)."""

    id: int
    owner_id: int
    body: _Body


class _Decision(NamedTuple):
    """What ``can_view_decision`` reads of a decision, read as a row."""

    id: int
    is_confidential: bool
    body: _Body


def _actions(ids) -> dict:
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Action.id, Action.owner_id, Action.body_id).where(Action.id.in_(ids)))
    return {i: _Action(i, owner, _Body(body)) for i, owner, body in rows}


def _decisions(ids) -> dict:
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Decision.id, Decision.is_confidential, Decision.body_id).where(Decision.id.in_(ids))
    )
    return {i: _Decision(i, confidential, _Body(body)) for i, confidential, body in rows}


_COVER_COLUMNS = (
    load_only(CoverPaper.id, CoverPaper.item_id, CoverPaper.author_id, CoverPaper.status),
    joinedload(CoverPaper.item).options(
        load_only(AgendaItem.id, AgendaItem.meeting_id), joinedload(AgendaItem.meeting).options(*_MEETING)
    ),
    selectinload(CoverPaper.versions).load_only(
        CoverPaperVersion.id, CoverPaperVersion.paper_id, CoverPaperVersion.number
    ),
)


def _cover_paper_allowed(user, paper) -> bool:
    """Its author and the secretariat; a member only while the words indexed are the version
    published (a newer cleared version is not theirs to match until the agenda goes out again)."""
    if paper is None:
        return False
    if permissions.can_read_cover_paper_draft(user, paper):
        return True
    ref = published_ref(paper)
    latest = paper.latest_version
    return (
        ref is not None
        and latest is not None
        and ref["version_id"] == latest.id
        and permissions.can_view_cover_paper(user, paper)
    )


def _load(model, ids, *options) -> dict:
    if not ids:
        return {}
    rows = db.session.scalars(sa.select(model).where(model.id.in_(ids)).options(*options)).unique().all()
    return {r.id: r for r in rows}


def _published_items(meeting_ids: set[int]) -> dict[int, dict]:
    """Items on the latest published agenda of each meeting (what members read), by item id."""
    latest = (
        sa.select(AgendaPublication.meeting_id, sa.func.max(AgendaPublication.revision).label("rev"))
        .where(AgendaPublication.meeting_id.in_(meeting_ids))
        .group_by(AgendaPublication.meeting_id)
        .subquery()
    )
    snapshots = db.session.scalars(
        sa.select(AgendaPublication.snapshot).join(
            latest,
            sa.and_(latest.c.meeting_id == AgendaPublication.meeting_id, latest.c.rev == AgendaPublication.revision),
        )
    ).all()
    return {row["id"]: row for snap in snapshots for row in (snap or {}).get("items", [])}


def still_visible(user, docs: list) -> list[tuple]:
    """(document, shown title, shown text) for the records that exist and the user may read.

    Members read an agenda item as it was published: when the draft has changed since,
    they are shown (and matched against) the published words, never the draft's.
    """
    # The secretariat may read everything, but a record deleted in bulk (no flush hook)
    # may still be in the index until the next reindex: load all the same, drop the missing.
    ids: dict[str, set[int]] = {}
    for d in docs:
        ids.setdefault(d.kind, set()).add(d.object_id)
    actions = _actions(ids.get("action"))
    decisions = _decisions(ids.get("decision"))
    updates = _load(PartnerUpdate, ids.get("update"), *_UPDATE_COLUMNS)
    items = _load(AgendaItem, ids.get("agenda_item"), *_ITEM_COLUMNS)
    if updates:
        prime_agenda_published({u.round.meeting_id for u in updates.values()})  # one query, not one per hit
    on_agenda = _published_items({i.meeting_id for i in items.values()}) if items else {}
    minutes = _load_minutes(ids.get("minutes"))
    cover_papers = _load(CoverPaper, ids.get("cover_paper"), *_COVER_COLUMNS)
    prime_latest_snapshots({p.item.meeting_id for p in cover_papers.values()})

    def allowed(d) -> bool:
        if d.kind == "action":
            obj = actions.get(d.object_id)
            return obj is not None and permissions.can_view_action(user, obj)
        if d.kind == "decision":
            obj = decisions.get(d.object_id)
            return obj is not None and permissions.can_view_decision(user, obj)
        if d.kind == "update":
            obj = updates.get(d.object_id)
            return obj is not None and permissions.can_view_update(user, obj)
        if d.kind == "agenda_item":
            obj = items.get(d.object_id)
            if obj is None:
                return False
            # The secretariat works on the draft; members read only the published agenda.
            return permissions.can_edit_agenda(user, obj.meeting) or (
                obj.id in on_agenda and permissions.can_view_agenda(user, obj.meeting)
            )
        if d.kind == "minutes":
            obj = minutes.get(d.object_id)
            return obj is not None and permissions.can_view_minutes(user, obj)
        if d.kind == "cover_paper":
            return _cover_paper_allowed(user, cover_papers.get(d.object_id))
        return False

    out = []
    for d in docs:
        if not allowed(d):
            continue
        title, text = d.title, d.text
        if d.kind == "agenda_item" and not permissions.can_edit_agenda(user, items[d.object_id].meeting):
            title, text = _as_published(items[d.object_id], on_agenda[d.object_id])
        out.append((d, title, text))
    return out


def _as_published(item, row: dict) -> tuple[str, str]:
    if item.title == row.get("title") and item.description_html == row.get("description_html"):
        return item.title, item.description
    plain = re.sub(r"<[^>]+>", " ", row.get("description_html") or "")
    return row.get("title") or "", html.unescape(plain)


def _load_minutes(ids) -> dict:
    return _load(Minutes, ids, *_minutes_columns(Minutes))


@cache
def _minutes_columns(Minutes) -> tuple:
    return (load_only(Minutes.id, Minutes.meeting_id, Minutes.status), joinedload(Minutes.meeting).options(*_MEETING))

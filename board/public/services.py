"""The secretariat's changes to the public record; each is written to the audit trail.

Nothing here commits: the view does, once.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from board.agendas.models import AgendaItem
from board.audit.services import record
from board.common.models import lock_row
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes, MinutesStatus
from board.papers.models import CoverPaper
from board.people.models import Body
from board.public.models import PublicBody, PublicEntry, PublicKind


def switch_on(body: Body, *, shows_venue: bool, by) -> PublicBody:
    """Turn the body's public record on (or change whether it shows venues)."""
    lock_row(body)  # two secretaries pressing at once make one row, not a clash
    public = db.session.get(PublicBody, body.id)
    if public is None:
        public = PublicBody(body_id=body.id, shows_venue=shows_venue, by_id=getattr(by, "id", None))
        db.session.add(public)
        record("public record switched on", body, actor=by, changes={"shows_venue": [None, shows_venue]})
    elif public.shows_venue != shows_venue:
        record(
            "public record settings changed", body, actor=by, changes={"shows_venue": [public.shows_venue, shows_venue]}
        )
        public.shows_venue = shows_venue
    return public


def switch_off(body: Body, *, by) -> bool:
    """Turn the body's public record off: every public page of it is gone at once.

    The entries are kept, so switching on again restores what was public.
    """
    public = db.session.get(PublicBody, body.id)
    if public is None:
        return False
    db.session.delete(public)
    record("public record switched off", body, actor=by)
    return True


@dataclass
class Candidate:
    """A record of a meeting the secretariat may make public, and why not when it may not."""

    kind: str
    object_id: int
    label: str
    detail: str = ""
    refused: str = ""  # why it can never be public as it stands (confidential, not approved)
    is_public: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}"


def meeting_candidates(meeting: Meeting) -> list[Candidate]:
    """Everything of the meeting that could go public: items with their papers and cover
    papers, the minutes, the decisions taken at it."""
    keys = set(
        db.session.execute(
            sa.select(PublicEntry.kind, PublicEntry.object_id).where(PublicEntry.body_id == meeting.body_id)
        ).all()
    )
    out: list[Candidate] = []
    items = db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    covers = {
        c.item_id: c
        for c in db.session.scalars(sa.select(CoverPaper).where(CoverPaper.item_id.in_([i.id for i in items])))
    }
    for number, item in enumerate(items, start=1):
        refused = "Confidential: never public." if item.is_confidential else ""
        out.append(Candidate(PublicKind.ITEM.value, item.id, f"{number}. {item.title}", "Agenda item", refused))
        for paper in item.papers:
            version = paper.current
            detail = f"Paper for item {number}" + (f": {version.filename}" if version else "")
            out.append(Candidate(PublicKind.PAPER.value, paper.id, paper.title, detail, refused))
        cover = covers.get(item.id)
        if cover is not None:
            detail = f"Cover paper for item {number} (the cleared version in the published agenda)"
            out.append(Candidate(PublicKind.COVER.value, cover.id, cover.title or item.title, detail, refused))
    minutes = db.session.scalar(sa.select(Minutes).where(Minutes.meeting_id == meeting.id))
    if minutes is not None:
        refused = (
            ""
            if minutes.status == MinutesStatus.APPROVED.value
            else "Not approved yet: minutes go public only once approved, in their version for wider circulation."
        )
        out.append(Candidate(PublicKind.MINUTES.value, minutes.id, "Minutes", "Version for wider circulation", refused))
    decisions = db.session.scalars(
        sa.select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.reference)
    ).all()
    for decision in decisions:
        refused = "Confidential: never public." if decision.is_confidential else ""
        out.append(
            Candidate(
                PublicKind.DECISION.value, decision.id, f"{decision.reference} {decision.title}", "Decision", refused
            )
        )
    for candidate in out:
        candidate.is_public = (candidate.kind, candidate.object_id) in keys
    return out


class UnknownChoice(ValueError):
    """A choice that is not one of the meeting's records (a stale or altered form)."""


def set_meeting_entries(meeting: Meeting, chosen: set[str], *, by) -> tuple[int, int]:
    """Make exactly the chosen records of the meeting public; returns (made public, withdrawn).

    A choice that is not one of the meeting's records, or one that may not be public
    (confidential, not approved), is refused before anything changes.
    """
    lock_row(meeting)  # a double click makes the same entries once
    candidates = {c.key: c for c in meeting_candidates(meeting)}
    unknown = chosen - set(candidates)
    if unknown:
        raise UnknownChoice("Some of the records chosen are not part of this meeting. Reload the page and try again.")
    refused = [candidates[k] for k in chosen if candidates[k].refused]
    if refused:
        raise UnknownChoice(f"“{refused[0].label}” cannot be public. {refused[0].refused}")
    added = withdrawn = 0
    for key, candidate in candidates.items():
        if key in chosen and not candidate.is_public:
            entry = PublicEntry(
                body_id=meeting.body_id,
                kind=candidate.kind,
                object_id=candidate.object_id,
                published_by_id=getattr(by, "id", None),
            )
            db.session.add(entry)
            record("made public", entry, actor=by, label=f"{candidate.detail}: {candidate.label}"[:300])
            added += 1
        elif key not in chosen and candidate.is_public:
            entry = db.session.scalar(
                sa.select(PublicEntry).where(
                    PublicEntry.kind == candidate.kind, PublicEntry.object_id == candidate.object_id
                )
            )
            if entry is not None:
                withdraw(entry, by=by, label=f"{candidate.detail}: {candidate.label}")
                withdrawn += 1
    return added, withdrawn


def withdraw(entry: PublicEntry, *, by, label: str | None = None) -> None:
    """Take one record off the public site at once."""
    record("withdrawn from public", entry, actor=by, label=(label or str(entry))[:300])
    db.session.delete(entry)

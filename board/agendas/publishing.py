"""Publishing agendas to members, and reading back what they were sent. Never commits.

Design: publishing freezes a *snapshot* of the agenda (every item's number, text,
purpose, presenter, duration, flags, and the exact paper versions) into an
``AgendaPublication`` row. Members only ever see the latest snapshot, so the
secretariat can keep editing the live agenda (a draft) without members seeing
half-made changes; nothing a member reads changes until the secretariat re-publishes.
Each publication is numbered; from the second on, members see "updated" on the page
and on each item that is new or changed since the one before.

Notification: members are e-mailed on the first publication and again on each explicit
"re-publish and notify members", not on every edit, so a morning of small fixes sends
one e-mail, not twenty. The builder says when there are unpublished changes.
"""

from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from flask import current_app, render_template
from sqlalchemy.orm import contains_eager

from board.agendas.extras import snapshot_extras
from board.agendas.models import AgendaItem, AgendaPublication, ItemKind, Purpose
from board.agendas.published import note_agenda_published
from board.agendas.services import AgendaError, Schedule, load_items, schedule
from board.audit.services import record
from board.common.filters import long_date
from board.common.mail import queue_mail
from board.common.models import lock_row
from board.common.timeutil import today_london
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Membership, Organisation, User


def build_snapshot(items: list[AgendaItem]) -> dict:
    """A JSON-safe copy of the agenda as it stands (items in order, current paper versions,
    and what other areas add to an item: see board/agendas/extras.py)."""
    extras = snapshot_extras(items)
    rows = []
    for item in items:
        papers = []
        for paper in item.papers:
            version = paper.current
            if version is not None:
                papers.append(
                    {
                        "paper_id": paper.id,
                        "title": paper.title,
                        "version_id": version.id,
                        "version": version.number,
                        "filename": version.filename,
                        "content_type": version.content_type,
                        "size_bytes": version.size_bytes,
                    }
                )
        rows.append(
            {
                "id": item.id,
                "kind": item.kind,
                "title": item.title,
                "description_html": item.description_html,
                "purpose": item.purpose,
                "presenter": item.presenter_label,
                "presenter_user_id": item.presenter_user_id,
                "presenter_organisation_id": item.presenter_organisation_id,
                "duration_minutes": item.duration_minutes,
                "is_confidential": item.is_confidential,
                "is_carried_forward": item.is_carried_forward,
                "papers": papers,
                **extras.get(item.id, {}),
            }
        )
    return {"items": rows}


@cache
def _latest_statement():
    """``latest_publication``'s statement, built once: every meeting page and pack runs it."""
    return (
        sa.select(AgendaPublication)
        .where(AgendaPublication.meeting_id == sa.bindparam("meeting_id"))
        .order_by(AgendaPublication.revision.desc())
        .limit(1)
    )


def latest_publication(meeting: Meeting) -> AgendaPublication | None:
    return db.session.scalar(_latest_statement(), {"meeting_id": meeting.id})


def latest_publication_for_page(meeting: Meeting) -> AgendaPublication | None:
    """The latest publication as a page reads it: it also answers, for this request, the
    partner-updates panel's "is the agenda published?" (which would otherwise ask again)."""
    publication = latest_publication(meeting)
    note_agenda_published(meeting, publication)
    return publication


def previous_publication(publication: AgendaPublication) -> AgendaPublication | None:
    return db.session.scalar(
        sa.select(AgendaPublication)
        .where(
            AgendaPublication.meeting_id == publication.meeting_id,
            AgendaPublication.revision < publication.revision,
        )
        .order_by(AgendaPublication.revision.desc())
        .limit(1)
    )


def has_unpublished_changes(items: list[AgendaItem], publication: AgendaPublication | None) -> bool:
    """Whether the live agenda differs from what members were last sent."""
    if publication is None:
        return bool(items)
    return build_snapshot(items) != publication.snapshot


def publish_agenda(meeting: Meeting, *, by, notify: bool = True) -> AgendaPublication:
    """Secretariat: publish (or re-publish) the agenda and e-mail the body's members a link."""
    lock_row(meeting)  # a double-clicked Publish: the second sees the first's revision
    items = load_items(meeting)
    if not items:
        raise AgendaError("Add at least one item before publishing the agenda")
    latest = latest_publication(meeting)
    snapshot = build_snapshot(items)
    if latest is not None and latest.snapshot == snapshot:
        raise AgendaError("Nothing has changed since the agenda was last published")
    publication = AgendaPublication(
        meeting_id=meeting.id,
        revision=(latest.revision + 1) if latest else 1,
        published_by_id=getattr(by, "id", None),
        snapshot=snapshot,
    )
    db.session.add(publication)
    record(
        "agenda_published" if latest is None else "agenda_republished",
        meeting,
        actor=by,
        changes={"revision": [latest.revision if latest else None, publication.revision]},
    )
    if notify:
        notify_members(meeting, publication)
    return publication


def members_to_notify(meeting: Meeting) -> list[User]:
    """Enabled people holding a current seat on the meeting's body, once each."""
    today = today_london()
    memberships = db.session.scalars(
        sa.select(Membership)
        .join(Membership.user)
        .where(Membership.body_id == meeting.body_id, User.is_enabled.is_(True))
        .options(contains_eager(Membership.user))
    ).all()
    people = {m.user.id: m.user for m in memberships if m.is_current(today)}
    return sorted(people.values(), key=lambda u: u.name)


def external_url(endpoint: str, **values) -> str:
    """A full link for an e-mail; works in a request, a CLI command or a test alike."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BOARD_BASE_URL"].rstrip("/") + path


def notify_members(meeting: Meeting, publication: AgendaPublication) -> int:
    """Queue one e-mail per member with a link to the published agenda; returns how many."""
    link = external_url("agendas.agenda", meeting_id=meeting.id)
    is_update = publication.revision > 1
    when = long_date(meeting.starts_at)
    subject = f"Updated agenda: {meeting.title}, {when}" if is_update else f"Agenda published: {meeting.title}, {when}"
    sent = 0
    for user in members_to_notify(meeting):
        context = dict(
            user=user,
            meeting=meeting,
            link=link,
            is_update=is_update,
            item_count=len(publication.snapshot.get("items", [])),
        )
        row = queue_mail(
            [(user.name, user.email)],
            subject,
            render_template("emails/agenda_published.txt", **context),
            render_template("emails/agenda_published.html", **context),
            kind="agenda_published",
            dedupe_key=f"agenda-published:{meeting.id}:{publication.revision}:{user.id}",
        )
        sent += row is not None
    return sent


# --- the published agenda as members see it -------------------------------------------


@dataclass
class PaperRef:
    """A paper as listed on an agenda: the version the reader may download."""

    title: str
    version_id: int
    version: int
    filename: str
    content_type: str
    size_bytes: int


class PublishedItem:
    """An item read from a snapshot, with the attribute names of AgendaItem."""

    def __init__(self, data: dict, meeting: Meeting):
        self._data = data
        # The snapshot's fields as plain attributes (the pack reads each several times).
        self.__dict__.update(data)
        self.meeting = meeting
        self.meeting_id = meeting.id

    def __getattr__(self, name):
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def purpose_label(self) -> str:
        return Purpose(self.purpose).label

    @property
    def kind_label(self) -> str:
        return ItemKind(self.kind).label

    @property
    def presenter_label(self) -> str:
        return self._data.get("presenter", "")

    @property
    def presenter_organisation(self) -> Organisation | None:
        oid = self._data.get("presenter_organisation_id")
        return db.session.get(Organisation, oid) if oid else None

    @property
    def presenter_user(self) -> User | None:
        uid = self._data.get("presenter_user_id")
        return db.session.get(User, uid) if uid else None


def _papers_of(item: AgendaItem) -> list[PaperRef]:
    refs = []
    for paper in item.papers:
        v = paper.current
        if v is not None:
            refs.append(PaperRef(paper.title, v.id, v.number, v.filename, v.content_type, v.size_bytes))
    return refs


def draft_schedule(meeting: Meeting, items: list[AgendaItem]) -> Schedule:
    """The live agenda with times and current papers (what the secretariat is building)."""
    plan = schedule(meeting, items)
    for row in plan.rows:
        row.papers = _papers_of(row.item)
    return plan


def published_schedule(meeting: Meeting, publication: AgendaPublication) -> tuple[Schedule, list[str]]:
    """The published agenda with times; marks items new or changed since the publication before.

    Returns the schedule and the titles of items removed since then.
    """
    before = previous_publication(publication) if publication.revision > 1 else None
    earlier = {row["id"]: row for row in before.snapshot["items"]} if before else None
    items = [PublishedItem(data, meeting) for data in publication.snapshot["items"]]
    plan = schedule(meeting, items)
    for row in plan.rows:
        data = row.item._data
        row.papers = [
            PaperRef(p["title"], p["version_id"], p["version"], p["filename"], p["content_type"], p["size_bytes"])
            for p in data["papers"]
        ]
        row.is_updated = earlier is not None and earlier.get(data["id"]) != data
    removed = []
    if earlier is not None:
        now = {row["id"] for row in publication.snapshot["items"]}
        removed = [row["title"] for key, row in earlier.items() if key not in now]
    return plan, removed


def published_version_ids(publication: AgendaPublication | None) -> set[int]:
    """The paper versions members may download: those in the latest publication."""
    if publication is None:
        return set()
    return {p["version_id"] for row in publication.snapshot["items"] for p in row["papers"]}

"""The agenda pack: one printable page per meeting, and the same as one PDF with the papers in it.

PDF choice: **WeasyPrint** (layout) and **pypdf** (the papers' pages merged in): see
``packpdf``. Headless Chromium would mean launching a whole browser per request on a web
server. WeasyPrint needs the Pango library (``apt install libpango-1.0-0
libpangoft2-1.0-0``); without it the PDF link says so and points to the printable page.

The PDF is rendered once, when the agenda is published or re-published
(:func:`store_pack`, the one call publishing makes), and stored in ``agenda_pack`` with its
SHA-256; a download reads the stored bytes. A publication from before packs were stored
(or one whose render failed) gets its PDF rendered and stored on the first download.

What the pack holds of partner updates: the presenting organisation's **accepted** update
under its item; a handed-in update not yet accepted only when the secretariat chose to
include it (kept with the stored pack, carried to the next publication), under a clear
"not yet accepted" notice. The updates come from the source create_app registers
(:func:`init_app`): the submissions area sits above this one.
"""

import hashlib
import re
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask, current_app, has_request_context, url_for
from flask_login import current_user

from board import permissions
from board.agendas import publishing, services
from board.agendas.models import AgendaPack, AgendaPublication
from board.agendas.packpdf import PdfUnavailable, render_pack_pdf, render_pdf
from board.common.models import utcnow
from board.common.timeutil import to_london
from board.extensions import db
from board.meetings.models import Meeting

__all__ = ["PdfUnavailable", "render_pack_pdf", "render_pdf", "store_pack", "stored_pack", "pack_bytes"]

ACCEPTED = "accepted"


def init_app(app: Flask, handed_in_updates: Callable[[Meeting], list]) -> None:
    """Where the pack reads a meeting's handed-in partner updates (``fn(meeting) -> [update]``)."""
    app.extensions["board.pack_updates"] = handed_in_updates


def handed_in_updates(meeting: Meeting) -> list:
    source = current_app.extensions.get("board.pack_updates")
    return list(source(meeting)) if source else []


def updates_by_item(meeting: Meeting, plan, included_ids) -> dict[int, list[tuple[object, bool]]]:
    """For each item: its presenting organisation's updates the pack prints, as (update, is_accepted).

    Accepted updates always; others only when their id is in ``included_ids``.
    """
    included = set(included_ids or ())
    by_org: dict[int, list] = {}
    for update in handed_in_updates(meeting):
        if update.status == ACCEPTED or update.id in included:
            by_org.setdefault(update.organisation_id, []).append((update, update.status == ACCEPTED))
    out = {}
    for row in plan.rows:
        org_id = getattr(row.item, "presenter_organisation_id", None)
        out[row.item.id] = by_org.get(org_id, []) if org_id else []
    return out


def pack_context(
    meeting: Meeting, publication, plan, removed, *, absolute_links: bool = False, included_ids=None
) -> dict:
    """What the pack templates need; links are absolute in the PDF so they work offline."""
    base = current_app.config["BOARD_BASE_URL"].rstrip("/") if absolute_links else ""
    if included_ids is None:
        held = latest_stored_pack(meeting)
        included_ids = held.included_update_ids if held is not None else []
    return dict(
        meeting=meeting,
        publication=publication,
        plan=plan,
        removed=removed,
        is_draft=publication is None,
        link_base=base,
        is_pdf=absolute_links,
        pack_updates=updates_by_item(meeting, plan, included_ids),
        pdf_title=f"{meeting.body.short_name}: {meeting.title} – agenda pack",
    )


# --- the stored PDF ----------------------------------------------------------------------


def stored_pack(publication: AgendaPublication) -> AgendaPack | None:
    """The stored pack of a publication (without its bytes), if it has one."""
    return db.session.scalar(sa.select(AgendaPack).where(AgendaPack.publication_id == publication.id))


def latest_stored_pack(meeting: Meeting) -> AgendaPack | None:
    """The meeting's most recent stored pack (for the secretariat's choices of updates to include)."""
    return db.session.scalar(
        sa.select(AgendaPack)
        .join(AgendaPack.publication)
        .where(AgendaPublication.meeting_id == meeting.id)
        .order_by(AgendaPublication.revision.desc())
        .limit(1)
    )


def pack_bytes(pack: AgendaPack) -> bytes:
    """The stored PDF's bytes (read only when a download asks)."""
    return db.session.scalar(sa.select(AgendaPack.data).where(AgendaPack.id == pack.id))


def store_pack(publication: AgendaPublication, *, by=None, included_update_ids=None) -> AgendaPack:
    """Render the publication's pack PDF and store it (replacing any stored before). Never commits.

    ``included_update_ids``: the not-yet-accepted updates to print; by default the choice
    held with the meeting's latest stored pack. Raises PdfUnavailable when this server
    cannot make PDFs (publishing goes on without a stored pack).
    """
    meeting = publication.meeting
    held = latest_stored_pack(meeting)
    if included_update_ids is None:
        included_update_ids = held.included_update_ids if held is not None else []
    included = sorted({int(i) for i in included_update_ids})
    plan, removed = publishing.published_schedule(meeting, publication)
    context = pack_context(meeting, publication, plan, removed, absolute_links=True, included_ids=included)
    if has_request_context():
        data, pages = render_pack_pdf(context)
    else:  # a command or a job: links are built as for the public address
        with current_app.test_request_context(base_url=current_app.config["BOARD_BASE_URL"]):
            data, pages = render_pack_pdf(context)
    pack = stored_pack(publication) if held is None or held.publication_id != publication.id else held
    if pack is None:
        pack = AgendaPack(publication_id=publication.id)
        db.session.add(pack)
    pack.data = data
    pack.sha256 = hashlib.sha256(data).hexdigest()
    pack.size_bytes = len(data)
    pack.page_count = pages
    pack.included_update_ids = included
    pack.rendered_at = utcnow()
    pack.rendered_by_id = getattr(by, "id", None)
    db.session.flush()
    return pack


def store_pack_when_published(publication: AgendaPublication, *, by) -> AgendaPack | None:
    """Publishing's one call: render and store the new publication's pack. A server that
    cannot make PDFs still publishes (the first download then says so)."""
    try:
        return store_pack(publication, by=by)
    except PdfUnavailable as error:
        current_app.logger.warning("agenda pack not stored for %s: %s", publication, error)
        return None


def pack_choices(meeting: Meeting, plan) -> list:
    """Handed-in updates not yet accepted whose organisation presents an item: what the
    secretariat may choose to print in the pack with a "not yet accepted" notice."""
    presenting = {getattr(row.item, "presenter_organisation_id", None) for row in plan.rows}
    return [u for u in handed_in_updates(meeting) if u.status != ACCEPTED and u.organisation_id in presenting]


def pdf_filename(meeting: Meeting) -> str:
    """'agenda-pack-strategic-board-2027-03-03.pdf'."""
    day = to_london(meeting.starts_at).date().isoformat()
    slug = re.sub(r"[^a-z0-9]+", "-", meeting.body.short_name.lower()).strip("-")
    return f"agenda-pack-{slug}-{day}.pdf"


def agenda_summary(meeting: Meeting, user=None) -> dict:
    """For the meeting page: what this reader may see of the agenda, and links."""
    user = user if user is not None else current_user._get_current_object()
    may_edit = permissions.can_edit_agenda(user, meeting)
    may_view = permissions.can_view_agenda(user, meeting)
    if not may_view:
        return {"visible": False}
    publication = publishing.latest_publication_for_page(meeting)
    if may_edit:
        items = services.read_items(meeting)
        plan = publishing.draft_schedule(meeting, items)
        has_changes = publishing.has_unpublished_changes(items, publication)
    elif publication is not None:
        plan, _removed = publishing.published_schedule(meeting, publication)
        has_changes = False
    else:
        return {"visible": True, "published": False, "may_edit": False, "plan": None}
    return {
        "visible": True,
        "published": publication is not None,
        "publication": publication,
        "may_edit": may_edit,
        "plan": plan,
        "has_changes": has_changes,
        "paper_count": sum(len(r.papers) for r in plan.rows),
        "links": {
            "builder": url_for("agendas.builder", meeting_id=meeting.id) if may_edit else None,
            "agenda": url_for("agendas.agenda", meeting_id=meeting.id),
            "pack": url_for("agendas.agenda_pack", meeting_id=meeting.id),
            "pdf": url_for("agendas.agenda_pack_pdf", meeting_id=meeting.id),
        },
    }

"""The agenda pack: one printable page per meeting, and the same as a PDF.

PDF choice: **WeasyPrint**. It turns the pack's own HTML and a print stylesheet into a
PDF inside the app process, with CSS paged media (@page margins, page numbers, page
breaks before each item). Headless Chromium would also work (it is installed for the
browser tests), but on a web server it means launching a whole browser per request
(hundreds of MB, a sandbox to configure, a subprocess to time out and reap), and it
would have to fetch the pack over HTTP with the reader's session. WeasyPrint needs only
a Python package plus the Pango library that Debian/Ubuntu install with it
(``apt install libpango-1.0-0 libpangoft2-1.0-0``). If Pango is missing at runtime the
PDF link says so and points to the printable page; nothing else depends on it.
"""

import os
import re

from flask import current_app, render_template, url_for
from flask_login import current_user

from board import permissions
from board.agendas import publishing, services
from board.common.timeutil import to_london
from board.meetings.models import Meeting

PACK_CSS = "css/agenda-pack.css"


class PdfUnavailable(RuntimeError):
    """This server cannot make PDFs (WeasyPrint or its system libraries are missing)."""


def pack_context(meeting: Meeting, publication, plan, removed, *, absolute_links: bool = False) -> dict:
    """What the pack templates need; links are absolute in the PDF so they work offline."""
    base = current_app.config["BOARD_BASE_URL"].rstrip("/") if absolute_links else ""
    return dict(
        meeting=meeting,
        publication=publication,
        plan=plan,
        removed=removed,
        is_draft=publication is None,
        link_base=base,
        is_pdf=absolute_links,
    )


def render_pdf(context: dict, template: str = "agendas/pack_pdf.html") -> bytes:
    """A print template (the pack by default) as PDF bytes, or PdfUnavailable when WeasyPrint cannot run here."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its friends are missing
        current_app.logger.warning("agenda pack PDF unavailable: %s", error)
        raise PdfUnavailable("PDF software is not installed") from error
    html = render_template(template, **context)
    css = os.path.join(current_app.static_folder, PACK_CSS)
    try:
        document = weasyprint.HTML(string=html, base_url=current_app.static_folder)
        return document.write_pdf(stylesheets=[weasyprint.CSS(filename=css)], url_fetcher=_no_fetching)
    except OSError as error:
        current_app.logger.warning("agenda pack PDF failed: %s", error)
        raise PdfUnavailable("PDF software could not run") from error


def _no_fetching(url, *args, **kwargs):
    """The pack needs nothing from outside; refuse every fetch (no SSRF, no file reads)."""
    raise ValueError(f"not fetched: {url}")


def pdf_filename(meeting: Meeting) -> str:
    """'agenda-pack-strategic-board-2027-03-03.pdf'."""
    day = to_london(meeting.starts_at).date().isoformat()
    slug = re.sub(r"[^a-z0-9]+", "-", meeting.body.short_name.lower()).strip("-")
    return f"agenda-pack-{slug}-{day}.pdf"


def agenda_summary(meeting: Meeting, user=None) -> dict:
    """For the meeting page: what this reader may see of the agenda, and links."""
    user = user if user is not None else current_user
    may_edit = permissions.can_edit_agenda(user, meeting)
    may_view = permissions.can_view_agenda(user, meeting)
    if not may_view:
        return {"visible": False}
    publication = publishing.latest_publication_for_page(meeting)
    if may_edit:
        items = services.load_items(meeting)
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

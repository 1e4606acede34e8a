"""Minutes as files: markdown, the printable page, and a PDF made the way the agenda pack is.

The PDF is made by the agendas area's ``render_pdf`` (WeasyPrint, the pack's print
stylesheet, no fetching, ``PdfUnavailable``) with the minutes' own template.
"""

import re

from board.agendas import pack
from board.common.timeutil import to_london
from board.minutes import services
from board.minutes.models import Minutes
from board.minutes.owners import without_emails
from board.minutes.reading import reader_source
from board.minutes.sections import without_confidential

PdfUnavailable = pack.PdfUnavailable


def markdown_text(minutes: Minutes, public: bool) -> str:
    """The markdown for readers (or with confidential sections withheld), with a title line."""
    meeting = minutes.meeting
    day = to_london(meeting.starts_at).date().strftime("%-d %B %Y")
    readable = reader_source(minutes.source, meeting.body_id)  # readers' form: no syntax, no e-mail addresses
    source = without_confidential(readable, services.agenda_refs(meeting)) if public else readable
    head = f"# Minutes: {meeting.body.name}, {meeting.title}, {day}\n\n"
    status = f"Status: {minutes.status_label} (revision {minutes.revision})\n\n"
    declarations = (
        f"## Declarations of interest\n\n{without_emails(minutes.declarations)}\n\n" if minutes.declarations else ""
    )
    return head + status + declarations + source.rstrip() + "\n"


def filename(minutes: Minutes, ext: str, public: bool) -> str:
    """'minutes-strategic-board-2027-03-03.pdf' (with '-public' for the wider version)."""
    meeting = minutes.meeting
    day = to_london(meeting.starts_at).date().isoformat()
    slug = re.sub(r"[^a-z0-9]+", "-", meeting.body.short_name.lower()).strip("-")
    return f"minutes-{slug}-{day}{'-public' if public else ''}.{ext}"


def print_context(minutes: Minutes, public: bool, absolute_links: bool = False) -> dict:
    """What the printable page and the PDF need (stored HTML only; nothing is rendered again)."""
    return dict(
        minutes=minutes,
        meeting=minutes.meeting,
        is_public=public,
        body_html=services.wider_html(minutes) if public else minutes.html,
        groups=services.attendance_groups(minutes),
        changes_after_approval=services.locked_changes(minutes),
        is_pdf=absolute_links,
    )


def render_pdf(context: dict) -> bytes:
    """The minutes as PDF bytes, or PdfUnavailable when WeasyPrint cannot run here."""
    return pack.render_pdf(context, template="minutes/print_pdf.html")

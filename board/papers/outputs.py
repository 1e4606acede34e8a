"""A cover paper as a page, a PDF and a Word file, all from one numbered list of sections
(board/papers/document.py), so the three carry the same paragraph numbers.

The PDF is made as the agenda pack's is (the agendas area's ``render_pdf``: WeasyPrint,
the pack's print stylesheet, nothing fetched). The Word file is written with python-docx:
real Heading styles for the title and sections, each numbered paragraph starting with
its number, lists as Word bullet lists, the plan alignment among them.
"""

import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from docx import Document
from docx.shared import Cm, Pt

from board.agendas import pack
from board.common.timeutil import to_london
from board.papers.document import Section, numbered_sections
from board.papers.models import CoverPaper, CoverPaperVersion

PdfUnavailable = pack.PdfUnavailable


@dataclass
class Rendition:
    """What one reading of a paper shows: its title, organisation, sections, and which version."""

    paper: CoverPaper
    title: str
    produced_by: str
    sections: list[Section]
    version: CoverPaperVersion | None  # None: the live draft

    def heading_of(self, section: Section) -> str:
        """The first section says who produced the report ("Purpose of the report produced by WYP")."""
        if self.produced_by and self.sections and section is self.sections[0] and section.kind == "text":
            return f"{section.heading} produced by {self.produced_by}"
        return section.heading


def rendition(paper: CoverPaper, version: CoverPaperVersion | None, attachments: list[dict] | None = None) -> Rendition:
    """The paper as ``version`` froze it, or the live draft (``version`` None) with its attachments."""
    content = version.content if version is not None else (paper.content or {})
    if version is not None:
        attachments = content.get("attachments") or []
    return Rendition(
        paper=paper,
        title=(version.title if version is not None else paper.title) or paper.item.title,
        produced_by=content.get("produced_by") or "",
        sections=_sections(json.dumps([content, attachments or []], sort_keys=True)),
        version=version,
    )


@lru_cache(maxsize=256)
def _sections(content_and_attachments: str) -> list[Section]:
    """Numbered sections, rendered once per distinct content (keyed by the content itself, so
    never stale): a cleared version is read by every member and rendered once per process."""
    content, attachments = json.loads(content_and_attachments)
    return numbered_sections(content, attachments)


def live_attachments(paper: CoverPaper) -> list[dict]:
    return [
        {
            "title": a.title,
            "version_id": a.current.id,
            "version": a.current.number,
            "filename": a.current.filename,
            "content_type": a.current.content_type,
            "size_bytes": a.current.size_bytes,
        }
        for a in paper.attachments
        if a.current is not None
    ]


def filename(paper: CoverPaper, ext: str, version: CoverPaperVersion | None) -> str:
    """'cover-paper-drugs-and-alcohol-2027-03-03-v2.docx'."""
    slug = re.sub(r"[^a-z0-9]+", "-", (paper.title or paper.item.title).lower()).strip("-")[:60] or "paper"
    day = to_london(paper.item.meeting.starts_at).date().isoformat()
    suffix = f"-v{version.number}" if version is not None else "-draft"
    return f"cover-paper-{slug}-{day}{suffix}.{ext}"


def render_pdf(reading: Rendition, link_base: str) -> bytes:
    """The paper as a PDF (PdfUnavailable when this server cannot make PDFs)."""
    return pack.render_pdf(
        {"reading": reading, "meeting": reading.paper.item.meeting, "link_base": link_base},
        template="papers/paper_pdf.html",
    )


def _numbered(document, number: int, text: str) -> None:
    paragraph = document.add_paragraph(style="Normal")
    paragraph.paragraph_format.left_indent = Cm(1)
    paragraph.paragraph_format.first_line_indent = Cm(-1)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.add_run(f"{number}.\t")
    paragraph.add_run(text)


def docx_bytes(reading: Rendition, link_base: str) -> bytes:
    """The paper as a Word document: headings, numbered paragraphs, bullet lists."""
    document = Document()
    document.core_properties.title = reading.title
    document.add_heading(reading.title, level=0)
    meeting = reading.paper.item.meeting
    document.add_paragraph(f"{meeting.body.name}: {meeting.title}, {to_london(meeting.starts_at):%-d %B %Y}")
    if reading.version is not None:
        document.add_paragraph(f"Version {reading.version.number}")
    else:
        document.add_paragraph("DRAFT – not yet cleared")
    for section in reading.sections:
        document.add_heading(reading.heading_of(section), level=1)
        for block in section.blocks:
            if block.kind == "para":
                _numbered(document, block.number, block.text)
            elif block.kind == "note":
                document.add_paragraph(block.text).paragraph_format.left_indent = Cm(1)
            else:
                for item in block.items or [block.text]:
                    document.add_paragraph(item, style="List Bullet")
        if section.contact is not None:
            contact = section.contact
            document.add_paragraph(" – ".join(p for p in (contact.get("name"), contact.get("email")) if p))
        for attachment in section.attachments:
            document.add_paragraph(f"{attachment['title']} ({attachment['filename']})", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

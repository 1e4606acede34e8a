"""The agenda pack as one printable PDF: WeasyPrint lays out the pack, pypdf puts the papers in.

How the numbering stays right: every page of every PDF paper is given its own page in
the HTML before WeasyPrint lays it out (an empty "sheet" that says only which paper and
page it holds). WeasyPrint therefore counts the papers' pages itself, so the contents'
page numbers (``target-counter``), "page X of Y" and the meeting's name in the margins are
right on every page. pypdf then draws each paper page, scaled to fit, into its sheet's
content area. Papers that are not PDFs (Word, OpenDocument, spreadsheets) get one page
saying they are attached separately, with their name and size; so does a PDF that
cannot be read (damaged, or locked with a password).
"""

import io
import os
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app, render_template
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError

from board.agendas.files import NAMES
from board.agendas.models import PaperContent
from board.extensions import db

PACK_CSS = "css/agenda-pack.css"
PDF_TYPE = "application/pdf"
MM = 72 / 25.4
# The sheet's content area (agenda-pack.css: @page margin 18mm 16mm 20mm; the label on top).
SHEET_TOP, SHEET_SIDE, SHEET_BOTTOM, SHEET_LABEL = 18 * MM, 16 * MM, 20 * MM, 9 * MM
# A paper longer than this is not printed in full: the pack says where the rest is.
MAX_PAGES_PER_PAPER = 200


class PdfUnavailable(RuntimeError):
    """This server cannot make PDFs (WeasyPrint or its system libraries are missing)."""


@dataclass
class PaperInPack:
    """A paper as the pack prints it: its pages (PDF papers), or why it is attached separately."""

    version_id: int
    pages: list = field(default_factory=list)
    total_pages: int = 0
    reason: str = ""  # set when the paper is not printed page by page
    kind_name: str = "a file"  # "a Word document"

    @property
    def is_merged(self) -> bool:
        return bool(self.pages)

    def sheet_id(self, number: int) -> str:
        return f"sheet-{self.version_id}-{number}"


def read_papers(plan) -> dict[int, PaperInPack]:
    """Each paper version in the plan, opened with pypdf when it is a PDF (one query for the bytes)."""
    refs = [p for row in plan.rows for p in row.papers]
    pdf_ids = [p.version_id for p in refs if p.content_type == PDF_TYPE]
    data = {}
    if pdf_ids:
        data = dict(
            db.session.execute(
                sa.select(PaperContent.version_id, PaperContent.data).where(PaperContent.version_id.in_(pdf_ids))
            ).all()
        )
    out = {}
    for ref in refs:
        paper = PaperInPack(ref.version_id, kind_name=NAMES.get(ref.filename.rpartition(".")[2].lower(), "a file"))
        if ref.content_type != PDF_TYPE:
            paper.reason = "not_pdf"
        elif ref.version_id not in data:
            paper.reason = "missing"
        else:
            try:
                reader = PdfReader(io.BytesIO(data[ref.version_id]))
                if reader.is_encrypted and not reader.decrypt(""):
                    raise PyPdfError("locked")
                paper.total_pages = len(reader.pages)
                # Pages of a writer can be turned upright (their /Rotate moved into the content).
                paper.pages = list(PdfWriter(clone_from=reader).pages)[:MAX_PAGES_PER_PAPER]
            except (PyPdfError, ValueError, KeyError, TypeError, OSError):
                paper.pages, paper.reason = [], "unreadable"
            if not paper.pages and not paper.reason:
                paper.reason = "unreadable"
        out[ref.version_id] = paper
    return out


def render_pack_pdf(context: dict, template: str = "agendas/pack_pdf.html") -> tuple[bytes, int]:
    """The pack as PDF bytes and its page count, papers merged in; PdfUnavailable when WeasyPrint cannot run."""
    weasyprint = _weasyprint()
    papers = read_papers(context["plan"])
    html = render_template(template, papers_in_pack=papers, **context)
    try:
        document = weasyprint.HTML(string=html, base_url=current_app.static_folder, url_fetcher=_no_fetching).render(
            stylesheets=[weasyprint.CSS(filename=os.path.join(current_app.static_folder, PACK_CSS))]
        )
        laid_out = document.write_pdf()
    except OSError as error:
        current_app.logger.warning("agenda pack PDF failed: %s", error)
        raise PdfUnavailable("PDF software could not run") from error
    sheets = {}  # sheet anchor -> page index in the laid-out pack
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("sheet-"):
                sheets[anchor] = index
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(laid_out)))
    for paper in papers.values():
        for number, source in enumerate(paper.pages, start=1):
            index = sheets.get(paper.sheet_id(number))
            if index is not None:
                _draw_into_sheet(writer.pages[index], source)
    writer.add_metadata({"/Title": context["pdf_title"]})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(document.pages)


def render_pdf(context: dict, template: str) -> bytes:
    """A print template with no papers to merge (the minutes) as PDF bytes."""
    weasyprint = _weasyprint()
    html = render_template(template, **context)
    css = os.path.join(current_app.static_folder, PACK_CSS)
    try:
        document = weasyprint.HTML(string=html, base_url=current_app.static_folder)
        return document.write_pdf(stylesheets=[weasyprint.CSS(filename=css)], url_fetcher=_no_fetching)
    except OSError as error:
        current_app.logger.warning("PDF failed: %s", error)
        raise PdfUnavailable("PDF software could not run") from error


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its friends are missing
        current_app.logger.warning("agenda pack PDF unavailable: %s", error)
        raise PdfUnavailable("PDF software is not installed") from error
    return weasyprint


def _draw_into_sheet(sheet, source) -> None:
    """Draw a paper's page into a sheet's content area, scaled to fit and centred across."""
    source.transfer_rotation_to_content()
    box = source.cropbox
    width, height = float(box.width), float(box.height)
    if width <= 0 or height <= 0:
        return
    sheet_width, sheet_height = float(sheet.mediabox.width), float(sheet.mediabox.height)
    area_width = sheet_width - 2 * SHEET_SIDE
    area_height = sheet_height - SHEET_TOP - SHEET_BOTTOM - SHEET_LABEL
    scale = min(area_width / width, area_height / height)
    left = SHEET_SIDE + (area_width - width * scale) / 2
    bottom = SHEET_BOTTOM + (area_height - height * scale)
    move = Transformation().translate(-float(box.left), -float(box.bottom)).scale(scale, scale).translate(left, bottom)
    sheet.merge_transformed_page(source, move)


def _no_fetching(url, *args, **kwargs):
    """The pack needs nothing from outside; refuse every fetch (no SSRF, no file reads)."""
    raise ValueError(f"not fetched: {url}")
